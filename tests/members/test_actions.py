"""Communes, sections, seats and rolls, through the actions, with their journal entries."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from commune.errors import Conflict, InvalidInput, PermissionDenied
from commune.journal.models import JournalEntry
from commune.members import actions, queries
from commune.members.errors import AlreadyMember, SeatTie
from commune.members.models import Membership, Section

pytestmark = pytest.mark.django_db


def kinds(commune) -> list[str]:
    return list(JournalEntry.objects.filter(commune=commune).values_list("kind", flat=True))


def test_founding_and_sections_are_journaled(commune):
    """Each act is one entry, in order, with gap-free indices."""
    assert kinds(commune) == [
        "commune.founded",
        "section.created",
        "section.created",
        "section.created",
        "seats.apportioned",
    ]
    indices = list(JournalEntry.objects.filter(commune=commune).values_list("index", flat=True))
    assert indices == list(range(5))


def test_seats_follow_the_constitution(commune):
    """Hamilton, 10 seats over 81,665 / 81,609 / 92,680 inhabitants."""
    seats = {s.number: s.seats for s in Section.objects.filter(commune=commune)}
    assert seats == {1: 3, 2: 3, 3: 4}


def test_amending_the_constitution_reapportions_by_the_new_rule(commune, operator):
    rules = dict(commune.constitution)
    rules["apportionment"] = {"method": "dhondt", "total_seats": 7}
    actions.do_amend_constitution(commune, actor=operator, rules=rules, reason="smaller council")
    assert actions.do_apportion_seats(commune, actor=operator) == {1: 2, 2: 2, 3: 3}
    assert commune.versions.count() == 2
    assert kinds(commune)[-2:] == ["constitution.amended", "seats.apportioned"]


def test_invalid_constitution_names_the_field(commune, operator):
    rules = {"apportionment": {"method": "dhondt"}}
    with pytest.raises(InvalidInput, match=r"apportionment: .*needs total_seats"):
        actions.do_amend_constitution(commune, actor=operator, rules=rules, reason="x")
    with pytest.raises(InvalidInput, match=r"recall\.petition_treshold: Extra inputs"):
        actions.do_amend_constitution(
            commune, actor=operator, rules={"recall": {"petition_treshold": "1/3"}}, reason="x"
        )
    assert commune.versions.count() == 1


def test_seat_tie_is_refused_and_changes_nothing(commune, operator):
    rules = {"apportionment": {"method": "hamilton", "total_seats": 2}}
    actions.do_amend_constitution(commune, actor=operator, rules=rules, reason="tie")
    for section in Section.objects.filter(commune=commune):
        actions.do_update_section_figures(
            section, actor=operator, population=1000, num_registered_declared=None, source="x"
        )
    size = JournalEntry.objects.filter(commune=commune).count()
    with pytest.raises(SeatTie) as error:
        actions.do_apportion_seats(commune, actor=operator)
    assert error.value.details == {"sections": ["1", "2", "3"], "seats": 2}
    assert JournalEntry.objects.filter(commune=commune).count() == size
    assert sorted(Section.objects.values_list("seats", flat=True)) == [3, 3, 4]


def test_duplicate_section_number_is_a_conflict(commune, operator):
    with pytest.raises(Conflict, match="already has a section number 1"):
        actions.do_create_section(commune, actor=operator, number=1, name="Other")


def test_only_clerks_keep_the_records(commune, plain_user, clerk_user):
    with pytest.raises(PermissionDenied):
        actions.do_create_section(commune, actor=plain_user, number=9, name="Nine")
    section = actions.do_create_section(commune, actor=clerk_user, number=9, name="Nine")
    assert section.pk is not None
    assert kinds(commune)[-1] == "section.created"


def test_one_open_membership_per_commune_is_a_database_constraint(commune, operator):
    """The constraint holds even for a write that bypasses the actions."""
    s1, s2 = Section.objects.filter(commune=commune)[:2]
    m = actions.do_admit_member(s1, actor=operator, full_name="Louise Michel", email="lm@x.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            person=m.person, commune=commune, section=s2, started_at=m.started_at
        )
    with pytest.raises(AlreadyMember):
        actions.do_admit_member(s2, actor=operator, full_name="Louise Michel", email="LM@x.org")


def test_moving_keeps_history_and_the_roll_of_any_instant(commune, operator):
    import datetime as dt

    from commune import clock

    s1, s2 = Section.objects.filter(commune=commune)[:2]
    t0 = dt.datetime(1871, 3, 1, tzinfo=dt.UTC)
    with clock.frozen(t0):
        m = actions.do_admit_member(s1, actor=operator, full_name="Eugène Varlin")
    with clock.frozen(t0 + dt.timedelta(days=10)):
        actions.do_move_member(m, actor=operator, section=s2)
    mid = t0 + dt.timedelta(days=5)
    later = t0 + dt.timedelta(days=20)
    assert [p.full_name for p in queries.electoral_roll(s1, at=mid)] == ["Eugène Varlin"]
    assert queries.electoral_roll(s2, at=mid) == []
    assert queries.electoral_roll(s1, at=later) == []
    assert queries.count_registered(s2, at=later) == 1
    assert Membership.objects.filter(person=m.person).count() == 2
    assert kinds(commune)[-2:] == ["roll.member_left", "roll.member_admitted"]
