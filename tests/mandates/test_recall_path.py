"""The whole path of a revocable delegate, end to end through the actions: an instruction
adopted by the section's assembly, the delegate departs from it in the council, a petition,
its threshold, the recall vote, the mandate ended, the by-election, a new delegate seated;
the journal holds every step, in order."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.election_fixtures import AFTER

from commune import clock
from commune.assemblies import actions as a
from commune.assemblies import queries as assembly_queries
from commune.elections import actions as e
from commune.journal.models import JournalEntry
from commune.mandates import actions as m
from commune.mandates import queries
from commune.mandates.actions.recall import KEEP, RECALL
from commune.mandates.errors import (
    AlreadySigned,
    MandateEnded,
    NotOfSection,
    PetitionActive,
    PetitionClosed,
)
from commune.mandates.models import Fidelity, RecallPetition
from commune.members import actions as members
from commune.members.models import Person, Section

pytestmark = pytest.mark.django_db

T = AFTER + dt.timedelta(days=1)


def at(hours: float) -> dt.datetime:
    return T + dt.timedelta(hours=hours)


def _user(name: str):
    return Person.objects.get(full_name=name).user


def _adopt(body, motion, users, operator, when):
    """`body` sits at `when`, the `users` are present and all vote for `motion`."""
    with clock.frozen(when):
        sitting = a.do_open_sitting(
            a.do_convene_sitting(body, actor=operator, scheduled_for=when), actor=operator
        )
        for user in users:
            a.do_declare_present(sitting, actor=user)
        division = a.do_open_division(motion, actor=operator)
        for user in users:
            a.do_cast_division_vote(division, actor=user, choice="yes")
        a.do_close_division(division, actor=operator)
        a.do_close_sitting(sitting, actor=operator)
    return division


def test_the_whole_path_of_a_revocable_delegate(commune, louvre, voters, seated, operator):
    start = JournalEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    delegate = seated["Citoyen 0"]
    council = assembly_queries.get_council(commune)
    with clock.frozen(at(1)):
        motion = a.do_table_motion(
            council, actor=_user("Citoyen 1"), title="Octroi", text="The octroi is raised."
        )
        instruction = m.do_propose_instruction(louvre, actor=voters[5], motion=motion, vote="no")
    assembly = queries.section_assembly(louvre)
    _adopt(assembly, instruction.carrier, voters[2:9], operator, at(2))
    with clock.frozen(at(3)):
        sitting = a.do_open_sitting(
            a.do_convene_sitting(council, actor=operator, scheduled_for=at(3)), actor=operator
        )
        a.do_declare_present(sitting, actor=delegate.person.user)
        division = a.do_open_division(motion, actor=operator)
        a.do_cast_division_vote(division, actor=delegate.person.user, choice="yes")  # departs
        a.do_close_division(division, actor=operator)
    verdicts = {f.mandate.person.full_name: f.verdict for f in Fidelity.objects.all()}
    assert verdicts == {"Citoyen 0": "departed", "Citoyen 1": "absent"}
    fidelity = Fidelity.objects.get(mandate=delegate)
    with clock.frozen(at(4)):
        m.do_explain_departure(
            fidelity, actor=delegate.person.user, statement="New facts came to light."
        )
        petition = m.do_open_petition(
            delegate, actor=voters[7], reason="He voted against our instruction."
        )
    assert (petition.registered, petition.threshold) == (10, 2)  # one fifth of ten
    with pytest.raises(PetitionActive, match="already collecting signatures"), clock.frozen(at(4)):
        m.do_open_petition(delegate, actor=voters[8], reason="Again.")
    with clock.frozen(at(5)):
        m.do_sign_petition(petition, actor=voters[8])  # the threshold: the vote opens now
    petition.refresh_from_db()
    assert petition.state == "voting" and petition.vote.status == "open"
    with clock.frozen(at(6)):
        for n, user in enumerate(voters):
            e.do_cast_ballot(petition.vote, actor=user, marks=[RECALL] if n < 7 else [KEEP])
    with clock.frozen(petition.vote.closes_at + dt.timedelta(minutes=1)):
        e.do_settle_election(petition.vote)  # counted on first access: the recall settles
        petition.refresh_from_db()
        delegate.refresh_from_db()
        assert petition.state == "recalled" and delegate.end_reason == "recall"
        assert not assembly_queries.is_member(council, delegate.person)
        by_election = petition.by_election
        assert by_election.section == louvre and by_election.seats == 1
        e.do_file_candidacy(
            by_election, actor=operator, person=Person.objects.get(full_name="Citoyen 3")
        )
    with clock.frozen(by_election.opens_at + dt.timedelta(hours=1)):
        for user in voters[:6]:
            e.do_cast_ballot(by_election, actor=user, marks=["Citoyen 3"])
    with clock.frozen(by_election.closes_at + dt.timedelta(hours=1)):
        (new,) = m.do_certify_election(e.do_settle_election(by_election), actor=operator)
    assert new.person.full_name == "Citoyen 3" and assembly_queries.is_member(council, new.person)
    kinds = list(
        JournalEntry.objects.filter(pk__gt=start).order_by("pk").values_list("kind", flat=True)
    )
    path = [
        "motion.tabled",  # the council motion
        "body.created",  # the Louvre's general assembly, on first need
        "motion.tabled",  # the instruction, a motion of the assembly
        "instruction.proposed",
        "division.closed",  # the assembly adopts it
        "division.closed",  # the council divides
        "instruction.compared",
        "fidelity.explained",
        "recall.petition_opened",
        "recall.signed",
        "recall.signed",
        "election.called",
        "election.opened",
        "recall.threshold_reached",
        "election.counted",
        "mandate.ended",
        "election.called",  # the by-election
        "recall.settled",
        "election.opened",  # the by-election, a week later
        "election.counted",
        "mandate.began",
    ]
    assert [k for k in kinds if k in set(path)] == path


def test_safeguards(commune, louvre, voters, seated, operator, django_user_model):
    delegate = seated["Citoyen 0"]
    with clock.frozen(at(1)):
        petition = m.do_open_petition(delegate, actor=voters[3], reason="Reason.")
        with pytest.raises(AlreadySigned):
            m.do_sign_petition(petition, actor=voters[3])
        # A member of another section neither signs nor opens.
        bourse = Section.objects.get(commune=commune, number=2)
        other = members.do_admit_member(bourse, actor=operator, full_name="Voisin")
        user = django_user_model.objects.create_user("voisin", password="x" * 20)
        Person.objects.filter(pk=other.person_id).update(user=user)
        with pytest.raises(NotOfSection):
            m.do_sign_petition(petition, actor=user)
        # A member who moves away loses the signature and the right.
        mover = Person.objects.get(user=voters[3]).memberships.get(ended_at__isnull=True)
    with clock.frozen(at(2)):
        members.do_move_member(mover, actor=operator, section=bourse)
        assert queries.count_signatures(petition) == 0
        with pytest.raises(NotOfSection):
            m.do_sign_petition(petition, actor=voters[3])
        m.do_sign_petition(petition, actor=voters[4])
        m.do_withdraw_signature(petition, actor=voters[4])
        assert queries.count_signatures(petition) == 0
    expired = petition.closes_at + dt.timedelta(seconds=1)
    with clock.frozen(expired), pytest.raises(PetitionClosed, match="expired"):
        m.do_sign_petition(petition, actor=voters[5])
    petition.refresh_from_db()
    assert petition.state == "expired"
    with clock.frozen(petition.closes_at + dt.timedelta(days=1)):
        m.do_end_mandate(delegate, actor=operator, reason="resignation")
        with pytest.raises(MandateEnded, match="already ended"):
            m.do_open_petition(delegate, actor=voters[5], reason="Too late.")
    assert RecallPetition.objects.count() == 1


def test_a_recall_that_fails_keeps_the_delegate(commune, louvre, voters, seated, operator):
    delegate = seated["Citoyen 1"]
    with clock.frozen(at(1)):
        petition = m.do_open_petition(delegate, actor=voters[0], reason="Reason.")
        m.do_sign_petition(petition, actor=voters[1])
    petition.refresh_from_db()
    with clock.frozen(at(2)):
        for n, user in enumerate(voters[:4]):
            e.do_cast_ballot(petition.vote, actor=user, marks=[RECALL] if n < 1 else [KEEP])
    with clock.frozen(petition.vote.closes_at + dt.timedelta(minutes=1)):
        e.do_settle_election(petition.vote)
    petition.refresh_from_db()
    delegate.refresh_from_db()
    assert petition.state == "kept" and delegate.ended_at is None and petition.by_election is None


def test_repeated_departures_open_a_petition_by_the_constitutions_rule(
    commune, louvre, voters, seated, operator
):
    """With `departures_for_petition: 1`, the first departure opens a petition by itself."""
    with clock.frozen(at(0)):
        members.do_amend_constitution(
            commune,
            actor=operator,
            rules={"recall": {"departures_for_petition": 1}},
            reason="delegates bound by their mandate",
        )
    commune.refresh_from_db()
    delegate = seated["Citoyen 0"]
    council = assembly_queries.get_council(commune)
    with clock.frozen(at(1)):
        motion = a.do_table_motion(
            council, actor=_user("Citoyen 1"), title="Octroi", text="The octroi is raised."
        )
        instruction = m.do_propose_instruction(louvre, actor=voters[5], motion=motion, vote="no")
    _adopt(queries.section_assembly(louvre), instruction.carrier, voters[2:9], operator, at(2))
    with clock.frozen(at(3)):
        sitting = a.do_open_sitting(
            a.do_convene_sitting(council, actor=operator, scheduled_for=at(3)), actor=operator
        )
        for user in (delegate.person.user, _user("Citoyen 1")):
            a.do_declare_present(sitting, actor=user)
        division = a.do_open_division(motion, actor=operator)
        a.do_cast_division_vote(division, actor=delegate.person.user, choice="yes")
        a.do_cast_division_vote(division, actor=_user("Citoyen 1"), choice="no")
        a.do_close_division(division, actor=operator)
    (petition,) = RecallPetition.objects.all()
    assert petition.mandate == delegate and petition.opened_by is None
    assert "1 departures" in petition.reason and petition.state == "open"
