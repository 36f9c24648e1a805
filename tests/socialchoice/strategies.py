"""Hypothesis strategies shared by the property and differential tests."""

from __future__ import annotations

from hypothesis import strategies as st

Ballots = list[tuple[tuple[int, ...], int]]


@st.composite
def ranked_ballots(
    draw: st.DrawFn,
    *,
    complete: bool,
    min_candidates: int = 3,
    max_candidates: int = 6,
    max_distinct: int = 12,
    max_count: int = 4,
) -> tuple[int, Ballots]:
    """``(number of candidates, [(strict order, count), …])``, complete or truncated."""
    c = draw(st.integers(min_candidates, max_candidates))
    n = draw(st.integers(1, max_distinct))
    out: Ballots = []
    for _ in range(n):
        perm = draw(st.permutations(range(c)))
        k = c if complete else draw(st.integers(1, c))
        out.append((tuple(perm[:k]), draw(st.integers(1, max_count))))
    return c, out


@st.composite
def approval_ballots(
    draw: st.DrawFn, *, max_candidates: int = 6, max_voters: int = 12
) -> tuple[int, list[frozenset[int]]]:
    """``(number of candidates, [approved set, …])`` with non-empty sets."""
    c = draw(st.integers(3, max_candidates))
    n = draw(st.integers(1, max_voters))
    sets = [
        frozenset(draw(st.sets(st.integers(0, c - 1), min_size=1, max_size=c))) for _ in range(n)
    ]
    return c, sets
