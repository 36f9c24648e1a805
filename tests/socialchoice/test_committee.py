"""Approval committees: PAV, sequential Phragmén and equal shares against abcvoting."""

from __future__ import annotations

from abcvoting import abcrules
from abcvoting.preferences import Profile, Voter
from hypothesis import given, settings
from hypothesis import strategies as st

from commune.socialchoice import ApprovalProfile
from commune.socialchoice.methods.committee import equal_shares, pav, seq_phragmen

from .strategies import approval_ballots


def both(c: int, sets: list[frozenset[int]]) -> tuple[ApprovalProfile, Profile]:
    ours = ApprovalProfile.from_ballots([f"c{i}" for i in range(c)], [sorted(s) for s in sets])
    theirs = Profile(c)
    theirs.add_voters([Voter(sorted(s)) for s in sets])
    return ours, theirs


def committees(found: list[set[int]]) -> set[frozenset[str]]:
    return {frozenset(f"c{k}" for k in com) for com in found}


@settings(max_examples=150, deadline=None)
@given(case=approval_ballots(), seats=st.integers(1, 4))
def test_pav_finds_every_optimal_committee(
    case: tuple[int, list[frozenset[int]]], seats: int
) -> None:
    """Our exact PAV finds exactly abcvoting's optimal committees, and picks one of them."""
    c, sets = case
    seats = min(seats, c)
    ours, theirs = both(c, sets)
    r = pav(ours, seats=seats)
    expected = committees(abcrules.compute_pav(theirs, seats, resolute=False))
    assert {frozenset(com) for com in r.extra["tied_committees"]} == expected
    assert frozenset(r.winners) in expected


@settings(max_examples=150, deadline=None)
@given(case=approval_ballots(), seats=st.integers(1, 4))
def test_seq_phragmen_committee_is_an_abcvoting_winner(
    case: tuple[int, list[frozenset[int]]], seats: int
) -> None:
    """Our sequential Phragmén committee is among abcvoting's over every tie-break."""
    c, sets = case
    seats = min(seats, c)
    ours, theirs = both(c, sets)
    got = frozenset(seq_phragmen(ours, seats=seats).winners)
    found = abcrules.compute_seqphragmen(
        theirs, seats, resolute=False, algorithm="standard-fractions"
    )
    assert got in committees(found)


@settings(max_examples=150, deadline=None)
@given(case=approval_ballots(), seats=st.integers(1, 4))
def test_equal_shares_committee_is_an_abcvoting_winner(
    case: tuple[int, list[frozenset[int]]], seats: int
) -> None:
    """Our method of equal shares (Phragmén completion) is among abcvoting's committees."""
    c, sets = case
    seats = min(seats, c)
    ours, theirs = both(c, sets)
    got = frozenset(equal_shares(ours, seats=seats).winners)
    found = abcrules.compute_equal_shares(
        theirs, seats, resolute=False, algorithm="standard-fractions"
    )
    assert got in committees(found)
