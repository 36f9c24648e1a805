"""Instant-runoff voting (IRV, "ranked-choice voting", the alternative vote)."""

from __future__ import annotations

from typing import Literal

import numpy as np

from commune.socialchoice.errors import MethodError
from commune.socialchoice.methods._common import (
    count_fields,
    require,
    rules_of,
    tiebreaker,
    weighted_bincount,
)
from commune.socialchoice.profile import RankedProfile, choice_table
from commune.socialchoice.result import Result, Round
from commune.socialchoice.rules import RuleSet


def irv(
    profile: RankedProfile,
    *,
    rules: str | RuleSet | None = None,
    seed: str | int | None = None,
    stop: Literal["majority", "two"] | None = None,
    bulk_exclusion: bool | None = None,
) -> Result:
    """Instant-runoff voting: exclude the last-placed candidate until one has a majority.

    Each ballot counts for its highest-ranked continuing candidate. If a candidate holds more
    than half of the ballots still in the count (exhausted ballots are not), that candidate
    wins; otherwise the candidate with the fewest votes is excluded and its ballots pass to
    their next continuing preference. With ``stop="two"`` (Alameda/San Francisco reports) the
    count goes on until two candidates remain. With ``bulk_exclusion`` (Burlington) all the
    lowest candidates whose combined votes are fewer than the next candidate's are excluded at
    once, since they could never overtake. Ties for last place are broken by the rule set's
    earlier-round convention, then by lot; every break is recorded. Irregular ballots were
    already dealt with by the rule set when the profile was built.

    Each distinct ballot keeps a pointer to its current choice, so a round costs one weighted
    ``bincount`` over the distinct ballots plus moving the ballots of the excluded.
    Reference: Hare, *The Election of Representatives* (1859); RFC-free but see San Francisco
    Charter §13.102.

    >>> p = RankedProfile.from_ballots(["Varlin", "Vallès", "Pyat"],
    ...     [["Pyat", "Vallès"]] * 2 + [["Varlin"]] * 3 + [["Vallès", "Pyat"]] * 2)
    >>> r = irv(p)
    >>> r.winners, [dict(x.counts) for x in r.rounds]
    (('Vallès',), [{'Varlin': 3, 'Vallès': 2, 'Pyat': 2}, {'Varlin': 3, 'Vallès': 4}])
    >>> r.ties[0].procedure, r.ties[0].chosen
    ('lot', ('Pyat',))
    """
    require(profile, RankedProfile, "IRV")
    rs = rules_of(profile, rules)
    grouped = np.zeros(profile.num_distinct, dtype=bool)
    if profile.levels is not None:
        if rs.overvote != "resolve":
            raise MethodError("IRV needs strict rankings (equal preferences are not allowed)")
        # ballots with an over-voted rank are followed one by one (they are few)
        grouped = (profile.levels[:, 1:] == profile.levels[:, :-1]).any(axis=1) & (
            profile.ballots[:, 1:] >= 0
        ).any(axis=1)
    stop_rule = stop or rs.irv_stop
    bulk = rs.bulk_exclusion if bulk_exclusion is None else bulk_exclusion
    tb = tiebreaker(profile, rs, seed)
    names = profile.candidates
    c = len(names)
    if c == 0:
        raise MethodError("no candidates")
    flat, cursor = choice_table(profile)
    weights = profile.counts
    slow = [(profile.groups(int(i)), int(profile.counts[i])) for i in np.flatnonzero(grouped)]
    slow_state = [0] * len(slow)  # index of the current rank; -1 once exhausted
    if slow:
        weights = weights.copy()
        weights[grouped] = 0
    top = profile.ballots[:, 0].copy()
    excluded_mask = np.zeros(c + 1, dtype=bool)
    continuing = list(range(c))
    history: list[dict[str, int]] = []
    rounds: list[Round] = []
    previous: np.ndarray | None = None
    just_excluded: tuple[str, ...] = ()
    winner: list[str] = []
    tied_winners: tuple[str, ...] = ()
    number = 0
    unit = bool((weights == 1).all())
    fast_tally = weighted_bincount(top % (c + 1), weights, c + 1, unit=unit)
    while True:
        number += 1
        tally = fast_tally.copy()
        if slow:
            for j, (groups, weight) in enumerate(slow):
                tally[_follow(groups, j, slow_state, excluded_mask, c)] += weight
        counts = {names[k]: int(tally[k]) for k in continuing}
        exhausted = int(tally[c])
        received: dict[str, int] = {}
        if previous is not None:
            received = {names[k]: int(tally[k] - previous[k]) for k in continuing}
            received["exhausted"] = int(tally[c] - previous[c])
        active = sum(counts.values())
        lead_votes = max(counts.values()) if counts else 0
        leaders = [k for k in continuing if tally[k] == lead_votes]
        majority = len(leaders) == 1 and 2 * lead_votes > active
        last_two = len(continuing) == 2 and (stop_rule == "two" or majority)
        if len(continuing) == 1 or (stop_rule == "majority" and majority) or last_two:
            tied_winners = tuple(names[k] for k in leaders)
            if len(leaders) == 1:
                winner = [names[leaders[0]]]
            else:
                winner = tb.choose(
                    [names[k] for k in leaders],
                    f"winner in round {number}",
                    rounds=history,
                    lowest=False,
                )
            rounds.append(
                Round(
                    number,
                    counts,
                    exhausted,
                    elected=tuple(winner),
                    transfer_from=just_excluded,
                    transfer_kind="exclusion" if just_excluded else "",
                    transfers=received,
                )
            )
            break
        history_before = list(history)
        history.append(counts)
        out = _choose_exclusions(counts, continuing, names, bulk, tb, number, history_before)
        rounds.append(
            Round(
                number,
                counts,
                exhausted,
                excluded=tuple(names[k] for k in out),
                transfer_from=just_excluded,
                transfer_kind="exclusion" if just_excluded else "",
                transfers=received,
            )
        )
        excluded_mask[out] = True
        continuing = [k for k in continuing if k not in out]
        # only the excluded candidates' ballots move: update the tally by what they carry
        if len(out) == 1:
            moved = np.flatnonzero(top == out[0])
        else:
            moved = np.flatnonzero(excluded_mask[top])
        for k in out:
            fast_tally[k] = 0
        if moved.size:
            # follow the moved ballots on local copies: the first step is dense, later steps
            # only touch ballots whose next preference was excluded too
            cur = cursor[moved] + 1
            nxt = flat[cur]
            again = np.flatnonzero(excluded_mask[nxt])
            while again.size:
                cur[again] += 1
                nxt[again] = flat[cur[again]]
                again = again[excluded_mask[nxt[again]]]
            cursor[moved] = cur
            top[moved] = nxt
            moved_weights = weights if unit else weights[moved]
            fast_tally += weighted_bincount(nxt % (c + 1), moved_weights, c + 1, unit=unit)
        previous = tally
        just_excluded = tuple(names[k] for k in out)
    return Result(
        method="irv",
        candidates=names,
        winners=tuple(winner),
        tied_winners=tied_winners,
        rounds=tuple(rounds),
        scores=dict(rounds[-1].counts),
        notes=(f"stop: {stop_rule}", f"bulk exclusion: {'yes' if bulk else 'no'}"),
        **count_fields(profile, rs, tb),
    )


