"""Approval profiles built from arrays: the same ballots as from lists, aggregated in one pass."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commune.socialchoice import ApprovalProfile, approval


def as_multiset(p: ApprovalProfile) -> dict[frozenset[int], int]:
    return dict(p.sets())


def test_an_approval_array_is_counted_without_sorting_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """With 10 candidates the rows are counted by a histogram of bit keys: nothing is sorted.

    (The sort was what made a 10^6 × 10 profile take 2 s; bench/tally.py measures it.)
    """
    rng = np.random.default_rng(1871)
    a = rng.random((20_000, 10)) < 0.3

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the ballots were sorted")

    monkeypatch.setattr(np, "unique", refuse)
    monkeypatch.setattr(np, "lexsort", refuse)
    monkeypatch.setattr(np, "sort", refuse)
    p = ApprovalProfile.from_array([f"c{i}" for i in range(10)], a)
    monkeypatch.undo()
    assert p.num_voters + p.irregular.num_blank == 20_000
    assert approval(p).scores == {f"c{i}": int(a[:, i].sum()) for i in range(10)}


@st.composite
def approval_arrays(draw: st.DrawFn) -> tuple[np.ndarray, list[int] | None]:
    c = draw(st.sampled_from([1, 2, 3, 7, 8, 9, 16, 25, 40, 62, 63, 70]))
    n = draw(st.integers(0, 40))
    density = draw(st.sampled_from([0.0, 0.2, 0.5, 1.0]))
    seed = draw(st.integers(0, 2**32 - 1))
    a = np.random.default_rng(seed).random((n, c)) < density
    if n and draw(st.booleans()):
        a[draw(st.integers(0, n - 1))] = a[0]  # a repeated ballot
    counts = draw(st.none() | st.lists(st.integers(0, 5), min_size=n, max_size=n))
    return a, counts


@settings(max_examples=200, deadline=None)
@given(approval_arrays())
def test_from_array_builds_what_from_ballots_builds(
    case: tuple[np.ndarray, list[int] | None],
) -> None:
    """From an array or from lists, the same ballots give the same profile (up to order)."""
    a, counts = case
    names = [f"c{i}" for i in range(a.shape[1])]
    p = ApprovalProfile.from_array(names, a, counts=counts)
    q = ApprovalProfile.from_ballots(
        names, [np.flatnonzero(row).tolist() for row in a], counts=counts
    )
    assert as_multiset(p) == as_multiset(q)
    assert p.irregular == q.irregular
    assert p.num_voters == q.num_voters
    assert p.digest() == q.digest()
    assert p.approvals.dtype == np.bool_ and p.counts.dtype == np.int64


def test_an_integer_array_is_read_as_approvals() -> None:
    """A 0/1 integer array is accepted: non-zero marks are approvals."""
    p = ApprovalProfile.from_array(["a", "b"], np.array([[1, 0], [1, 1], [0, 0]]))
    assert as_multiset(p) == {frozenset({0}): 1, frozenset({0, 1}): 1}
    assert p.irregular.num_blank == 1
