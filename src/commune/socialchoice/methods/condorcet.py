"""Pairwise (Condorcet) methods: Schulze, ranked pairs, Copeland, minimax; and the Debian rules.

All start from the pairwise matrix ``P[a, b]``: the number of ballots that prefer ``a`` to ``b``.
A ranked candidate is preferred to an unranked one; two unranked candidates (and equal
preferences) are not compared.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from commune.socialchoice.errors import MethodError
from commune.socialchoice.methods._common import (
    best,
    require,
    rules_of,
    single_winner,
    tiebreaker,
)
from commune.socialchoice.profile import EXACT_FLOAT_LIMIT, RankedProfile
from commune.socialchoice.result import Result, Round, matrix
from commune.socialchoice.rules import RuleSet

IntArray = npt.NDArray[np.int64]
Strength = Literal["winning", "margin"]

ROW_BLOCK = 1 << 15


def _workers() -> int:
    return max(1, min(2, os.cpu_count() or 1))


def pairwise_matrix(profile: RankedProfile) -> IntArray:
    """``P[a, b]``: weighted number of ballots preferring candidate ``a`` to candidate ``b``.

    Block by block (bounded memory), each ballot's rank positions are gathered for every pair
    ``a < b`` and compared both ways (one way only for complete strict rankings, where
    ``P[b, a] = N - P[a, b]``), then summed — weighted by the counts when ballots are
    aggregated. Blocks are spread over two threads: NumPy releases the GIL in these loops.

    >>> p = RankedProfile.from_ballots(["a", "b", "c"], [["a", "b", "c"], ["b", "c"], ["c"]])
    >>> pairwise_matrix(p).tolist()
    [[0, 1, 1], [1, 0, 2], [2, 1, 0]]
    """
    c = profile.num_candidates
    w = profile.counts
    if w.size and int(w.sum()) >= EXACT_FLOAT_LIMIT:
        raise MethodError("too many ballots for exact pairwise counts")
    unit = bool((w == 1).all()) if w.size else True
    n = profile.num_distinct
    ballots = profile.ballots
    levels = profile.levels

    ia, ib = np.triu_indices(c, 1)
    pos_type: Any = np.int8 if c < 127 else np.int16
    # complete strict rankings: P[b, a] = N - P[a, b], so only "a before b" is counted
    complete = (
        levels is None and c > 1 and ballots.shape[1] >= c and bool((ballots[:, c - 1] >= 0).all())
    )

    def block(start: int) -> npt.NDArray[Any]:
        stop = min(start + ROW_BLOCK, n)
        rows = np.arange(stop - start)[:, None]
        if complete:
            # every candidate is ranked: positions are the inverse permutations
            pos = np.empty((stop - start, c), dtype=pos_type)
            pos[rows, ballots[start:stop, :c]] = np.arange(c, dtype=pos_type)
        else:
            b = ballots[start:stop].astype(np.intp)
            pos = np.full((stop - start, c + 1), c, dtype=pos_type)
            rank = (
                np.broadcast_to(np.arange(b.shape[1], dtype=pos_type), b.shape)
                if levels is None
                else levels[start:stop]
            )
            pos[rows, np.where(b < 0, c, b)] = rank
        left, right = pos[:, ia], pos[:, ib]
        tests = [left < right] if complete else [left < right, left > right]
        sums = []
        for beats in tests:
            if unit:
                sums.append(np.add.reduce(beats.view(np.uint8), axis=0, dtype=np.int64))
            else:
                wb = w[start:stop].astype(np.float64)
                sums.append(np.rint(wb @ beats).astype(np.int64))
        out: npt.NDArray[Any] = np.concatenate(sums)
        return out

    starts = range(0, n, ROW_BLOCK)
    if n > ROW_BLOCK and _workers() > 1:
        with ThreadPoolExecutor(_workers()) as pool:
            parts = list(pool.map(block, starts))
    else:
        parts = [block(s) for s in starts]
    pairs = len(ia)
    total = np.sum(parts, axis=0) if parts else np.zeros(pairs * (1 if complete else 2), np.int64)
    full = np.zeros((c, c), dtype=np.int64)
    full[ia, ib] = total[:pairs]
    full[ib, ia] = int(w.sum()) - total[:pairs] if complete else total[pairs:]
    return full


def _strength(p: IntArray, kind: Strength) -> IntArray:
    """The weight of each defeat ``a`` over ``b`` (0 where ``a`` does not beat ``b``)."""
    beats = p > p.T
    if kind == "winning":
        return np.where(beats, p, 0)
    return np.where(beats, p - p.T, 0)


def widest_paths(d: IntArray) -> IntArray:
    """Floyd–Warshall on the bottleneck (widest path) semiring: ``S[a, b]`` strongest path."""
    s = d.copy()
    c = s.shape[0]
    for k in range(c):
        s = np.maximum(s, np.minimum(s[:, k : k + 1], s[k : k + 1, :]))
    np.fill_diagonal(s, 0)
    return s


def _common(profile: RankedProfile, rules: str | RuleSet | None, seed: str | int | None) -> Any:
    require(profile, RankedProfile, "a pairwise method")
    rs = rules_of(profile, rules)
    return rs, tiebreaker(profile, rs, seed)


def _result(
    method: str,
    profile: RankedProfile,
    rs: RuleSet,
    tb: Any,
    tied: Sequence[str],
    p: IntArray,
    **kw: Any,
) -> Result:
    return single_winner(method, profile, rs, tb, tied, pairwise=matrix(p.tolist()), **kw)


def schulze(
    profile: RankedProfile,
    *,
    rules: str | RuleSet | None = None,
    seed: str | int | None = None,
    strength: Strength = "winning",
    p: IntArray | None = None,
) -> Result:
    """Schulze (beatpath): the winners are those no one beats by a stronger path.

    A defeat of ``a`` over ``b`` (``P[a,b] > P[b,a]``) has strength ``P[a,b]`` ("winning
    votes", Schulze's recommendation and Debian's) or ``P[a,b] - P[b,a]`` (``"margin"``; the
    two agree on complete strict ballots). The strength of a path is its weakest defeat;
    ``S[a,b]`` is the strongest path from ``a`` to ``b`` (Floyd–Warshall). ``a`` is a winner iff
    ``S[a,b] >= S[b,a]`` for every ``b``; several winners are all returned in ``tied_winners``
    and one is drawn by lot. The ``ranking`` orders candidates by ``S[a,b] > S[b,a]``.
    Reference: M. Schulze, "A new monotonic, clone-independent, reversal symmetric, and
    Condorcet-consistent single-winner election method", *Social Choice and Welfare* 36 (2011).

    >>> p = RankedProfile.from_ballots(["a", "b", "c"],
    ...     [["a", "b", "c"]] * 3 + [["b", "c", "a"]] * 2 + [["c", "a", "b"]] * 2)
    >>> r = schulze(p)
    >>> r.winners, r.strongest_paths
    (('a',), ((0, 5, 5), (4, 0, 5), (4, 4, 0)))
    """
    rs, tb = _common(profile, rules, seed)
    if p is None:
        p = pairwise_matrix(profile)
    s = widest_paths(_strength(p, strength))
    names = profile.candidates
    c = len(names)
    wins = (s >= s.T) | np.eye(c, dtype=bool)
    tied = [names[a] for a in range(c) if wins[a].all()]
    better = s > s.T
    return _result(
        "schulze",
        profile,
        rs,
        tb,
        tied,
        p,
        strongest_paths=matrix(s.tolist()),
        ranking=_ranking_from_relation(names, better),
        notes=(f"defeat strength: {strength}",),
    )


def _ranking_from_relation(
    names: Sequence[str], better: npt.NDArray[np.bool_]
) -> tuple[tuple[str, ...], ...]:
    """Group candidates by how many others are ranked strictly above them (best first)."""
    above = better.sum(axis=0)
    levels = sorted(set(above.tolist()))
    return tuple(tuple(n for i, n in enumerate(names) if above[i] == lv) for lv in levels)


def ranked_pairs(
    profile: RankedProfile,
    *,
    rules: str | RuleSet | None = None,
    seed: str | int | None = None,
    strength: Strength = "margin",
    max_orders: int = 200_000,
) -> Result:
    """Ranked pairs (Tideman): lock in majorities from strongest down, skipping cycles.

    Pairs ``a > b`` with a positive margin are taken from the largest margin down and locked
    unless they would close a cycle with pairs already locked; the winner is the source of the
    locked graph. Where several pairs have the same margin, every order of them is tried
    ("parallel universes"): a candidate that wins in some order is a winner and all of them
    are returned in ``tied_winners``; one is then drawn by lot. The search shares the states
    that different orders reach; should it still need more than ``max_orders`` states (a
    fraction of a second each 20,000), the pairs are instead ordered by a tie-breaking ranking
    of the candidates drawn by lot (Tideman's TBRC), and a note says so — the only case where
    renaming the candidates can change the winner.
    Reference: T. N. Tideman, "Independence of clones as a criterion for voting rules",
    *Social Choice and Welfare* 4 (1987).

    >>> p = RankedProfile.from_ballots(["a", "b", "c"],
    ...     [["a", "b", "c"]] * 3 + [["b", "c", "a"]] * 2 + [["c", "a", "b"]] * 2)
    >>> ranked_pairs(p).winners
    ('a',)
    """
    rs, tb = _common(profile, rules, seed)
    p = pairwise_matrix(profile)
    names = profile.candidates
    c = len(names)
    d = _strength(p, strength)
    edges = [(int(d[a, b]), a, b) for a in range(c) for b in range(c) if d[a, b] > 0]
    groups: list[list[tuple[int, int]]] = []
    for _, grp in itertools.groupby(sorted(edges, key=lambda e: -e[0]), key=lambda e: e[0]):
        groups.append([(a, b) for _, a, b in grp])
    notes = [f"pair strength: {strength}"]
    winners = _rp_all_winners(groups, c, max_orders)
    if winners is None:
        order = tb.lot(list(names), "ranked pairs tie-breaking ranking", k=c)
        rank = {names.index(nm): i for i, nm in enumerate(order)}
        flat = [e for g in groups for e in sorted(g, key=lambda e: (rank[e[0]], rank[e[1]]))]
        locked = _lock(flat, c)
        winners = {a for a in range(c) if not any(locked[x][a] for x in range(c))}
        notes.append("too many equal margins: pairs ordered by a tie-breaking ranking by lot")
    tied = [names[a] for a in sorted(winners)]
    return _result("ranked-pairs", profile, rs, tb, tied, p, notes=tuple(notes))


def _lock(edges: Sequence[tuple[int, int]], c: int) -> list[list[bool]]:
    locked = [[False] * c for _ in range(c)]
    for a, b in edges:
        if not _reaches(locked, b, a, c):
            locked[a][b] = True
    return locked


def _reaches(locked: list[list[bool]], src: int, dst: int, c: int) -> bool:
    stack, seen = [src], {src}
    while stack:
        x = stack.pop()
        if x == dst:
            return True
        for y in range(c):
            if locked[x][y] and y not in seen:
                seen.add(y)
                stack.append(y)
    return False


def _rp_all_winners(groups: list[list[tuple[int, int]]], c: int, budget: int) -> set[int] | None:
    """Winners over every order of equal-strength pairs; ``None`` past ``budget`` states."""
    winners: set[int] = set()
    seen: set[tuple[int, frozenset[tuple[int, int]], frozenset[tuple[int, int]]]] = set()
    count = 0

    def closure(locked: frozenset[tuple[int, int]], a: int, b: int) -> bool:
        # would locking a->b make a cycle, i.e. does b reach a?
        adj: dict[int, list[int]] = {}
        for x, y in locked:
            adj.setdefault(x, []).append(y)
        stack, visited = [b], {b}
        while stack:
            x = stack.pop()
            if x == a:
                return True
            for y in adj.get(x, ()):
                if y not in visited:
                    visited.add(y)
                    stack.append(y)
        return False

    def go(
        gi: int, pending: frozenset[tuple[int, int]], locked: frozenset[tuple[int, int]]
    ) -> bool:
        nonlocal count
        count += 1
        if count > budget:
            return False
        while not pending:
            if gi == len(groups):
                targets = {y for _, y in locked}
                winners.update(a for a in range(c) if a not in targets)
                return True
            pending = frozenset(groups[gi])
            gi += 1
        key = (gi, pending, locked)
        if key in seen:
            return True
        seen.add(key)
        for e in sorted(pending):
            rest = pending - {e}
            nxt = locked if closure(locked, *e) else locked | {e}
            if not go(gi, rest, nxt):
                return False
        return True

    ok = go(0, frozenset(), frozenset())
    return winners if ok else None


def copeland(
    profile: RankedProfile, *, rules: str | RuleSet | None = None, seed: str | int | None = None
) -> Result:
    """Copeland: one point per pairwise win, half a point per pairwise tie; most points win.

    All candidates with the top score are returned in ``tied_winners``; one is drawn by lot.
    Reference: A. H. Copeland, "A reasonable social welfare function", Univ. of Michigan
    seminar (1951).

    >>> p = RankedProfile.from_ballots(["a", "b", "c"], [["a", "b", "c"], ["b", "a", "c"]])
    >>> r = copeland(p)
    >>> r.tied_winners, r.scores
    (('a', 'b'), {'a': Fraction(3, 2), 'b': Fraction(3, 2), 'c': 0})
    """
    rs, tb = _common(profile, rules, seed)
    p = pairwise_matrix(profile)
    names = profile.candidates
    c = len(names)
    scores: dict[str, Fraction | int] = {}
    for a in range(c):
        v = Fraction(0)
        for b in range(c):
            if a != b:
                v += 1 if p[a, b] > p[b, a] else Fraction(1, 2) if p[a, b] == p[b, a] else 0
        scores[names[a]] = int(v) if v.denominator == 1 else v
    tied = best(scores)
    values = sorted(set(scores.values()), reverse=True)
    ranking = tuple(tuple(n for n in names if scores[n] == v) for v in values)
    return _result("copeland", profile, rs, tb, tied, p, scores=scores, ranking=ranking)


def minimax(
    profile: RankedProfile,
    *,
    rules: str | RuleSet | None = None,
    seed: str | int | None = None,
    strength: Literal["margin", "winning", "opposition"] = "margin",
) -> Result:
    """Minimax (Simpson–Kramer): the winner's worst pairwise defeat is the least bad.

    A candidate's score is its largest defeat: the largest margin ``P[b,a] - P[a,b]`` against
    it (``"margin"``, the default, as in pref_voting), the largest ``P[b,a]`` among defeats
    (``"winning"``) or the largest ``P[b,a]`` at all (``"opposition"``). The lowest score wins; ties
    are all returned and one is drawn by lot. Reference: P. B. Simpson, "On defining areas of
    voter choice", *Quarterly Journal of Economics* 83 (1969).

    >>> p = RankedProfile.from_ballots(["a", "b", "c"],
    ...     [["a", "b", "c"]] * 3 + [["b", "c", "a"]] * 2 + [["c", "a", "b"]] * 2)
    >>> minimax(p).winners
    ('a',)
    """
    rs, tb = _common(profile, rules, seed)
    p = pairwise_matrix(profile)
    names = profile.candidates
    c = len(names)
    if strength == "margin":
        against = p.T - p
    elif strength == "winning":
        against = np.where(p < p.T, p.T, 0)
    else:
        against = p.T.copy()
    np.fill_diagonal(against, np.iinfo(np.int64).min)
    worst = against.max(axis=1) if c > 1 else np.zeros(1, dtype=np.int64)
    if strength == "margin":
        worst = np.maximum(worst, 0)
    scores = {names[a]: int(worst[a]) for a in range(c)}
    tied = best(scores, lowest=True)
    values = sorted(set(scores.values()))
    ranking = tuple(tuple(n for n in names if scores[n] == v) for v in values)
    return _result(
        "minimax",
        profile,
        rs,
        tb,
        tied,
        p,
        scores=scores,
        ranking=ranking,
        notes=(f"defeat measure: {strength} (lower is better)",),
    )


def condorcet_winner(p: IntArray) -> int | None:
    """The candidate who beats every other head to head, if there is one."""
    c = p.shape[0]
    for a in range(c):
        if all(p[a, b] > p[b, a] for b in range(c) if b != a):
            return a
    return None


def debian(
    profile: RankedProfile,
    *,
    rules: str | RuleSet | None = None,
    seed: str | int | None = None,
    quorum: int | None = None,
) -> Result:
    """Debian's Condorcet/Cloneproof SSD vote (constitution A.6, 2003 onwards).

    Options that do not defeat the default option ("None Of The Above") by its majority ratio
    (1:1 for a DPL election: strictly more voters prefer the option to the default than the
    reverse), or whose support over the default falls short of the ``quorum``, are dropped
    (A.6.2–3). Among the rest and the default, Schulze with defeats weighed by winning votes
    (the number of voters on the winning side, A.6.8) finds the winners; ties are broken by
    lot here (the constitution gives the casting vote to the elector who chairs). Unranked
    options rank equal, below ranked ones — as every pairwise method here already treats them.
    Reference: Debian Constitution, appendix A.6, https://www.debian.org/devel/constitution.

    >>> p = RankedProfile.from_ballots(["Towns", "Garbee", "None Of The Above"],
    ...     [["Towns", "Garbee"]] * 3 + [["Garbee", "None Of The Above"]] * 2, rules="debian")
    >>> debian(p).winners
    ('Towns',)
    """
    rs, tb = _common(profile, rules, seed)
    default = rs.default_option or "None Of The Above"
    names = profile.candidates
    lower = [n.lower() for n in names]
    if default.lower() not in lower:
        raise MethodError(f"the Debian rules need the default option {default!r}")
    d = lower.index(default.lower())
    p = pairwise_matrix(profile)
    ratio = rs.default_majority
    dropped = []
    for a in range(len(names)):
        if a == d:
            continue
        if not p[a, d] > ratio * p[d, a] or (quorum is not None and p[a, d] < quorum):
            dropped.append(a)
    keep = [a for a in range(len(names)) if a not in dropped]
    sub = p[np.ix_(keep, keep)]
    s = widest_paths(_strength(sub, "winning"))
    k = len(keep)
    wins = (s >= s.T) | np.eye(k, dtype=bool)
    tied = [names[keep[i]] for i in range(k) if wins[i].all()]
    notes = [
        f"default option: {names[d]}; majority ratio {ratio}",
        "dropped (did not defeat the default option): "
        + (", ".join(names[a] for a in dropped) or "none"),
    ]
    if quorum is not None:
        notes.append(f"quorum: {quorum}")
    full = np.zeros_like(p)
    full[np.ix_(keep, keep)] = s
    return _result(
        "debian",
        profile,
        rs,
        tb,
        tied,
        p,
        strongest_paths=matrix(full.tolist()),
        ranking=_ranking_from_relation([names[i] for i in keep], s > s.T),
        notes=tuple(notes),
        rounds=(
            Round(
                1,
                {names[a]: int(p[a, d]) for a in range(len(names)) if a != d},
                note=f"votes preferring each option to {names[d]}",
                excluded=tuple(names[a] for a in dropped),
            ),
        ),
    )
