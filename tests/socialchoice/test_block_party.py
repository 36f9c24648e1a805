"""Block vote with the 1871 threshold, and party lists by highest averages."""

from __future__ import annotations

from fractions import Fraction

import pytest

from commune.socialchoice import ApprovalProfile, MethodError, RankedProfile
from commune.socialchoice.methods.block import block_vote
from commune.socialchoice.methods.party import dhondt, sainte_lague


def arrondissement() -> ApprovalProfile:
    # a Paris arrondissement electing 3 delegates by block vote; 100 registered electors
    return ApprovalProfile.from_ballots(
        ["Varlin", "Vallès", "Pyat", "Thiers"],
        [{"Varlin", "Vallès", "Pyat"}] * 9 + [{"Varlin", "Vallès"}] * 4 + [{"Thiers"}] * 10,
    )


def test_block_vote_elects_the_most_voted() -> None:
    """Without a threshold the most voted candidates take the seats."""
    r = block_vote(arrondissement(), seats=3)
    assert r.winners == ("Varlin", "Vallès", "Thiers")
    assert r.unfilled == 0


def test_threshold_of_registered_voters_leaves_seats_unfilled() -> None:
    """With the 1871 rule a candidate needs votes from a share of the *registered* voters."""
    r = block_vote(arrondissement(), seats=3, threshold=Fraction(1, 8), registered=100)
    # 1/8 of 100 registered = 12.5 → 13 votes needed: Varlin and Vallès have 13, Thiers 10
    assert r.threshold == 13
    assert r.winners == ("Varlin", "Vallès")
    assert r.unfilled == 1
    assert "complementary election" in r.notes[0]
    assert r.as_dict()["unfilled"] == 1


def test_block_vote_from_ranked_ballots_counts_the_first_preferences() -> None:
    """From ranked ballots the block vote counts each ballot's first `seats` preferences."""
    p = RankedProfile.from_ballots(["a", "b", "c"], [["a", "b", "c"], ["c", "b"], ["b"]])
    assert block_vote(p, seats=2).scores == {"a": 1, "b": 3, "c": 1}


def test_block_vote_over_vote_is_refused() -> None:
    """An approval ballot marking more candidates than seats is refused."""
    p = ApprovalProfile.from_ballots(["a", "b", "c"], [{"a", "b", "c"}])
    with pytest.raises(MethodError, match="over-vote"):
        block_vote(p, seats=2)


def test_tie_for_the_last_seat_is_drawn_by_lot() -> None:
    """A tie for the last seat is broken by a recorded lot."""
    p = ApprovalProfile.from_ballots(["a", "b", "c"], [{"a", "b"}, {"a", "c"}])
    r = block_vote(p, seats=2, seed="1871")
    assert r.winners[0] == "a" and r.winners[1] in ("b", "c")
    assert r.ties[0].procedure == "lot"


VOTES = {"A": 100000, "B": 80000, "C": 30000, "D": 20000}


@pytest.mark.parametrize(
    ("method", "votes", "seats", "expected"),
    [
        # the textbook example (Gallagher & Mitchell): 100,000 / 80,000 / 30,000 / 20,000; 8 seats
        (
            dhondt,
            {"A": 100000, "B": 80000, "C": 30000, "D": 20000},
            8,
            {"A": 4, "B": 3, "C": 1, "D": 0},
        ),
        (
            sainte_lague,
            {"A": 100000, "B": 80000, "C": 30000, "D": 20000},
            8,
            {"A": 3, "B": 3, "C": 1, "D": 1},
        ),
    ],
)
def test_party_lists(method, votes, seats, expected) -> None:  # type: ignore[no-untyped-def]
    """Highest averages give the textbook seat counts."""
    assert method(votes, seats=seats).scores == expected


def test_party_threshold_excludes_small_parties() -> None:
    """A legal threshold (share of the votes) excludes the parties below it."""
    r = dhondt(
        {"A": 100000, "B": 80000, "C": 30000, "D": 20000}, seats=8, threshold=Fraction(1, 10)
    )
    assert r.scores["D"] == 0 and sum(r.scores.values()) == 8
