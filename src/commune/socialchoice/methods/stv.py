"""The single transferable vote: weighted inclusive Gregory (Scottish), Irish, and Meek.

All three share one engine over the distinct-ballot array: each distinct ballot keeps a pointer
to its current candidate and a *value id* into a small table of paper values (identical
ballots always share a history, hence a value). Candidate totals are one ``bincount`` over
``(candidate, value id)`` and a short exact sum over the value table — exact integers scaled by
10^5 under the Scottish rules, :class:`fractions.Fraction` otherwise, never floats.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from fractions import Fraction
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from commune.socialchoice.errors import MethodError
from commune.socialchoice.methods._common import (
    count_fields,
    require,
    rules_of,
    tiebreaker,
    weighted_bincount,
)
from commune.socialchoice.profile import RankedProfile, choice_table
from commune.socialchoice.result import Result, Round, exact
from commune.socialchoice.rules import RuleSet
from commune.socialchoice.ties import TieBreaker

Number = int | Fraction
SCALE5 = 10**5


def droop_quota(valid: Number, seats: int) -> int:
    """``floor(valid / (seats + 1)) + 1`` — the Droop quota of the Scottish and Irish rules.

    >>> droop_quota(10996, 4)
    2200
    """
    return int(Fraction(valid) / (seats + 1)) + 1


class _Engine:
    """Papers of the distinct ballots: where each sits now, and at what value.

    ``papers[k, j]`` counts the papers of candidate ``k`` (``C`` = exhausted) carrying value
    ``values[j]``; it is updated only for the papers that move, so a stage costs the
    transfer itself, not a pass over every ballot.
    """

    def __init__(self, profile: RankedProfile, fixed: bool) -> None:
        if profile.levels is not None:
            raise MethodError("STV needs strict rankings (equal preferences are not allowed)")
        c = profile.num_candidates
        n = profile.num_distinct
        self.c = c
        self.fixed = fixed
        self.flat, self.cursor = choice_table(profile)
        self.top = self.flat[self.cursor]
        self.counts = profile.counts.astype(np.int64)
        self.vid = np.zeros(n, dtype=np.int32)
        one: Number = SCALE5 if fixed else Fraction(1)
        self.values: list[Number] = [one]
        self.value_ids: dict[Number, int] = {one: 0}
        self.arrived = np.zeros(n, dtype=np.int32)  # stage at which the paper last moved
        self.gone = np.zeros(c + 1, dtype=bool)  # not continuing: elected or excluded
        self.papers = self._papers(np.arange(n))

    def _papers(self, rows: npt.NDArray[np.intp]) -> npt.NDArray[np.int64]:
        k = len(self.values)
        keys = (self.top[rows].astype(np.int64) % (self.c + 1)) * k + self.vid[rows]
        got = weighted_bincount(keys, self.counts[rows], (self.c + 1) * k)
        return got.reshape(self.c + 1, k)

    def totals(self) -> list[Number]:
        """Value held by each candidate, and (last) by the exhausted pile, in the engine's units."""
        out: list[Number] = []
        for row in self.papers.tolist():
            total: Number = 0
            for j, m in enumerate(row):
                if m:
                    total += m * self.values[j]
            out.append(total)
        return out

    def papers_of(self, cand: int) -> npt.NDArray[np.intp]:
        return np.flatnonzero(self.top == cand)

    def value_id(self, v: Number) -> int:
        got = self.value_ids.get(v)
        if got is None:
            got = len(self.values)
            self.values.append(v)
            self.value_ids[v] = got
        return got

    def transfer(
        self,
        rows: npt.NDArray[np.intp],
        stage: int,
        revalue: Callable[[Number], Number] | None = None,
    ) -> None:
        """Move the papers ``rows`` to their next continuing preference (or exhaust them),
        giving them the value ``revalue(current value)`` if asked."""
        if rows.size == 0:
            return
        self.papers -= self._papers(rows)
        if revalue is not None:
            old = np.unique(self.vid[rows])
            mapping = np.arange(len(self.values), dtype=np.int32)
            for k in old.tolist():
                mapping[k] = self.value_id(revalue(self.values[k]))
            self.vid[rows] = mapping[self.vid[rows]]
            grow = len(self.values) - self.papers.shape[1]
            if grow:
                self.papers = np.pad(self.papers, ((0, 0), (0, grow)))
        # follow the papers on local copies: one dense step, then only those still stuck
        cur = self.cursor[rows] + 1
        nxt = self.flat[cur]
        again = np.flatnonzero(self.gone[nxt])
        while again.size:
            cur[again] += 1
            nxt[again] = self.flat[cur[again]]
            again = again[self.gone[nxt[again]]]
        self.cursor[rows] = cur
        self.top[rows] = nxt
        self.arrived[rows] = stage
        self.papers += self._papers(rows)


