"""The recall on the same ballot as the replacement (`recall.replacement_on_same_ballot`):
the threshold calls both as drafts; members stand, the delegate under recall does not; both
open together; a member casts both questions at once or neither; the recall's outcome seats
the replacement's winner or cancels the replacement, whichever of the two is counted first."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from tests.election_fixtures import AFTER

from commune import clock
from commune.assemblies import queries as assembly_queries
from commune.elections import actions as e
from commune.elections.errors import AlreadyVoted, InvalidBallot
from commune.elections.models import Ballot, Election, Voted
from commune.errors import InvalidInput
from commune.journal.models import JournalEntry
from commune.mandates import actions as m
from commune.mandates.actions.recall import KEEP, RECALL
from commune.mandates.errors import NoSameBallot, PairedWithRecall, StandsAgainstOwnRecall
from commune.mandates.models import Mandate, RecallPetition
from commune.members import actions as members
from commune.members.models import Person

pytestmark = pytest.mark.django_db

T = AFTER + dt.timedelta(days=1)


def at(hours: float) -> dt.datetime:
    return T + dt.timedelta(hours=hours)


def _person(name: str) -> Person:
    return Person.objects.get(full_name=name)


def _same_ballot(commune, operator, **more):
    with clock.frozen(at(0)):
        members.do_amend_constitution(
            commune,
            actor=operator,
            rules={"recall": {"replacement_on_same_ballot": True, "candidacy_days": 3, **more}},
            reason="the replacement on the recall's ballot",
        )
    commune.refresh_from_db()


def _threshold(delegate, voters) -> RecallPetition:
    """Citoyen 7 opens a petition, Citoyen 8's signature reaches its threshold (two of ten)."""
    with clock.frozen(at(1)):
        petition = m.do_open_petition(delegate, actor=voters[7], reason="He broke his word.")
    with clock.frozen(at(2)):
        m.do_sign_petition(petition, actor=voters[8])
    petition.refresh_from_db()
    return petition


def _candidates(petition, voters, operator):
    """Citoyen 3 stands (filed by a clerk), Citoyen 4 stands for himself."""
    replacement = petition.by_election
    with clock.frozen(at(3)):
        e.do_file_candidacy(replacement, actor=operator, person=_person("Citoyen 3"))
        e.do_file_candidacy(replacement, actor=voters[4], person=_person("Citoyen 4"))


def _cast(petition, voters, recall_votes: int):
    """Everyone votes: the first `recall_votes` for recall; Citoyen 3 gets five marks, Citoyen
    4 three, two leave the replacement blank."""
    with clock.frozen(petition.vote.opens_at + dt.timedelta(hours=1)):
        for n, user in enumerate(voters):
            m.do_cast_recall_ballot(
                petition,
                actor=user,
                recall=RECALL if n < recall_votes else KEEP,
                replacement=["Citoyen 3"] if n < 5 else ["Citoyen 4"] if n < 8 else None,
            )


def _close(petition, first: str):
    """Both close; `first` says which of the two the clock moves on first."""
    vote, replacement = petition.vote, petition.by_election
    order = [vote, replacement] if first == "recall" else [replacement, vote]
    with clock.frozen(vote.closes_at + dt.timedelta(minutes=1)):
        for election in order:
            e.do_settle_election(Election.objects.get(pk=election.pk))
    petition.refresh_from_db()


def _kinds(since: int) -> list[str]:
    return list(
        JournalEntry.objects.filter(pk__gt=since).order_by("pk").values_list("kind", flat=True)
    )


def _payload(kind: str) -> dict:
    data = json.loads(JournalEntry.objects.get(kind=kind).data)
    return data.get("payload", data)


def _last() -> int:
    return JournalEntry.objects.order_by("-pk").values_list("pk", flat=True).first()


def test_the_threshold_calls_both_as_drafts_opening_and_closing_together(
    commune, louvre, voters, seated, operator
):
    _same_ballot(commune, operator)
    start = _last()
    petition = _threshold(seated["Citoyen 0"], voters)
    vote, replacement = petition.vote, petition.by_election
    assert petition.state == "voting" and petition.is_same_ballot
    assert vote.status == replacement.status == "draft"
    assert vote.kind == "question" and replacement.kind == "seats" and replacement.seats == 1
    assert vote.opens_at == replacement.opens_at == at(2) + dt.timedelta(days=3)
    assert vote.closes_at == replacement.closes_at == vote.opens_at + dt.timedelta(days=7)
    assert replacement.section == louvre
    assert _kinds(start)[-5:] == [
        "recall.signed",
        "election.called",
        "election.called",
        "recall.replacement_called",
        "recall.threshold_reached",
    ]
    called = _payload("recall.replacement_called")
    assert (called["vote"], called["replacement"]) == (vote.pk, replacement.pk)


