"""A council deliberates through the actions: motions, amendments, sittings, divisions,
decrees. Each refusal names the problem and changes nothing."""

from __future__ import annotations

import json

import pytest
from tests.assembly_fixtures import present

from commune.assemblies import actions as a
from commune.assemblies import queries
from commune.assemblies.errors import (
    AlreadyVoted,
    BadAmendment,
    NoQuorum,
    NotAMember,
    StaleAmendment,
    WrongState,
)
from commune.assemblies.models import Decree, DivisionVote, Motion
from commune.errors import Conflict, InvalidInput, PermissionDenied
from commune.journal.models import JournalEntry

pytestmark = pytest.mark.django_db


def _kinds_since(pk: int) -> list[str]:
    return list(
        JournalEntry.objects.filter(pk__gt=pk).order_by("pk").values_list("kind", flat=True)
    )


def _last() -> int:
    return JournalEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _payload(kind: str) -> dict:
    data = json.loads(JournalEntry.objects.filter(kind=kind).latest("pk").data)
    return data.get("payload", data)


def _vote(division, users, choices):
    for user, choice in zip(users, choices, strict=True):
        a.do_cast_division_vote(division, actor=user, choice=choice)


def test_a_motion_from_tabling_to_decree(council, delegates, sitting, motion, operator):
    start = _last()
    a.do_cosign_motion(motion, actor=delegates[1])
    a.do_place_on_agenda(sitting, actor=operator, motion=motion)
    present(sitting, delegates[:3], operator)
    division = a.do_open_division(motion, actor=operator)
    _vote(division, delegates[:4], ["yes", "yes", "no", "abstain"])
    division = a.do_close_division(division, actor=operator)
    assert (division.yes, division.no, division.abstain, division.present) == (2, 1, 1, 4)
    assert division.outcome == "adopted"
    assert division.arithmetic == (
        "for 2 > against 1 (simple majority of those voting for or against; 1 abstentions): adopted"
    )
    decree = a.do_promulgate_decree(Motion.objects.get(pk=motion.pk), actor=operator)
    assert decree.number == 1 and decree.text == motion.text
    assert _kinds_since(start) == [
        "motion.cosigned",
        "agenda.item_added",
        "attendance.recorded",
        "division.opened",
        *["division.vote_cast"] * 4,
        "division.closed",
        "decree.promulgated",
    ]
    closed = _payload("division.closed")
    assert closed["yes"] == ["Délégué 0", "Délégué 1"] and closed["absent"] == ["Délégué 4"]


def test_an_adopted_amendment_changes_the_text_and_a_stale_one_is_refused(
    council, delegates, sitting, motion, operator
):
    first = a.do_table_amendment(
        motion,
        actor=delegates[1],
        operation="replace",
        target="October",
        text="October and January",
    )
    second = a.do_table_amendment(
        motion, actor=delegates[2], operation="insert", text="Art. 3.", position=2
    )
    present(sitting, delegates, operator)
    with pytest.raises(WrongState, match="decide the amendments to motion 1 first"):
        a.do_open_division(motion, actor=operator)
    division = a.do_open_division(first, actor=operator)
    _vote(division, delegates[:3], ["yes"] * 3)
    a.do_close_division(division, actor=operator)
    motion.refresh_from_db()
    assert motion.current_text.startswith("Rents due for October and January are remitted.")
    assert motion.text.startswith("Rents due for October are")  # the tabled text is kept
    with pytest.raises(StaleAmendment, match="has changed since amendment 3 was tabled"):
        a.do_open_division(second, actor=operator)
    assert queries.open_division(council) is None


def test_amendments_that_do_not_apply_are_refused(council, delegates, motion):
    with pytest.raises(BadAmendment, match="not in the text"):
        a.do_table_amendment(
            motion, actor=delegates[1], operation="replace", target="April", text="x"
        )
    with pytest.raises(BadAmendment, match="0 to 2"):
        a.do_table_amendment(motion, actor=delegates[1], operation="insert", text="x", position=9)
    assert Motion.objects.filter(amends=motion).count() == 0


def test_only_members_table_sign_and_vote(
    council, delegates, sitting, motion, operator, plain_user
):
    with pytest.raises(PermissionDenied, match="not a member of Test Commune"):
        a.do_table_motion(council, actor=plain_user, title="x", text="y")
    with pytest.raises(PermissionDenied, match="operator does not deliberate"):
        a.do_cosign_motion(motion, actor=operator)
    present(sitting, delegates, operator)
    division = a.do_open_division(motion, actor=operator)
    with pytest.raises(PermissionDenied):
        a.do_cast_division_vote(division, actor=plain_user, choice="yes")
    with pytest.raises(NotAMember):
        a.do_record_attendance(sitting, [_outsider(council, operator)], actor=operator)
    with pytest.raises(PermissionDenied, match="only a clerk"):
        a.do_close_division(division, actor=delegates[0])
    assert DivisionVote.objects.count() == 0