def _truncated(v: Number, s: int, t: int) -> Number:
    """``v × s / t`` in units of 10⁻⁵, the remainder ignored (Scottish rule 48(3))."""
    return (int(v) * s) // t


def _times(v: Number, f: Fraction) -> Number:
    return v * f


def _show(v: Number, fixed: bool) -> Number:
    return Fraction(v, SCALE5) if fixed and isinstance(v, int) else v


def _stv(
    profile: RankedProfile,
    seats: int,
    rs: RuleSet,
    tb: TieBreaker,
    *,
    fixed: bool,
    method: str,
    last_parcel: bool,
    defer_surplus: bool,
) -> Result:
    names = profile.candidates
    c = len(names)
    if seats < 1:
        raise MethodError("seats must be at least 1")
    eng = _Engine(profile, fixed)
    valid = profile.num_voters
    quota_votes = droop_quota(valid, seats)
    quota: Number = quota_votes * SCALE5 if fixed else quota_votes
    elected: list[int] = []
    excluded: list[int] = []
    pending: list[int] = []  # elected, surplus not yet transferred
    frozen: dict[int, Number] = {}  # elected candidates' totals once their surplus has gone
    first_count_elected: set[int] = set()
    rounds: list[Round] = []
    history: list[dict[str, Number]] = []
    stage = 1
    opening: tuple[tuple[str, ...], str, Number | None] = ((), "", None)
    before: list[Number] | None = None
    while True:
        this_opening = opening
        tot = eng.totals()
        cont = [k for k in range(c) if not eng.gone[k]]
        newly = [k for k in cont if tot[k] >= quota]
        newly = _order_by(newly, tot, names, tb, history, f"order of election at stage {stage}")
        newly = newly[: seats - len(elected)]
        for k in newly:
            eng.gone[k] = True
            elected.append(k)
            pending.append(k)
            if stage == 1:
                first_count_elected.add(k)
        cont = [k for k in cont if k not in newly]
        counts_now = {
            names[k]: _show(frozen.get(k, tot[k]), fixed) for k in range(c) if k not in excluded
        }
        received: dict[str, Number] = {}
        if before is not None:
            for k in range(c):
                if k not in excluded and k not in frozen and tot[k] != before[k]:
                    received[names[k]] = _show(tot[k] - before[k], fixed)
            received["exhausted"] = _show(tot[c] - before[c], fixed)
        exhausted = _show(tot[c], fixed)
        held = sum((Fraction(v) for v in counts_now.values()), Fraction(0))
        loss = Fraction(valid) - held - Fraction(exhausted)
        notes = [f"loss of fractions: {exact(loss)}"] if loss else []
        if len(elected) < seats and len(cont) + len(elected) <= seats:
            # the continuing candidates fill the remaining vacancies (Scottish rule 52)
            rest = sorted(cont, key=lambda k: tot[k], reverse=True)
            for k in rest:
                eng.gone[k] = True
                elected.append(k)
            newly = newly + rest
            notes.append("continuing candidates equal the vacancies left: all elected")
        if len(elected) >= seats or not cont:
            rounds.append(
                Round(
                    stage,
                    counts_now,
                    exhausted,
                    tuple(names[k] for k in newly),
                    (),
                    *this_opening,
                    received,
                    "; ".join(notes),
                )
            )
            break
        history.append(counts_now)
        pending = [k for k in pending if tot[k] > quota]
        for k in elected:
            if k not in pending and k not in frozen:
                frozen[k] = tot[k]
        defer = False
        if pending and defer_surplus:
            # Irish rule: a surplus that can neither elect the highest continuing candidate
            # nor lift the lowest above the next lowest is not transferred yet
            total_surplus = sum((tot[k] - quota for k in pending), start=0)
            ordered = sorted(cont, key=lambda k: tot[k])
            gap = tot[ordered[1]] - tot[ordered[0]] if len(ordered) > 1 else None
            top_needs = quota - tot[ordered[-1]]
            defer = gap is not None and total_surplus < gap and total_surplus < top_needs
        excluded_now: tuple[str, ...] = ()
        if pending and not defer:
            ranked = _order_by(
                pending,
                {k: tot[k] for k in pending},
                names,
                tb,
                history,
                f"order of surpluses at stage {stage}",
            )
            k = ranked[0]
            surplus = tot[k] - quota
            rows = eng.papers_of(k)
            base = tot[k]
            if last_parcel and k not in first_count_elected:
                last = int(eng.arrived[rows].max()) if rows.size else 0
                rows = rows[eng.arrived[rows] == last]
                base = sum(
                    (int(eng.counts[i]) * eng.values[int(eng.vid[i])] for i in rows.tolist()),
                    start=0,
                )
            revalue: Callable[[Number], Number] | None
            if fixed:
                s_int, t_int = int(surplus), int(base)
                revalue = functools.partial(_truncated, s=s_int, t=t_int) if s_int < t_int else None
                tv: Number = Fraction(min(SCALE5, (SCALE5 * s_int) // t_int), SCALE5)
            else:
                factor = min(Fraction(surplus) / Fraction(base), Fraction(1))
                revalue = functools.partial(_times, f=factor) if factor < 1 else None
                tv = factor
            eng.transfer(rows, stage + 1, revalue)
            frozen[k] = quota
            pending.remove(k)
            notes.append(f"next: transfer of the surplus of {names[k]}")
            opening = ((names[k],), "surplus", tv)
        else:
            k = _order_by(
                cont,
                {x: -tot[x] for x in cont},
                names,
                tb,
                history,
                f"exclusion at stage {stage}",
                lowest_first=True,
            )[0]
            excluded.append(k)
            eng.gone[k] = True
            eng.transfer(eng.papers_of(k), stage + 1)
            excluded_now = (names[k],)
            if defer:
                notes.append("surplus deferred: it could change nothing")
            notes.append(f"next: exclusion of {names[k]}")
            opening = ((names[k],), "exclusion", None)
        rounds.append(
            Round(
                stage,
                counts_now,
                exhausted,
                tuple(names[x] for x in newly),
                excluded_now,
                *this_opening,
                received,
                "; ".join(notes),
            )
        )
        before = tot
        stage += 1
    return Result(
        method=method,
        candidates=names,
        winners=tuple(names[k] for k in elected),
        seats=seats,
        rules=rs.name,
        seed=tb.seed_used,
        arithmetic="fixed point, 5 decimals truncated" if fixed else "exact fractions",
        num_ballots=valid,
        num_blank=profile.irregular.num_blank,
        num_rejected=profile.irregular.num_rejected,
        tied_winners=tuple(names[k] for k in elected),
        ties=tuple(tb.records),
        rounds=tuple(rounds),
        quota=quota_votes,
        unfilled=seats - len(elected),
        notes=(f"quota: Droop, floor({valid}/{seats + 1}) + 1 = {quota_votes}",),
    )


def _order_by(
    cands: list[int],
    score: Any,
    names: tuple[str, ...],
    tb: TieBreaker,
    history: list[dict[str, Number]],
    context: str,
    *,
    lowest_first: bool = False,
) -> list[int]:
    """``cands`` by ``score`` descending; equal scores by earlier stages, then by lot."""
    values = sorted({score[k] for k in cands}, reverse=True)
    out: list[int] = []
    for v in values:
        group = [k for k in cands if score[k] == v]
        while len(group) > 1:
            pick = tb.choose(
                [names[k] for k in group], context, rounds=history, lowest=lowest_first
            )
            k = names.index(pick[0])
            out.append(k)
            group.remove(k)
        out.extend(group)
    return out


def stv_wigm(
    profile: RankedProfile,
    *,
    seats: int,
    rules: str | RuleSet | None = None,
    seed: str | int | None = None,
    arithmetic: Literal["auto", "fixed5", "fraction"] = "auto",
) -> Result:
    """Single transferable vote, Droop quota, weighted inclusive Gregory (Scottish rules).

    The quota is ``floor(valid / (seats + 1)) + 1``. A candidate whose votes reach the quota is
    elected. The largest surplus is transferred first: *every* paper the elected candidate holds
    moves to its next continuing preference at ``value × surplus / total``; under the Scottish
    rules that value is computed for each paper to 5 decimal places, the remainder ignored
    (``arithmetic="fixed5"``, the default with ``--rules scottish``), otherwise exactly
    (``"fraction"``). When no surplus remains, the candidate with the fewest votes is excluded
    and all its papers move at their current value. When the continuing candidates are as many
    as the seats left, they are all elected. Ties (equal surpluses, lowest candidates, order of
    election) are decided by the votes at the earliest stage where the candidates differed
    (Scottish rules 49(2), 51(2)), then by lot; each break is recorded.
    Reference: The Scottish Local Government Elections Order 2007 (SSI 2007/42), schedule 1,
    rules 45–52.

    >>> p = RankedProfile.from_ballots(["Varlin", "Vallès", "Pyat", "Rigault"],
    ...     [["Varlin", "Vallès"]] * 6 + [["Pyat", "Rigault"]] * 3 + [["Rigault"]] * 2,
    ...     rules="scottish")
    >>> r = stv_wigm(p, seats=2)
    >>> r.winners, r.quota, r.rounds[1].transfer_value, r.rounds[1].transfers["Vallès"]
    (('Varlin', 'Pyat'), 4, Fraction(33333, 100000), Fraction(99999, 50000))

    (Each of Varlin's 6 papers moves at 2/6 truncated to 0.33333, so Vallès receives 1.99998.)
    """
    require(profile, RankedProfile, "STV")
    rs = rules_of(profile, rules)
    tb = tiebreaker(profile, rs, seed)
    fixed = rs.arithmetic == "fixed5" if arithmetic == "auto" else arithmetic == "fixed5"
    return _stv(
        profile,
        seats,
        rs,
        tb,
        fixed=fixed,
        method="stv-wigm",
        last_parcel=False,
        defer_surplus=False,
    )


def stv_irish(
    profile: RankedProfile,
    *,
    seats: int,
    rules: str | RuleSet | None = None,
    seed: str | int | None = None,
) -> Result:
    """Irish PR-STV (Electoral Act 1992, Part XIX), with fractional Gregory transfers.

    Droop quota as in :func:`stv_wigm`. The surplus of a candidate elected at the first count
    is shared out from all his papers; a later surplus only from the *last parcel* that brought
    the candidate over the quota. The Act moves whole physical papers, chosen by the order the
    papers happen to be in; here every paper of the parcel moves at the fraction
    ``surplus / parcel`` (exactly), which is the expectation of that draw, so stage figures can
    differ from the official ones by a few votes while the rules are otherwise the same. A
    surplus that can neither elect the highest continuing candidate nor lift the lowest above
    the next lowest is deferred and the lowest is excluded instead. Excluded candidates' papers
    move at their current value. Ties: earliest count at which the candidates differed, then lot.
    Reference: Electoral Act 1992 (Ireland), sections 118–126.

    >>> p = RankedProfile.from_ballots(["a", "b", "c"],
    ...     [["a", "b"]] * 6 + [["c"]] * 3 + [["b"]] * 2, rules="irish")
    >>> stv_irish(p, seats=2).winners
    ('a', 'b')
    """
    require(profile, RankedProfile, "STV")
    rs = rules_of(profile, rules)
    tb = tiebreaker(profile, rs, seed)
    return _stv(
        profile,
        seats,
        rs,
        tb,
        fixed=False,
        method="stv-irish",
        last_parcel=True,
        defer_surplus=True,
    )


SCALE9 = 10**9


def stv_meek(
    profile: RankedProfile,
    *,
    seats: int,
    rules: str | RuleSet | None = None,
    seed: str | int | None = None,
    tolerance: Fraction = Fraction(1, 10**5),
    max_iterations: int = 1000,
) -> Result:
    """Meek STV, as in the New Zealand rules (fixed point to 9 decimals, never floats).

    Every candidate has a *keep factor*: 1 while hopeful, 0 once excluded, and for an elected
    candidate the share of each vote reaching it that it keeps. A ballot gives each candidate
    in turn the keep factor of what is left of it and passes the rest on; what is left at the
    end is excess. The quota is (votes for candidates) / (seats + 1), truncated to 9 decimals,
    plus 10⁻⁹. Keep factors of elected candidates are updated to ``k × quota / votes`` (rounded
    up to 9 decimals; votes are truncated) until the total surplus is below ``tolerance``
    (10⁻⁵); then, if seats remain, the lowest hopeful is excluded (ties by lot — the NZ rules'
    "drawing of lots"; earlier stages are not consulted). Hopefuls reaching the quota are
    elected together. Reference: B. L. Meek, "Une nouvelle approche du scrutin transférable",
    *Mathématiques et sciences humaines* 25 (1969); I. D. Hill, B. A. Wichmann and
    D. R. Woodall, "Algorithm 123: Single Transferable Vote by Meek's method", *Computer
    Journal* 30 (1987); NZ Local Electoral Regulations 2001, schedule 1A.

    >>> p = RankedProfile.from_ballots(["Varlin", "Vallès", "Pyat", "Rigault"],
    ...     [["Varlin", "Vallès"]] * 6 + [["Pyat", "Rigault"]] * 3 + [["Rigault"]] * 2)
    >>> stv_meek(p, seats=2).winners
    ('Varlin', 'Pyat')
    """
    require(profile, RankedProfile, "STV")
    rs = rules_of(profile, rules)
    tb = tiebreaker(profile, rs, seed)
    if profile.levels is not None:
        raise MethodError("STV needs strict rankings (equal preferences are not allowed)")
    if seats < 1:
        raise MethodError("seats must be at least 1")
    names = profile.candidates
    c = len(names)
    table = np.full((profile.num_distinct, profile.max_ranks + 1), c, dtype=np.intp)
    table[:, :-1] = np.where(profile.ballots < 0, c, profile.ballots)
    # votes are in units of 10^-9: past int64 (more than about 9.2 × 10^9 ballots), they are
    # added as Python integers
    wide: Any = np.int64 if profile.num_voters < 2**62 // SCALE9 else object
    counts = profile.counts.astype(wide)
    keep = np.full(c + 1, SCALE9, dtype=np.int64)
    status = ["hopeful"] * c
    elected: list[int] = []
    rounds: list[Round] = []
    limit = int(tolerance * SCALE9)

    def distribute() -> npt.NDArray[Any]:
        votes = np.zeros(c + 1, dtype=wide)
        remaining = np.full(table.shape[0], SCALE9, dtype=np.int64)
        for r in range(table.shape[1]):
            cand = table[:, r]
            give = remaining * keep[cand] // SCALE9  # at most 10^18: int64
            np.add.at(votes, cand, give.astype(wide) * counts)
            remaining -= give
        return votes

    stage = 0
    while True:
        stage += 1
        newly: list[int] = []
        iterations = 0
        while True:
            iterations += 1
            votes = distribute()
            held = int(votes[:c].sum())
            quota = held // (seats + 1) + 1
            reach = [k for k in range(c) if status[k] == "hopeful" and votes[k] >= quota]
            if reach:
                reach = _order_by(
                    reach, votes.tolist(), names, tb, [], f"order of election at stage {stage}"
                )
                for k in reach[: seats - len(elected)]:
                    status[k] = "elected"
                    elected.append(k)
                    newly.append(k)
                if len(elected) >= seats:
                    break
                continue
            surplus = sum(int(votes[k]) - quota for k in elected)
            if surplus < limit or iterations >= max_iterations or not elected:
                break
            changed = False
            for k in elected:
                new = -((-int(keep[k]) * quota) // int(votes[k]))  # rounded up
                if new != keep[k]:
                    keep[k] = new
                    changed = True
            if not changed:
                break
        counts_now = {
            names[k]: Fraction(int(votes[k]), SCALE9) for k in range(c) if status[k] != "excluded"
        }
        history_note = (
            f"quota {Fraction(quota, SCALE9)}; {iterations} iteration(s); keep: "
            + ", ".join(f"{names[k]} {Fraction(int(keep[k]), SCALE9)}" for k in elected)
        )
        hopeful = [k for k in range(c) if status[k] == "hopeful"]
        excluded_now: tuple[str, ...] = ()
        if len(elected) < seats and len(hopeful) + len(elected) <= seats:
            for k in sorted(hopeful, key=lambda k: -int(votes[k])):
                status[k] = "elected"
                elected.append(k)
                newly.append(k)
            hopeful = []
        if len(elected) < seats and hopeful:
            low = min(int(votes[k]) for k in hopeful)
            tied = [names[k] for k in hopeful if int(votes[k]) == low]
            out = (
                names.index(tb.lot(tied, f"exclusion at stage {stage}")[0])
                if len(tied) > 1
                else names.index(tied[0])
            )
            status[out] = "excluded"
            keep[out] = 0
            excluded_now = (names[out],)
        rounds.append(
            Round(
                stage,
                counts_now,
                Fraction(int(votes[c]), SCALE9),
                tuple(names[k] for k in newly),
                excluded_now,
                note=history_note,
            )
        )
        if len(elected) >= seats or not excluded_now:
            break
    return Result(
        method="stv-meek",
        candidates=names,
        winners=tuple(names[k] for k in elected),
        seats=seats,
        arithmetic="fixed point, 9 decimals (keep factors rounded up, votes truncated)",
        tied_winners=tuple(names[k] for k in elected),
        rounds=tuple(rounds),
        unfilled=seats - len(elected),
        notes=("quota: (votes for candidates) / (seats + 1) + 10^-9, recomputed each iteration",),
        **count_fields(profile, rs, tb),
    )
