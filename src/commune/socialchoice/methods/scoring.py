"""Scoring methods: Borda (ranked), approval, score and majority judgment (cardinal)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import numpy as np

from commune.socialchoice.cardinal import ApprovalProfile, ScoreProfile
from commune.socialchoice.methods._common import (
    best,
    by_name,
    count_fields,
    ranking_from_scores,
    require,
    rules_of,
    single_winner,
    tiebreaker,
    weighted_bincount,
)
from commune.socialchoice.profile import RankedProfile
from commune.socialchoice.result import Result, Round
from commune.socialchoice.rules import RuleSet


def _finish(
    method: str, profile: Any, rs: RuleSet, tb: Any, scores: dict[str, Any], **kw: Any
) -> Result:
    return single_winner(
        method,
        profile,
        rs,
        tb,
        best(scores),
        scores=scores,
        ranking=ranking_from_scores(scores),
        **kw,
    )


def borda(
    profile: RankedProfile,
    *,
    rules: str | RuleSet | None = None,
    seed: str | int | None = None,
    variant: Literal["pessimistic", "symmetric"] = "pessimistic",
) -> Result:
    """Borda count: each ballot gives a candidate one point per candidate ranked below it.

    With ``C`` candidates a complete strict ballot gives ``C-1, C-2, …, 0`` points. For
    truncated ballots and equal preferences the documented variant is ``"pessimistic"``
    (the default, as pref_voting does): unranked candidates count as tied below every ranked
    one, so a candidate gets the number of candidates *strictly* below it and unranked ones get
    0. ``"symmetric"`` scores points-below minus points-above (equivalently, unranked candidates
    share the points they would average): the sum of the candidate's pairwise margins.
    Ties for the top score are broken by lot. Reference: J.-C. de Borda, "Mémoire sur les
    élections au scrutin", *Histoire de l'Académie royale des sciences* (1781).

    >>> p = RankedProfile.from_ballots(["a", "b", "c"],
    ...     [["a", "b", "c"]] * 2 + [["b", "c", "a"]] * 2 + [["c", "a"]])
    >>> borda(p).scores
    {'a': 5, 'b': 6, 'c': 4}
    """
    require(profile, RankedProfile, "Borda")
    rs = rules_of(profile, rules)
    tb = tiebreaker(profile, rs, seed)
    c = profile.num_candidates
    # points reach (ballots) × (C - 1): past int64, add them as Python integers
    exact: Any = np.int64 if profile.num_voters * max(c - 1, 1) < 2**62 else object
    if profile.levels is None and variant == "pessimistic":
        points = np.zeros(c, dtype=exact)
        for r in range(profile.max_ranks):
            col = profile.ballots[:, r].astype(np.intp)
            col = np.where(col < 0, c, col)
            points += weighted_bincount(col, profile.counts, c + 1)[:c].astype(exact) * (c - 1 - r)
    else:
        from commune.socialchoice.methods.condorcet import pairwise_matrix

        pm = pairwise_matrix(profile).astype(exact)
        points = pm.sum(axis=1) if variant == "pessimistic" else (pm - pm.T).sum(axis=1)
    scores = by_name(profile.candidates, points)
    return _finish("borda", profile, rs, tb, scores, notes=(f"variant: {variant}",))


def approval(
    profile: ApprovalProfile, *, rules: str | RuleSet | None = None, seed: str | int | None = None
) -> Result:
    """Approval voting: each ballot approves any number of candidates; most approvals win.

    Ties are broken by lot. Reference: S. J. Brams and P. C. Fishburn, "Approval voting",
    *American Political Science Review* 72 (1978).

    >>> p = ApprovalProfile.from_ballots(["a", "b", "c"], [{"a", "b"}, {"b"}, {"c", "a"}, {"b"}])
    >>> approval(p).winners, approval(p).scores
    (('b',), {'a': 2, 'b': 3, 'c': 1})
    """
    require(profile, ApprovalProfile, "approval voting")
    rs = rules_of(profile, rules)
    tb = tiebreaker(profile, rs, seed)
    totals = profile.counts.astype(np.int64) @ profile.approvals.astype(np.int64)
    scores = by_name(profile.candidates, totals)
    return _finish("approval", profile, rs, tb, scores)


def score(
    profile: ScoreProfile, *, rules: str | RuleSet | None = None, seed: str | int | None = None
) -> Result:
    """Score (range) voting: the candidate with the highest total score wins.

    Unscored candidates get 0. Ties are broken by lot. Reference: W. D. Smith, "Range voting"
    (2000); the Olympic judging tradition.

    >>> from commune.socialchoice.cardinal import ScoreProfile
    >>> p = ScoreProfile.from_ballots(["a", "b"], [{"a": 5, "b": 3}, {"a": 0, "b": 4}], max_score=5)
    >>> score(p).scores
    {'a': 5, 'b': 7}
    """
    require(profile, ScoreProfile, "score voting")
    rs = rules_of(profile, rules)
    tb = tiebreaker(profile, rs, seed)
    totals = profile.counts.astype(np.int64) @ profile.scores.astype(np.int64)
    scores = by_name(profile.candidates, totals)
    return _finish("score", profile, rs, tb, scores)


def _median_runs(hist: Sequence[int]) -> list[tuple[int, int]]:
    """The majority-value sequence of a grade histogram, run-length encoded.

    Repeatedly take the lower median grade and remove one vote of it (Balinski–Laraki); the
    runs ``(grade, length)`` are found by binary search, so the cost is ``O(G log N)``.
    """
    h = [int(x) for x in hist]
    runs: list[tuple[int, int]] = []
    n = sum(h)
    while n > 0:
        m = (n - 1) // 2
        below = 0
        g = 0
        while below + h[g] <= m:
            below += h[g]
            g += 1

        def holds(k: int, below: int = below, g: int = g, n: int = n) -> bool:
            # is the lower median still grade g after k votes of grade g were removed?
            mk = (n - k - 1) // 2
            return below <= mk <= below + h[g] - k - 1

        lo, hi = 0, h[g] - 1  # holds(0) is true by the choice of g; holds is monotone
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if holds(mid):
                lo = mid
            else:
                hi = mid - 1
        lo += 1
        runs.append((g, lo))
        h[g] -= lo
        n -= lo
    return runs


def _compare_runs(x: list[tuple[int, int]], y: list[tuple[int, int]]) -> int:
    """Lexicographic comparison of two run-length majority values (1: x better, -1, 0)."""
    i = j = 0
    xi = list(x)
    yj = list(y)
    while i < len(xi) and j < len(yj):
        (gx, lx), (gy, ly) = xi[i], yj[j]
        if gx != gy:
            return 1 if gx > gy else -1
        step = min(lx, ly)
        xi[i] = (gx, lx - step)
        yj[j] = (gy, ly - step)
        if xi[i][1] == 0:
            i += 1
        if yj[j][1] == 0:
            j += 1
    return 0


def majority_judgment(
    profile: ScoreProfile, *, rules: str | RuleSet | None = None, seed: str | int | None = None
) -> Result:
    """Majority judgment: the candidate with the best median grade wins.

    Each voter grades every candidate (ungraded = the lowest grade). A candidate's *majority
    grade* is its lower median grade. Ties between equal medians are settled by the
    *majority value*: remove one median grade from each tied candidate and compare the new
    medians, and so on (lexicographic order of the median sequences). Candidates equal even
    then are all returned and one is drawn by lot. Reference: M. Balinski and R. Laraki,
    *Majority Judgment* (MIT Press, 2011), ch. 13.

    >>> from commune.socialchoice.cardinal import ScoreProfile
    >>> p = ScoreProfile.from_ballots(["a", "b"],
    ...     [{"a": 2, "b": 1}, {"a": 1, "b": 3}, {"a": 3, "b": 1}], max_score=3)
    >>> r = majority_judgment(p)
    >>> r.winners, r.scores
    (('a',), {'a': 2, 'b': 1})
    """
    require(profile, ScoreProfile, "majority judgment")
    rs = rules_of(profile, rules)
    tb = tiebreaker(profile, rs, seed)
    c = profile.num_candidates
    g = profile.max_score + 1
    hists = []
    for k in range(c):
        hists.append(
            np.bincount(profile.scores[:, k].astype(np.intp), weights=profile.counts, minlength=g)
            .astype(np.int64)
            .tolist()
        )
    runs = [_median_runs(h) for h in hists]
    medians = {profile.candidates[k]: (runs[k][0][0] if runs[k] else 0) for k in range(c)}
    import functools

    def better_first(a: int, b: int) -> int:
        return -_compare_runs(runs[a], runs[b])

    order = sorted(range(c), key=functools.cmp_to_key(better_first))
    top = [k for k in order if _compare_runs(runs[k], runs[order[0]]) == 0]
    tied = [profile.candidates[k] for k in sorted(top)]
    winner = tied if len(tied) == 1 else tb.lot(tied, "majority judgment winner")
    ranking: list[tuple[str, ...]] = []
    for k in order:
        if ranking and _compare_runs(runs[k], runs[profile.candidates.index(ranking[-1][0])]) == 0:
            ranking[-1] = (*ranking[-1], profile.candidates[k])
        else:
            ranking.append((profile.candidates[k],))
    grade_names = profile.grades
    return Result(
        method="majority-judgment",
        candidates=profile.candidates,
        winners=tuple(winner),
        tied_winners=tuple(tied),
        scores=medians,
        ranking=tuple(ranking),
        rounds=(
            Round(
                1,
                medians,
                note="majority (lower median) grade of each candidate"
                + (f"; grades: {', '.join(grade_names)}" if grade_names else ""),
            ),
        ),
        extra={"grade_counts": {profile.candidates[k]: hists[k] for k in range(c)}},
        **count_fields(profile, rs, tb),
    )