def test_the_delegate_under_recall_may_not_stand_and_members_may(
    commune, louvre, voters, seated, operator
):
    _same_ballot(commune, operator)
    petition = _threshold(seated["Citoyen 0"], voters)
    with clock.frozen(at(3)):
        for actor in (voters[0], operator):  # neither himself nor a clerk for him
            with pytest.raises(StandsAgainstOwnRecall, match="delegate under recall") as refused:
                e.do_file_candidacy(petition.by_election, actor=actor, person=_person("Citoyen 0"))
            assert refused.value.field == "person"
        # The other delegate of the section, and any member, may stand.
        e.do_file_candidacy(petition.by_election, actor=voters[1], person=_person("Citoyen 1"))
    names = [c.name for c in petition.by_election.candidacies.all()]
    assert names == ["Citoyen 1"]


def test_a_clerk_neither_moves_nor_cancels_one_of_the_pair(
    commune, louvre, voters, seated, operator
):
    _same_ballot(commune, operator)
    petition = _threshold(seated["Citoyen 0"], voters)
    later = petition.vote.closes_at + dt.timedelta(days=1)
    with clock.frozen(at(3)):
        for election in (petition.vote, petition.by_election):
            with pytest.raises(PairedWithRecall):
                e.do_cancel_election(election, actor=operator, reason="No.")
            with pytest.raises(PairedWithRecall):
                e.do_change_election_settings(election, actor=operator, closes_at=later)
        with pytest.raises(PairedWithRecall, match="method"):
            e.do_change_election_settings(petition.vote, actor=operator, method="approval")
        with pytest.raises(PairedWithRecall, match="seats"):
            e.do_change_election_settings(petition.by_election, actor=operator, seats=2)
        # The replacement's method may change until it opens, as for any election.
        e.do_change_election_settings(petition.by_election, actor=operator, method="approval")
    assert set(Election.objects.values_list("status", flat=True)) == {"certified", "draft"}


@pytest.mark.parametrize("first", ["recall", "replacement"])
def test_the_whole_path_recall_carries_and_the_replacement_is_seated(
    commune, louvre, voters, seated, operator, first
):
    _same_ballot(commune, operator)
    delegate = seated["Citoyen 0"]
    petition = _threshold(delegate, voters)
    _candidates(petition, voters, operator)
    with clock.frozen(petition.vote.opens_at + dt.timedelta(minutes=1)):
        petition.vote = e.do_settle_election(petition.vote)
        petition.by_election = e.do_settle_election(petition.by_election)
        assert petition.vote.status == petition.by_election.status == "open"
    _cast(petition, voters, recall_votes=7)
    assert Voted.objects.filter(election=petition.vote).count() == 10
    assert Voted.objects.filter(election=petition.by_election).count() == 10
    assert Ballot.objects.filter(election=petition.by_election, is_blank=True).count() == 2
    start = _last()
    _close(petition, first)
    delegate.refresh_from_db()
    replacement = Election.objects.get(pk=petition.by_election_id)
    assert petition.state == "recalled" and delegate.end_reason == "recall"
    assert replacement.status == "certified"
    (new,) = Mandate.objects.filter(election=replacement)
    council = assembly_queries.get_council(commune)
    assert new.person.full_name == "Citoyen 3" and new.section == louvre and new.ended_at is None
    assert assembly_queries.is_member(council, new.person)
    assert not assembly_queries.is_member(council, delegate.person)
    assert Election.objects.count() == 3  # no by-election besides the replacement
    kinds = _kinds(start)
    assert kinds.count("election.counted") == 2
    # Whichever is read first, the recall vote is counted first and settles both.
    assert kinds == [
        *["election.closed", "election.counted", "mandate.ended", "recall.settled"],
        *["election.closed", "election.counted", "election.certified", "mandate.began"],
    ]
    settled = _payload("recall.settled")
    assert settled["by_election"] == replacement.pk and settled["outcome"] == "recalled"


@pytest.mark.parametrize("first", ["recall", "replacement"])
def test_a_recall_that_fails_cancels_the_replacement(
    commune, louvre, voters, seated, operator, first
):
    _same_ballot(commune, operator)
    delegate = seated["Citoyen 0"]
    petition = _threshold(delegate, voters)
    _candidates(petition, voters, operator)
    _cast(petition, voters, recall_votes=3)
    _close(petition, first)
    delegate.refresh_from_db()
    replacement = Election.objects.get(pk=petition.by_election_id)
    assert petition.state == "kept" and delegate.ended_at is None
    assert replacement.status == "cancelled"
    assert not Mandate.objects.filter(election=replacement).exists()
    cancelled = _payload("election.cancelled")
    assert cancelled["election"] == replacement.pk and cancelled["by"] == "constitution"
    assert "recall of Citoyen 0 failed" in cancelled["reason"]