def _outsider(council, operator):
    from commune.members import actions
    from commune.members.models import Section

    section = Section.objects.get(commune=council.commune, number=2)
    return actions.do_admit_member(section, actor=operator, full_name="Not Seated").person


def test_one_vote_each_and_only_while_open(council, delegates, sitting, motion, operator):
    present(sitting, delegates, operator)
    division = a.do_open_division(motion, actor=operator)
    a.do_cast_division_vote(division, actor=delegates[0], choice="yes")
    with pytest.raises(AlreadyVoted, match="already voted"):
        a.do_cast_division_vote(division, actor=delegates[0], choice="no")
    with pytest.raises(InvalidInput, match="yes, no or abstain"):
        a.do_cast_division_vote(division, actor=delegates[1], choice="maybe")
    a.do_close_division(division, actor=operator)
    with pytest.raises(WrongState, match="closed"):
        a.do_cast_division_vote(division, actor=delegates[1], choice="yes")
    assert list(DivisionVote.objects.values_list("choice", flat=True)) == ["yes"]


def test_no_division_without_quorum_or_sitting(council, delegates, motion, operator):
    with pytest.raises(WrongState, match="not sitting"):
        a.do_open_division(motion, actor=operator)
    sitting = a.do_open_sitting(
        a.do_convene_sitting(council, actor=operator, scheduled_for=motion.created_at),
        actor=operator,
    )
    present(sitting, delegates[:2], operator)
    with pytest.raises(NoQuorum, match="2 of 5 members present: the quorum \\(1/2\\) needs 3"):
        a.do_open_division(motion, actor=operator)
    assert motion.divisions.count() == 0


def test_a_motion_is_not_adopted_when_a_quorum_never_voted(
    council, delegates, sitting, motion, operator
):
    """Present at opening counts; the outcome is rejected or adopted by the votes."""
    present(sitting, delegates[:3], operator)
    division = a.do_open_division(motion, actor=operator)
    _vote(division, delegates[:1], ["no"])
    division = a.do_close_division(division, actor=operator)
    assert division.outcome == "rejected"
    motion.refresh_from_db()
    assert motion.state == Motion.State.REJECTED
    with pytest.raises(WrongState, match="only an adopted motion"):
        a.do_promulgate_decree(motion, actor=operator)
    assert Decree.objects.count() == 0


def test_one_division_at_a_time(council, delegates, sitting, motion, operator):
    other = a.do_table_motion(council, actor=delegates[1], title="Other", text="Other text.")
    present(sitting, delegates, operator)
    a.do_open_division(motion, actor=operator)
    with pytest.raises(WrongState, match="already voting"):
        a.do_open_division(other, actor=operator)
    with pytest.raises(WrongState, match="close the division"):
        a.do_close_sitting(sitting, actor=operator)


def test_withdrawal_by_proposer_only(council, delegates, motion, operator):
    amendment = a.do_table_amendment(
        motion, actor=delegates[2], operation="insert", text="x", position=0
    )
    with pytest.raises(PermissionDenied, match="only the proposer"):
        a.do_withdraw_motion(motion, actor=delegates[1])
    a.do_withdraw_motion(motion, actor=delegates[0], reason="merged into another")
    amendment.refresh_from_db()
    assert amendment.state == Motion.State.WITHDRAWN
    with pytest.raises(WrongState):
        a.do_cosign_motion(motion, actor=delegates[3])


def test_referral_to_a_commission_and_its_report(commune, council, delegates, motion, operator):
    finance = a.do_create_body(commune, actor=operator, kind="commission", name="Finance")
    a.do_take_seat(finance, _person(delegates[3]), actor=operator, origin="appointment")
    a.do_refer_motion(motion, actor=operator, commission=finance)
    with pytest.raises(PermissionDenied, match="only the members of Finance"):
        a.do_report_on_motion(motion, actor=delegates[0], report="no")
    motion = a.do_report_on_motion(motion, actor=delegates[3], report="Adopt it.")
    assert motion.state == Motion.State.REPORTED and motion.report == "Adopt it."
    with pytest.raises(InvalidInput, match="not a commission"):
        a.do_refer_motion(motion, actor=operator, commission=council)


def _person(user):
    from commune.members.models import Person

    return Person.objects.get(user=user)


def test_decrees_are_numbered_and_amend_or_repeal(council, delegates, sitting, operator):
    numbers = []
    decrees = []
    present(sitting, delegates, operator)
    for title in ("First", "Second", "Third"):
        m = a.do_table_motion(council, actor=delegates[0], title=title, text=f"{title} text.")
        d = a.do_open_division(m, actor=operator)
        _vote(d, delegates[:3], ["yes"] * 3)
        a.do_close_division(d, actor=operator)
        m.refresh_from_db()
        target = {
            "Second": {"amends": decrees[0] if decrees else None},
            "Third": {"repeals": decrees[0] if decrees else None},
        }
        decree = a.do_promulgate_decree(m, actor=operator, **target.get(title, {}))
        decrees.append(decree)
        numbers.append(decree.number)
    assert numbers == [1, 2, 3]
    state = queries.consolidate(decrees[0])
    assert state.text == "Second text." and state.repealed_by == decrees[2]
    with pytest.raises(Conflict, match="promulgated already"):
        a.do_promulgate_decree(decrees[0].motion, actor=operator)


