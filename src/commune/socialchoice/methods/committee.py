"""Proportional committees from approval ballots: PAV, sequential Phragmén, equal shares.

All three use exact rational arithmetic (:class:`fractions.Fraction`) over the distinct
ballots, so ties are real ties, broken by a recorded lot.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from typing import Any

import numpy as np

from commune.socialchoice.cardinal import ApprovalProfile
from commune.socialchoice.errors import MethodError
from commune.socialchoice.methods._common import count_fields, rules_of, tiebreaker
from commune.socialchoice.result import Result, Round
from commune.socialchoice.rules import RuleSet
from commune.socialchoice.ties import TieBreaker

MAX_COMMITTEES = 2_000_000


def _check(profile: ApprovalProfile, seats: int) -> None:
    if not isinstance(profile, ApprovalProfile):
        raise MethodError("this method needs approval ballots")
    if not 1 <= seats <= profile.num_candidates:
        raise MethodError(f"seats must be between 1 and {profile.num_candidates}")


def _result(
    method: str,
    profile: ApprovalProfile,
    seats: int,
    rs: RuleSet,
    tb: TieBreaker,
    winners: list[int],
    **kw: Any,
) -> Result:
    names = profile.candidates
    return Result(
        method=method,
        candidates=names,
        winners=tuple(names[k] for k in winners),
        seats=seats,
        arithmetic="exact fractions",
        **kw,
        **count_fields(profile, rs, tb),
    )


def pav(
    profile: ApprovalProfile,
    *,
    seats: int,
    rules: str | RuleSet | None = None,
    seed: str | int | None = None,
) -> Result:
    """Proportional approval voting: the committee with the highest PAV score (exact optimum).

    A voter who approves ``j`` members of a committee contributes ``1 + 1/2 + … + 1/j`` to its
    score; the committee of ``seats`` candidates with the highest total wins. Every committee is
    scored (vectorised over committees and distinct ballots, in integers scaled by
    ``lcm(1..seats)``), so the answer is the true optimum; inputs with more than two million
    committees are refused. All optimal committees are listed in ``extra["tied_committees"]``;
    one is drawn by lot. Reference: W. Thiele (1895); Aziz et al., "Justified representation in
    approval-based committee voting", *Social Choice and Welfare* 48 (2017).

    >>> p = ApprovalProfile.from_ballots(["a", "b", "c"], [{"a", "b"}] * 3 + [{"c"}] * 2)
    >>> pav(p, seats=2).winners
    ('a', 'c')
    """
    rs = rules_of(profile, rules)
    tb = tiebreaker(profile, rs, seed)
    _check(profile, seats)
    c = profile.num_candidates
    total = math.comb(c, seats)
    if total > MAX_COMMITTEES:
        raise MethodError(f"{total} committees: too many for an exact PAV optimum")
    scale = math.lcm(*range(1, seats + 1))
    harmonic = [int(scale * sum(Fraction(1, i) for i in range(1, j + 1))) for j in range(seats + 1)]
    # scores reach (ballots) × scale × H(seats): past int64, they are Python integers
    exact: Any = np.int64 if harmonic[-1] * max(profile.num_voters, 1) < 2**62 else object
    harm = np.array(harmonic, dtype=exact)
    approvals = profile.approvals.astype(np.int64)
    weights = profile.counts.astype(exact)
    best_score: int | None = None
    best: list[tuple[int, ...]] = []
    combos = itertools.combinations(range(c), seats)
    while True:
        chunk = list(itertools.islice(combos, 4096))
        if not chunk:
            break
        member = np.zeros((c, len(chunk)), dtype=np.int64)
        for j, com in enumerate(chunk):
            member[list(com), j] = 1
        hits = approvals @ member  # (ballots, committees): approved members
        scores = weights @ harm[hits]
        top = int(scores.max())
        if best_score is None or top > best_score:
            best_score, best = top, []
        if top == best_score:
            best += [chunk[j] for j in np.flatnonzero(scores == top).tolist()]
    names = profile.candidates
    labels = [", ".join(names[k] for k in com) for com in best]
    chosen = best[0] if len(best) == 1 else best[labels.index(tb.lot(labels, "PAV committee")[0])]
    members = sorted({k for com in best for k in com})
    score = Fraction(best_score or 0, scale)
    return _result(
        "pav",
        profile,
        seats,
        rs,
        tb,
        list(chosen),
        tied_winners=tuple(names[k] for k in members),
        scores={"PAV score": score},
        notes=tuple(f"optimal committee: {label}" for label in labels),
        extra={
            "tied_committees": [[names[k] for k in com] for com in best],
            "score": score,
            "committees_scored": total,
        },
    )


def _phragmen(
    profile: ApprovalProfile,
    seats: int,
    tb: TieBreaker,
    committee: list[int],
    loads: list[Fraction],
    rounds: list[Round],
    label: str,
) -> list[int]:
    """Sequential Phragmén from ``committee`` and voter ``loads``; appends one round per seat."""
    names = profile.candidates
    sets = profile.sets()
    while len(committee) < seats:
        new_loads: dict[int, Fraction] = {}
        for cand in range(profile.num_candidates):
            if cand in committee:
                continue
            support = [i for i, (s, _) in enumerate(sets) if cand in s]
            weight = sum(sets[i][1] for i in support)
            if weight:
                spent = sum((sets[i][1] * loads[i] for i in support), Fraction(0))
                new_loads[cand] = (1 + spent) / weight
        if new_loads:
            low = min(new_loads.values())
            tied = [names[k] for k, v in new_loads.items() if v == low]
        else:
            low = Fraction(0)
            tied = [names[k] for k in range(profile.num_candidates) if k not in committee]
        if len(tied) > 1:
            tied = tb.lot(tied, f"{label} seat {len(committee) + 1}")
        pick = names.index(tied[0])
        committee.append(pick)
        for i, (s, _) in enumerate(sets):
            if pick in s:
                loads[i] = low
        rounds.append(
            Round(
                len(rounds) + 1,
                {names[k]: v for k, v in new_loads.items()},
                elected=(names[pick],),
                note=f"{label}: new maximal load if elected",
            )
        )
    return committee


def seq_phragmen(
    profile: ApprovalProfile,
    *,
    seats: int,
    rules: str | RuleSet | None = None,
    seed: str | int | None = None,
) -> Result:
    """Sequential Phragmén: seats go one by one to the candidate whose election spreads the load
    least.

    Electing a candidate costs one unit, shared by its approvers so that they all end with the
    same load: ``(1 + Σ w·load) / Σ w`` over the approvers. The candidate for whom that new
    load is smallest is elected; ties are broken by lot. Loads are exact fractions.
    Reference: E. Phragmén (1894); M. Brill et al., "Phragmén's voting methods and justified
    representation", *Mathematical Programming* (2023).

    >>> p = ApprovalProfile.from_ballots(["a", "b", "c"], [{"a", "b"}] * 3 + [{"c"}] * 2)
    >>> seq_phragmen(p, seats=2).winners
    ('a', 'c')
    """
    rs = rules_of(profile, rules)
    tb = tiebreaker(profile, rs, seed)
    _check(profile, seats)
    rounds: list[Round] = []
    loads = [Fraction(0)] * profile.num_distinct
    committee = _phragmen(profile, seats, tb, [], loads, rounds, "Phragmén")
    return _result("phragmen", profile, seats, rs, tb, committee, rounds=tuple(rounds))


def equal_shares(
    profile: ApprovalProfile,
    *,
    seats: int,
    rules: str | RuleSet | None = None,
    seed: str | int | None = None,
) -> Result:
    """The method of equal shares (Rule X), completed by sequential Phragmén.

    Each voter gets a budget of ``seats / voters``; a seat costs 1. A candidate is affordable if
    its approvers can pay 1 between them, each paying at most ``ρ`` (or all they have left); the
    candidate with the smallest such ``ρ`` is elected and its approvers pay. When no candidate
    is affordable, the remaining seats are filled by sequential Phragmén starting from the loads
    ``-(budget left)`` (as abcvoting does). Ties are broken by lot; arithmetic is exact.
    Reference: D. Peters and P. Skowron, "Proportionality and the limits of welfarism",
    *EC'20*; D. Peters, G. Pierczyński and P. Skowron, *NeurIPS* 2021.

    >>> p = ApprovalProfile.from_ballots(["a", "b", "c"], [{"a", "b"}] * 3 + [{"c"}] * 2)
    >>> equal_shares(p, seats=2).winners
    ('a', 'c')
    """
    rs = rules_of(profile, rules)
    tb = tiebreaker(profile, rs, seed)
    _check(profile, seats)
    names = profile.candidates
    sets = profile.sets()
    total = sum(w for _, w in sets)
    budget = [Fraction(w * seats, total) for _, w in sets]  # per ballot type (w voters)
    committee: list[int] = []
    rounds: list[Round] = []
    while len(committee) < seats:
        rho: dict[int, Fraction] = {}
        for cand in range(profile.num_candidates):
            if cand in committee:
                continue
            q = _min_rho([(budget[i], w) for i, (s, w) in enumerate(sets) if cand in s])
            if q is not None:
                rho[cand] = q
        if not rho:
            break
        low = min(rho.values())
        tied = [names[k] for k, v in rho.items() if v == low]
        if len(tied) > 1:
            tied = tb.lot(tied, f"equal shares seat {len(committee) + 1}")
        pick = names.index(tied[0])
        committee.append(pick)
        for i, (s, w) in enumerate(sets):
            if pick in s:
                budget[i] -= min(budget[i], low * w)
        rounds.append(
            Round(
                len(rounds) + 1,
                {names[k]: v for k, v in rho.items()},
                elected=(names[pick],),
                note="equal shares: price per voter ρ",
            )
        )
    if len(committee) < seats:
        loads = [-budget[i] / w for i, (_, w) in enumerate(sets)]
        committee = _phragmen(profile, seats, tb, committee, loads, rounds, "Phragmén completion")
    return _result("mes", profile, seats, rs, tb, committee, rounds=tuple(rounds))


def _min_rho(payers: list[tuple[Fraction, int]]) -> Fraction | None:
    """Smallest per-voter price ρ with Σ min(budget, ρ·w) ≥ 1, or None if unaffordable."""
    if sum((b for b, _ in payers), Fraction(0)) < 1:
        return None
    rich = list(payers)
    poor_pay = Fraction(0)
    while rich:
        q = (1 - poor_pay) / sum(w for _, w in rich)
        broke = [(b, w) for b, w in rich if b < q * w]
        if not broke:
            return q
        poor_pay += sum((b for b, _ in broke), Fraction(0))
        rich = [(b, w) for b, w in rich if b >= q * w]
    return None
