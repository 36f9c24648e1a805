"""Communes, sections, seats and rolls, through the actions, with their journal entries."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from commune.errors import Conflict, InvalidInput, PermissionDenied
from commune.journal.models import JournalEntry
from commune.members import actions, queries
from commune.members.errors import AlreadyMember, ImportRejected, SeatTie
from commune.members.imports import parse_member_csv
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


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ({"elections": {"method": "blok"}}, "unknown election method 'blok'"),
        ({"elections": {"ballot_rules": "lax"}}, "unknown ballot rules 'lax'"),
        ({"wages": {"currency": "???"}}, "wages.currency"),
        ({"apportionment": {"method": "dhondt", "total_seats": 10**9}}, "less than or equal"),
    ],
)
def test_constitution_refuses_what_it_cannot_apply(commune, operator, rules, message):
    with pytest.raises(InvalidInput, match=message):
        actions.do_amend_constitution(commune, actor=operator, rules=rules, reason="x")


def test_only_administrators_amend_the_constitution_for_now(commune, clerk_user):
    with pytest.raises(PermissionDenied):
        actions.do_amend_constitution(
            commune, actor=clerk_user, rules={"wages": {"cap": 1}}, reason="raise"
        )


@pytest.mark.parametrize(
    ("call", "kwargs"),
    [
        ("do_apportion_seats", {}),
        ("do_import_members", {"rows": []}),
        ("do_update_section_figures", None),
        ("do_appoint_clerk", None),
    ],
)
def test_each_action_refuses_a_citizen(commune, plain_user, call, kwargs):
    """Only clerks (or administrators) keep records; a plain signed-in member is refused."""
    from commune.journal.models import JournalEntry as Entry

    size = Entry.objects.count()
    section = Section.objects.filter(commune=commune).first()
    with pytest.raises(PermissionDenied):
        if call == "do_update_section_figures":
            actions.do_update_section_figures(
                section, actor=plain_user, population=1, num_registered_declared=1, source=""
            )
        elif call == "do_appoint_clerk":
            actions.do_appoint_clerk(commune, actor=plain_user, user=plain_user)
        else:
            getattr(actions, call)(commune, actor=plain_user, **kwargs)
    assert Entry.objects.count() == size


def test_membership_actions_refuse_a_citizen(commune, operator, plain_user):
    s1, s2 = Section.objects.filter(commune=commune)[:2]
    m = actions.do_admit_member(s1, actor=operator, full_name="Jean Allemane")
    with pytest.raises(PermissionDenied):
        actions.do_admit_member(s1, actor=plain_user, full_name="X")
    with pytest.raises(PermissionDenied):
        actions.do_move_member(m, actor=plain_user, section=s2)
    with pytest.raises(PermissionDenied):
        actions.do_end_membership(m, actor=plain_user)
    actions.do_end_membership(m, actor=operator)
    with pytest.raises(Conflict, match="already ended"):
        actions.do_end_membership(m, actor=operator)


def test_bad_commune_slug_is_a_clear_error(operator):
    with pytest.raises(InvalidInput, match="slug"):
        actions.do_found_commune(actor=operator, slug="bad slug!", name="Bad")
    with pytest.raises(InvalidInput, match="name"):
        actions.do_found_commune(actor=operator, slug="ok", name="x" * 300)


def test_an_email_recorded_under_another_name_is_refused(commune, operator):
    """Within one commune an email names one person."""
    s1, s2 = Section.objects.filter(commune=commune).order_by("number")[:2]
    member = actions.do_admit_member(
        s1, actor=operator, full_name="Nathalie Le Mel", email="nlm@x.org"
    )
    actions.do_end_membership(member, actor=operator)
    with pytest.raises(InvalidInput, match="recorded in this commune under another name"):
        actions.do_admit_member(s2, actor=operator, full_name="Someone Else", email="nlm@x.org")


def test_another_communes_people_are_invisible(commune, operator):
    """The same email in another commune is another person there: no refusal, no clue."""
    s1 = Section.objects.filter(commune=commune).first()
    actions.do_admit_member(s1, actor=operator, full_name="Nathalie Le Mel", email="nlm@x.org")
    other = actions.do_found_commune(actor=operator, slug="other", name="Other")
    s = actions.do_create_section(other, actor=operator, number=1, name="One")
    there = actions.do_admit_member(s, actor=operator, full_name="N. Le Mel", email="nlm@x.org")
    assert there.person.full_name == "N. Le Mel"
    assert there.person.commune == other
    rows, problems = parse_member_csv("name,email,section\nAnyone,nlm@x.org,1\n")
    with pytest.raises(ImportRejected) as refused:
        actions.do_import_members(other, actor=operator, rows=rows, problems=problems)
    # Refused because of *this* commune's roll, and the message names only this commune.
    assert "Le Mel" not in str(refused.value.details)
    assert "Test Commune" not in str(refused.value.details)
    assert "section 1. One" in str(refused.value.details)


def test_a_constitution_names_methods_as_the_command_line_does(operator, db):
    """`Hamilton` and `D'Hondt` in any capitals are the methods meant, stored by their name."""
    c = actions.do_found_commune(
        actor=operator,
        slug="caps",
        name="Caps",
        constitution={"apportionment": {"method": "D'Hondt", "total_seats": 5}},
    )
    assert c.constitution["apportionment"]["method"] == "dhondt"