def test_a_decree_of_record_has_no_invented_division(council, operator):
    import datetime as dt

    decree = a.do_enter_decree_of_record(
        council,
        actor=operator,
        title="Séparation de l'Église et de l'État",
        text="Church separated from State.",
        adopted_on=dt.datetime(1871, 4, 2, 12, tzinfo=dt.UTC),
        source="fr.wikisource",
        recorded_outcome="adopted unanimously",
    )
    assert decree.motion.historical and decree.motion.divisions.count() == 0
    entry = _payload("decree.promulgated")
    assert entry["division"] is None and entry["recorded_outcome"] == "adopted unanimously"
    assert entry["promulgated_at"] == "1871-04-02T12:00:00Z"


def test_a_secret_division_uses_the_ballots_of_elections(
    council, delegates, sitting, motion, operator
):
    from commune.elections import publication
    from commune.elections.models import Ballot, Voted

    present(sitting, delegates[:3], operator)
    division = a.do_open_division(motion, actor=operator, mode="secret")
    assert division.election.status == "open" and division.election.num_registered == 5
    receipts = [
        a.do_cast_secret_vote(division, actor=user, choice=choice)
        for user, choice in zip(delegates[:4], ["yes", "yes", "no", "abstain"], strict=True)
    ]
    with pytest.raises(AlreadyVoted):
        a.do_cast_secret_vote(division, actor=delegates[0], choice="no")
    with pytest.raises(WrongState, match="secret ballot"):
        a.do_cast_division_vote(division, actor=delegates[4], choice="yes")
    assert DivisionVote.objects.count() == 0  # nobody's vote is recorded by name
    division = a.do_close_division(division, actor=operator)
    assert (division.yes, division.no, division.abstain, division.outcome) == (2, 1, 1, "adopted")
    closed = _payload("division.closed")
    assert closed["yes"] == closed["no"] == closed["absent"] == []
    assert (
        Ballot.objects.filter(election=division.election).count()
        == Voted.objects.filter(election=division.election).count()
        == 4
    )
    found = publication.find_receipt(division.election, receipts[2].code)
    assert found is not None
    with pytest.raises(WrongState, match="closed"):
        a.do_cast_secret_vote(division, actor=delegates[4], choice="yes")


def test_a_sections_assembly_never_names_its_absent_members(commune, delegates, operator):
    """A general assembly's members are the section's: those who did not vote are not named."""
    from commune.members.models import Section

    louvre = Section.objects.get(commune=commune, number=1)
    assembly = a.do_create_body(
        commune, actor=operator, kind="assembly", name="Assemblée du Louvre", section=louvre
    )
    sitting = a.do_open_sitting(
        a.do_convene_sitting(assembly, actor=operator, scheduled_for=commune.created_at),
        actor=operator,
    )
    for user in delegates[:3]:
        a.do_declare_present(sitting, actor=user)
    motion = a.do_table_motion(assembly, actor=delegates[0], title="Lavoirs", text="Gratuits.")
    division = a.do_open_division(motion, actor=operator)
    a.do_cast_division_vote(division, actor=delegates[0], choice="yes")
    a.do_close_division(division, actor=operator)
    closed = _payload("division.closed")
    assert closed["yes"] == ["Délégué 0"] and closed["absent"] == []


def test_a_member_of_a_sections_assembly_is_found_by_their_own_memberships(
    commune, delegates, operator
):
    """Whether someone sits in a section's assembly is read from their own memberships (the
    index on the person): with the section among the conditions, SQLite without statistics
    took the index on (section, started_at, ended_at) and walked the section's members
    (16 ms in a section of 100,000, at every page of the assembly a member opens)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from commune.members import actions as members
    from commune.members.models import Person, Section

    louvre = Section.objects.get(commune=commune, number=1)
    bourse = Section.objects.get(commune=commune, number=2)
    assembly = a.do_create_body(
        commune, actor=operator, kind="assembly", name="Assemblée du Louvre", section=louvre
    )
    member = Person.objects.get(user=delegates[0])
    moved = Person.objects.get(user=delegates[1])
    before = moved.memberships.get(ended_at__isnull=True)
    members.do_move_member(before, actor=operator, section=bourse)
    with CaptureQueriesContext(connection) as captured:
        assert queries.is_member(assembly, member)
        assert not queries.is_member(assembly, moved)
    assert queries.is_member(assembly, moved, at=before.started_at)  # a member then
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL plans from its statistics")
    for query in captured.captured_queries:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + query["sql"])
            plan = " | ".join(str(row[-1]) for row in cursor.fetchall())
        assert "(person_id=?)" in plan and "section_id=?" not in plan, plan