def test_a_member_casts_both_or_neither(commune, louvre, voters, seated, operator):
    _same_ballot(commune, operator)
    petition = _threshold(seated["Citoyen 0"], voters)
    _candidates(petition, voters, operator)
    with clock.frozen(petition.vote.opens_at + dt.timedelta(hours=1)):
        receipts = m.do_cast_recall_ballot(
            petition, actor=voters[2], recall=RECALL, replacement=["Citoyen 4"]
        )
        assert receipts.recall.ballot == [RECALL] and receipts.replacement.ballot == ["Citoyen 4"]
        assert receipts.recall.code != receipts.replacement.code
        # A second recall ballot is refused whole.
        before = (Voted.objects.count(), Ballot.objects.count())
        with pytest.raises(AlreadyVoted, match="neither of your ballots was cast"):
            m.do_cast_recall_ballot(petition, actor=voters[2], recall=KEEP, replacement=None)
        # A member who voted on the recall alone (its own page) casts neither here.
        e.do_cast_ballot(petition.vote, actor=voters[5], marks=[KEEP])
        before = (Voted.objects.count(), Ballot.objects.count())
        with pytest.raises(AlreadyVoted, match="neither"):
            m.do_cast_recall_ballot(
                petition, actor=voters[5], recall=KEEP, replacement=["Citoyen 3"]
            )
        assert (Voted.objects.count(), Ballot.objects.count()) == before
        # A bad replacement ballot leaves the recall ballot uncast too.
        with pytest.raises(InvalidBallot):
            m.do_cast_recall_ballot(
                petition, actor=voters[6], recall=RECALL, replacement=["Citoyen 0"]
            )
        with pytest.raises(InvalidInput, match="question 1"):
            m.do_cast_recall_ballot(petition, actor=voters[6], recall="Maybe", replacement=None)
        assert (Voted.objects.count(), Ballot.objects.count()) == before
        # Both blank is a ballot too.
        blank = m.do_cast_recall_ballot(petition, actor=voters[6], recall=None, replacement=None)
        assert blank.recall.ballot is None and blank.replacement.ballot is None


def test_the_default_keeps_the_vote_at_once_and_the_by_election_after(
    commune, louvre, voters, seated, operator
):
    """Without the option, the threshold opens the recall vote at once and nothing else; the
    one-page ballot is refused."""
    petition = _threshold(seated["Citoyen 0"], voters)
    assert petition.vote.status == "open" and petition.by_election is None
    assert not petition.is_same_ballot
    with clock.frozen(at(3)), pytest.raises(NoSameBallot):
        m.do_cast_recall_ballot(petition, actor=voters[1], recall=RECALL, replacement=None)


def test_the_constitution_validates_the_new_keys(commune, operator):
    with clock.frozen(at(0)):
        for bad in ({"candidacy_days": 0}, {"replacement_on_same_ballot": "sometimes"}):
            with pytest.raises(InvalidInput, match="recall"):
                members.do_amend_constitution(
                    commune, actor=operator, rules={"recall": bad}, reason="bad"
                )


@pytest.mark.parametrize("carried", [True, False])
def test_a_replacement_counted_before_its_recall_waits_for_the_recalls_outcome(
    commune, louvre, voters, seated, operator, carried
):
    """The recall vote has a polling station, so at the close it waits for its count sheet
    while the replacement is counted: the seat waits too, and the recall's count decides."""
    _same_ballot(commune, operator)
    delegate = seated["Citoyen 0"]
    petition = _threshold(delegate, voters)
    _candidates(petition, voters, operator)
    with clock.frozen(at(3)):
        station = e.do_add_polling_station(petition.vote, actor=operator, name="Mairie")
    _cast(petition, voters, recall_votes=7 if carried else 3)
    _close(petition, "replacement")
    replacement = Election.objects.get(pk=petition.by_election_id)
    assert petition.state == "voting" and petition.vote.status == "closed"
    assert replacement.status == "counted" and replacement.result["winners"] == ["Citoyen 3"]
    assert not Mandate.objects.filter(election=replacement).exists()
    members.do_appoint_clerk(commune, actor=operator, user=voters[9])  # the second clerk
    with clock.frozen(petition.vote.closes_at + dt.timedelta(hours=1)):
        e.do_enter_count_sheet(
            station, actor=operator, votes={RECALL: 0, KEEP: 0}, blank=0, spoilt=0, signatures=0
        )
        e.do_confirm_count_sheet(station, actor=voters[9])  # the recall is counted now
    petition.refresh_from_db()
    delegate.refresh_from_db()
    replacement.refresh_from_db()
    if carried:
        assert petition.state == "recalled" and delegate.end_reason == "recall"
        assert replacement.status == "certified"
        (new,) = Mandate.objects.filter(election=replacement)
        assert new.person.full_name == "Citoyen 3"
    else:
        assert petition.state == "kept" and delegate.ended_at is None
        assert replacement.status == "cancelled"
        assert not Mandate.objects.filter(election=replacement).exists()
