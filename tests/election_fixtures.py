"""An election of the Louvre section with three candidates and ten members who can sign in."""

from __future__ import annotations

import datetime as dt

import pytest

from commune import clock

OPENS = dt.datetime(1871, 3, 26, 8, 0, tzinfo=dt.UTC)
CLOSES = dt.datetime(1871, 3, 26, 18, 0, tzinfo=dt.UTC)
BEFORE = OPENS - dt.timedelta(days=2)
DURING = OPENS + dt.timedelta(hours=1)
AFTER = CLOSES + dt.timedelta(hours=1)


@pytest.fixture
def louvre(commune):
    from commune.members.models import Section

    return Section.objects.get(commune=commune, number=1)


@pytest.fixture
def voters(louvre, operator, django_user_model):
    """Ten members of the Louvre, each with an account linked to their member record."""
    from commune.members import actions
    from commune.members.models import Person

    people = []
    with clock.frozen(BEFORE - dt.timedelta(days=1)):
        for n in range(10):
            membership = actions.do_admit_member(
                louvre, actor=operator, full_name=f"Citoyen {n}", email=f"c{n}@example.org"
            )
            user = django_user_model.objects.create_user(f"c{n}", password="x" * 20)
            Person.objects.filter(pk=membership.person_id).update(user=user)
            people.append(user)
    return people


@pytest.fixture
def election(commune, louvre, voters, operator):
    """Called before it opens, with three members standing."""
    from commune.elections import actions
    from commune.members.models import Person

    with clock.frozen(BEFORE):
        e = actions.do_call_election(
            commune,
            actor=operator,
            title="Louvre, 26 mars",
            section=louvre,
            opens_at=OPENS,
            closes_at=CLOSES,
            seats=2,
        )
        for n in range(3):
            actions.do_file_candidacy(
                e, actor=operator, person=Person.objects.get(full_name=f"Citoyen {n}")
            )
    return e