def _choose_exclusions(
    counts: dict[str, int],
    continuing: list[int],
    names: tuple[str, ...],
    bulk: bool,
    tb: object,
    number: int,
    history: list[dict[str, int]],
) -> list[int]:
    """The candidates to exclude this round (several only with bulk exclusion)."""
    from commune.socialchoice.ties import TieBreaker

    assert isinstance(tb, TieBreaker)
    ordered = sorted(continuing, key=lambda k: counts[names[k]])
    if bulk and len(ordered) > 2:
        # the largest group of lowest candidates whose sum is below the next one's votes,
        # keeping at least two candidates in the count
        best_k = 0
        running = 0
        for k in range(len(ordered) - 2):
            running += counts[names[ordered[k]]]
            if running < counts[names[ordered[k + 1]]]:
                best_k = k + 1
        if best_k >= 2:
            return ordered[:best_k]
    low = counts[names[ordered[0]]]
    lowest = [names[k] for k in ordered if counts[names[k]] == low]
    if len(lowest) == 1:
        return [ordered[0]]
    chosen = tb.choose(lowest, f"exclusion in round {number}", rounds=history, lowest=True)
    return [names.index(chosen[0])]


def _follow(
    groups: tuple[tuple[int, ...], ...], j: int, state: list[int], excluded: np.ndarray, c: int
) -> int:
    """Where ballot ``j`` (with over-voted ranks) counts now; ``c`` if it is exhausted.

    The ballot moves past ranks whose candidates are all excluded; at an over-voted rank it
    counts for the one continuing candidate, and exhausts for good if several are continuing.
    """
    r = state[j]
    while r >= 0 and r < len(groups):
        alive = [x for x in groups[r] if not excluded[x]]
        if len(alive) == 1:
            state[j] = r
            return alive[0]
        if len(alive) > 1:
            state[j] = -1
            return c
        r += 1
    state[j] = -1
    return c
