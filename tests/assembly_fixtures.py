"""A council of five delegates who can sign in, a commission, and a sitting in progress."""

from __future__ import annotations

import pytest


@pytest.fixture
def delegates(commune, operator, django_user_model):
    """Five members of the Louvre with accounts, seated in the council by a clerk."""
    from commune.assemblies import actions as a
    from commune.members import actions
    from commune.members.models import Person, Section

    louvre = Section.objects.get(commune=commune, number=1)
    council = a.do_ensure_council(commune, actor=operator)
    users = []
    for n in range(5):
        membership = actions.do_admit_member(louvre, actor=operator, full_name=f"Délégué {n}")
        user = django_user_model.objects.create_user(f"d{n}", password="x" * 20)
        Person.objects.filter(pk=membership.person_id).update(user=user)
        a.do_take_seat(council, membership.person, actor=operator, origin="clerk")
        users.append(user)
    return users


@pytest.fixture
def council(commune, delegates):
    from commune.assemblies import queries

    return queries.get_council(commune)


@pytest.fixture
def sitting(council, operator):
    """A sitting of the council, open, with nobody yet marked present."""
    from commune import clock
    from commune.assemblies import actions as a

    s = a.do_convene_sitting(council, actor=operator, scheduled_for=clock.now())
    return a.do_open_sitting(s, actor=operator)


@pytest.fixture
def motion(council, delegates):
    from commune.assemblies import actions as a

    return a.do_table_motion(
        council,
        actor=delegates[0],
        title="Rents",
        text="Rents due for October are remitted.\n\nLeases may be renewed by the tenant.",
    )


def present(sitting, people_users, operator):
    """Mark these users present at `sitting`."""
    from commune.assemblies import actions as a
    from commune.members.models import Person

    people = [Person.objects.get(user=u) for u in people_users]
    a.do_record_attendance(sitting, people, actor=operator)


@pytest.fixture
def commission(commune, council, delegates, operator):
    """A commission of two delegates (d3, d4)."""
    from commune.assemblies import actions as a
    from commune.members.models import Person

    body = a.do_create_body(commune, actor=operator, kind="commission", name="Travail et échange")
    for user in delegates[3:]:
        a.do_take_seat(body, Person.objects.get(user=user), actor=operator, origin="appointment")
    return body


@pytest.fixture
def decree(council, operator):
    import datetime as dt

    from commune.assemblies import actions as a

    return a.do_enter_decree_of_record(
        council,
        actor=operator,
        title="Night work in bakeries",
        text="Night work is abolished in bakeries.",
        adopted_on=dt.datetime(1871, 4, 20, 12, tzinfo=dt.UTC),
        source="Journal officiel, 21 April 1871",
    )
