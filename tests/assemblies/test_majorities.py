"""The majority rules and their arithmetic."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commune.assemblies.majorities import decide, quorum_needed

HALF = Fraction(1, 2)


def test_public_safety_committee_1871_by_simple_majority():
    """1 May 1871: 45 for, 23 against (the minority's protest): adopted."""
    d = decide("simple", yes=45, no=23, abstain=0, members=79, present=68, quorum=HALF)
    assert d.outcome == "adopted"
    assert d.arithmetic.startswith("for 45 > against 23")


def test_a_tie_is_rejected_under_simple_majority():
    assert decide(
        "simple", yes=5, no=5, abstain=2, members=12, present=12, quorum=HALF
    ).outcome == ("rejected")


def test_absolute_majority_counts_members_not_votes():
    d = decide("absolute", yes=40, no=1, abstain=0, members=80, present=41, quorum=HALF)
    assert d.outcome == "rejected"
    assert "needs 41" in d.arithmetic


def test_two_thirds_of_those_voting():
    assert (
        decide("two_thirds", yes=2, no=1, abstain=9, members=12, present=12, quorum=HALF).outcome
        == "adopted"
    )
    assert (
        decide("two_thirds", yes=0, no=0, abstain=9, members=12, present=12, quorum=HALF).outcome
        == "rejected"
    )


def test_no_quorum():
    d = decide("simple", yes=10, no=0, abstain=0, members=93, present=46, quorum=HALF)
    assert d.outcome == "no_quorum"
    assert "needs 47" in d.arithmetic


def test_unknown_rule():
    with pytest.raises(ValueError, match="unknown majority"):
        decide("plurality", yes=1, no=0, abstain=0, members=1, present=1, quorum=HALF)  # type: ignore[arg-type]


@given(st.integers(0, 10_000), st.integers(1, 100), st.integers(1, 100))
def test_quorum_is_the_least_count_at_or_over_the_share(members, p, q):
    share = Fraction(min(p, q), max(p, q))
    needed = quorum_needed(members, share)
    assert needed >= share * members
    assert needed == 0 or needed - 1 < share * members


@given(
    st.sampled_from(["simple", "absolute", "two_thirds"]),
    st.integers(0, 50),
    st.integers(0, 50),
    st.integers(0, 50),
)
def test_one_more_vote_for_never_turns_adoption_into_rejection(rule, yes, no, abstain):
    members = yes + no + abstain + 1
    before = decide(
        rule, yes=yes, no=no, abstain=abstain, members=members, present=members, quorum=HALF
    )
    after = decide(
        rule, yes=yes + 1, no=no, abstain=abstain, members=members, present=members, quorum=HALF
    )
    assert not (before.outcome == "adopted" and after.outcome == "rejected")
