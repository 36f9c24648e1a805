"""Profiles: building from ballots and arrays, aggregation, positions, digests."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commune.socialchoice import BallotError, RankedProfile
from commune.socialchoice.methods.condorcet import pairwise_matrix


def test_identical_ballots_are_stored_once() -> None:
    """Identical ballots are kept once with their count."""
    p = RankedProfile.from_ballots(["a", "b"], [["a", "b"], ["b"], ["a", "b"]])
    assert p.num_distinct == 2
    assert p.num_voters == 3
    assert sorted(p.iter_ballots()) == [(("a", "b"), 2), (("b",), 1)]


def test_from_array_equals_from_ballots() -> None:
    """An N×L array and the same ballots as lists build the same profile."""
    arr = np.array([[0, 1, 2], [2, -1, -1], [0, 1, 2], [1, 0, -1]], dtype=np.int8)
    a = RankedProfile.from_array(["a", "b", "c"], arr, dedupe=True)
    b = RankedProfile.from_ballots(
        ["a", "b", "c"], [["a", "b", "c"], ["c"], ["a", "b", "c"], ["b", "a"]]
    )
    assert sorted(a.iter_ballots()) == sorted(b.iter_ballots())
    assert a.digest() == b.digest()


def test_unknown_candidate_names_the_ballot() -> None:
    """An unknown candidate is refused, naming the ballot."""
    with pytest.raises(BallotError, match="ballot 1: unknown candidate 'z'") as exc:
        RankedProfile.from_ballots(["a", "b"], [["a"], ["z"]])
    assert exc.value.problem == "unknown_candidate"


def test_array_unknown_index_names_the_row() -> None:
    """An out-of-range index in an array is refused, naming the row."""
    with pytest.raises(BallotError, match="ballot 1: unknown candidate index 5"):
        RankedProfile.from_array(["a", "b"], np.array([[0, 1], [5, 0]]))


def test_strict_rules_refuse_a_skipped_rank_in_an_array() -> None:
    """Under the strict rules a skipped rank in an array row is an error naming the row."""
    with pytest.raises(BallotError, match="ballot 2: rank 1 is skipped"):
        RankedProfile.from_array(["a", "b"], np.array([[0, 1], [1, 0], [-1, 0]]))


def test_array_irregular_rows_follow_the_rule_set() -> None:
    """Irregular array rows go through the rule set; regular ones are vectorised."""
    arr = np.array([[0, 1, 2], [-1, 1, 0], [1, 1, 2], [-1, -1, -1]])
    p = RankedProfile.from_array(["a", "b", "c"], arr, rules="alameda")
    assert sorted(p.iter_ballots()) == [(("a", "b", "c"), 1), (("b", "a"), 1), (("b", "c"), 1)]
    assert p.irregular.num_blank == 1
    assert p.irregular.problems == {"duplicate_candidate": 1, "empty_ballot": 1, "skipped_rank": 1}


def test_positions_put_unranked_last() -> None:
    """Positions give each candidate's rank; unranked candidates get C."""
    p = RankedProfile.from_ballots(["a", "b", "c"], [["b", "a"]])
    assert p.positions().tolist() == [[1, 0, 3]]


ballots = st.lists(
    st.permutations(range(5)).flatmap(lambda perm: st.integers(1, 5).map(lambda k: perm[:k])),
    min_size=1,
    max_size=60,
)


@settings(max_examples=150, deadline=None)
@given(ballots)
def test_pairwise_matrix_matches_a_direct_count(bs: list[list[int]]) -> None:
    """The vectorised pairwise matrix equals a direct count over the ballots."""
    p = RankedProfile.from_ballots(list("abcde"), bs)
    expected = np.zeros((5, 5), dtype=int)
    for b in bs:
        for i, x in enumerate(b):
            for y in range(5):
                if y != x and y not in b[:i]:
                    expected[x, y] += 1
    assert pairwise_matrix(p).tolist() == expected.tolist()


@settings(max_examples=100, deadline=None)
@given(ballots, st.booleans())
def test_array_path_agrees_with_list_path(bs: list[list[int]], dedupe: bool) -> None:
    """Profiles from arrays (aggregated or not) count the same as profiles from lists."""
    arr = np.full((len(bs), 5), -1, dtype=np.int8)
    for i, b in enumerate(bs):
        arr[i, : len(b)] = b
    a = RankedProfile.from_array(list("abcde"), arr, dedupe=dedupe)
    b = RankedProfile.from_ballots(list("abcde"), bs)
    assert pairwise_matrix(a).tolist() == pairwise_matrix(b).tolist()
    assert a.num_voters == b.num_voters


@st.composite
def weak_order(draw: st.DrawFn) -> list[list[int]]:
    """A truncated weak order of 5 candidates: groups of equally preferred candidates."""
    perm = draw(st.permutations(range(5)))[: draw(st.integers(1, 5))]
    ties = draw(st.lists(st.booleans(), min_size=len(perm), max_size=len(perm)))
    groups: list[list[int]] = []
    for x, tie in zip(perm, ties, strict=True):
        if groups and tie:
            groups[-1].append(x)
        else:
            groups.append([x])
    return groups


weak_ballots = st.lists(weak_order(), min_size=1, max_size=30)


@settings(max_examples=150, deadline=None)
@given(weak_ballots, st.lists(st.integers(1, 5), min_size=30, max_size=30))
def test_pairwise_matrix_with_equal_preferences(
    ballots: list[list[list[int]]], counts: list[int]
) -> None:
    """With equal preferences (Debian rules) and weights, pairs count as each voter ranks them."""
    weights = counts[: len(ballots)]
    p = RankedProfile.from_ballots(list("abcde"), ballots, counts=weights, rules="debian")
    expected = np.zeros((5, 5), dtype=int)
    for b, k in zip(ballots, weights, strict=True):
        level = {x: i for i, g in enumerate(b) for x in g}
        for x in range(5):
            for y in range(5):
                if level.get(x, 99) < level.get(y, 99):
                    expected[x, y] += k
    assert pairwise_matrix(p).tolist() == expected.tolist()
