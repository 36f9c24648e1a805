"""Ballot texts, receipts and the ballots a paper count sheet stands for."""

from __future__ import annotations

import doctest

from hypothesis import given
from hypothesis import strategies as st

from commune.elections import ballots


def test_the_module_examples_hold():
    failures, _ = doctest.testmod(ballots)
    assert failures == 0


@st.composite
def sheets(draw: st.DrawFn) -> tuple[list[int], int, int]:
    """A sheet that adds up: each candidate at most `valid` votes, at most `seats` a ballot."""
    seats = draw(st.integers(1, 5))
    valid = draw(st.integers(0, 60))
    votes = draw(st.lists(st.integers(0, valid), min_size=1, max_size=8))
    while sum(votes) > valid * seats:
        votes[votes.index(max(votes))] -= 1
    return votes, valid, seats


@given(sheets())
def test_a_sheet_becomes_ballots_with_its_totals(sheet):
    votes, valid, seats = sheet
    lines = ballots.sheet_ballots(votes, valid)
    assert sum(n for n, _ in lines) <= valid
    for _n, marks in lines:
        assert len(set(marks)) == len(marks) <= seats  # no candidate twice, within the seats
    totals = [sum(n for n, marks in lines if c in marks) for c in range(1, len(votes) + 1)]
    assert totals == votes


def test_receipts_are_typed_back_however_written():
    code = ballots.make_receipt(7, "1 2")
    assert ballots.normalise_receipt(code.lower().replace("-", " ")) == code
    assert code != ballots.make_receipt(7, "1 2")  # a fresh nonce each time
