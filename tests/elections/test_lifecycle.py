"""An election from its call to its certification, through the actions, with the clock."""

from __future__ import annotations

import pytest
from tests.election_fixtures import AFTER, BEFORE, DURING

from commune import clock
from commune.elections import actions, queries
from commune.elections.errors import AlreadyVoted, InvalidBallot, NotOnRoll, NotOpen, WrongState
from commune.elections.models import Ballot, Election, RollEntry, Voted
from commune.journal.models import JournalEntry

pytestmark = pytest.mark.django_db


def kinds(commune):
    return list(
        JournalEntry.objects.filter(commune=commune)
        .order_by("index")
        .values_list("kind", flat=True)
    )


def test_the_settings_come_from_the_constitution(election):
    assert (election.method, election.ballot_rules, election.validity_threshold) == (
        "block",
        "strict",
        "1/8",
    )
    assert queries.ballot_names(election) == ["Citoyen 0", "Citoyen 1", "Citoyen 2"]


def test_the_clock_opens_closes_and_counts(election, voters, commune):
    with clock.frozen(BEFORE):
        assert actions.do_settle_election(election).status == Election.Status.DRAFT
    with clock.frozen(DURING):
        e = actions.do_settle_election(election)
        assert e.status == Election.Status.OPEN and e.num_registered == 10
        assert RollEntry.objects.filter(election=e).count() == 10
        for user, marks in zip(
            voters[:6], [["Citoyen 0", "Citoyen 1"]] * 4 + [["Citoyen 2"]] + [[]], strict=True
        ):
            actions.do_cast_ballot(e, actor=user, marks=marks)
    with clock.frozen(AFTER):
        e = actions.do_settle_election(e)
    assert e.status == Election.Status.COUNTED
    assert e.result["winners"] == ["Citoyen 0", "Citoyen 1"]
    assert (e.result["voters"], e.result["blank"], e.result["abstentions"]) == (6, 1, 4)
    assert kinds(commune)[-5:] == [
        "candidacy.filed",
        "candidacy.filed",
        "election.opened",
        "election.closed",
        "election.counted",
    ]


def test_one_member_one_vote(election, voters):
    with clock.frozen(DURING):
        actions.do_cast_ballot(election, actor=voters[0], marks=["Citoyen 0"])
        with pytest.raises(AlreadyVoted):
            actions.do_cast_ballot(election, actor=voters[0], marks=["Citoyen 1"])
    assert Voted.objects.count() == 1 and Ballot.objects.count() == 1


def test_casting_is_refused_outside_the_opening_hours(election, voters):
    with clock.frozen(BEFORE), pytest.raises(NotOpen, match="not open yet"):
        actions.do_cast_ballot(election, actor=voters[0], marks=["Citoyen 0"])
    with clock.frozen(AFTER), pytest.raises(NotOpen, match="closed"):
        actions.do_cast_ballot(election, actor=voters[0], marks=["Citoyen 0"])
    assert Ballot.objects.count() == 0


@pytest.mark.parametrize(
    ("marks", "problem"),
    [
        (["Versailles"], "'Versailles' is not a candidate"),
        (["Citoyen 0", "Citoyen 0"], "marked twice"),
        (["Citoyen 0", "Citoyen 1", "Citoyen 2"], "3 candidates for 2 seat"),
        ([7], "must be a candidate's name"),
    ],
)
def test_a_malformed_ballot_is_refused_with_its_problem(election, voters, marks, problem):
    with clock.frozen(DURING), pytest.raises(InvalidBallot, match=problem):
        actions.do_cast_ballot(election, actor=voters[0], marks=marks)
    assert Voted.objects.count() == 0 and Ballot.objects.count() == 0


def test_a_member_who_joined_after_opening_is_not_on_the_roll(
    election, louvre, operator, django_user_model
):
    from commune.members import actions as member_actions
    from commune.members.models import Person

    with clock.frozen(DURING):
        m = member_actions.do_admit_member(
            louvre, actor=operator, full_name="Late", email="late@example.org"
        )
        user = django_user_model.objects.create_user("late", password="x" * 20)
        Person.objects.filter(pk=m.person_id).update(user=user)
        with pytest.raises(NotOnRoll):
            actions.do_cast_ballot(election, actor=user, marks=["Citoyen 0"])


def test_candidacies_close_when_the_ballot_opens(election, operator):
    from commune.members.models import Person

    with clock.frozen(DURING), pytest.raises(WrongState):
        actions.do_file_candidacy(
            election, actor=operator, person=Person.objects.get(full_name="Citoyen 5")
        )


def test_the_receipt_finds_the_ballot(election, voters):
    with clock.frozen(DURING):
        receipt = actions.do_cast_ballot(election, actor=voters[0], marks=["Citoyen 1"])
    assert receipt.ballot == ["Citoyen 1"]
    found = queries.find_ballot(election, receipt.code)
    assert found is not None and found.marks == "2"
