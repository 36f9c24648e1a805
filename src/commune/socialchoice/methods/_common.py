"""Plumbing shared by the methods: tie-breakers, exact tallies, result construction."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from commune.socialchoice.errors import MethodError
from commune.socialchoice.profile import EXACT_FLOAT_LIMIT, RankedProfile
from commune.socialchoice.result import Result
from commune.socialchoice.rules import RuleSet, get_rules
from commune.socialchoice.ties import TieBreaker

IntArray = npt.NDArray[np.int64]
AnyInt = npt.NDArray[np.integer[Any]]


def tiebreaker(profile: Any, rules: RuleSet, seed: str | int | None) -> TieBreaker:
    """A tie-breaker using ``rules``' earlier-round convention and ``seed`` (or the digest)."""
    return TieBreaker(
        seed=str(seed) if seed is not None else None,
        history=rules.tie_history,
        source=profile.digest,
    )


def count_fields(profile: Any, rules: RuleSet, tb: TieBreaker) -> dict[str, Any]:
    """What every count's :class:`Result` records of its inputs: the rules, the seed of any lot
    and the lots drawn, and how many ballots were counted, blank or rejected."""
    return {
        "rules": rules.name,
        "seed": tb.seed_used,
        "ties": tuple(tb.records),
        "num_ballots": profile.num_voters,
        "num_blank": profile.irregular.num_blank,
        "num_rejected": profile.irregular.num_rejected,
    }


def single_winner(
    method: str, profile: Any, rules: RuleSet, tb: TieBreaker, tied: Sequence[str], **fields: Any
) -> Result:
    """The result of a single-winner count: every tied winner, and one of them drawn by lot
    (recorded) when there are several."""
    tied = list(tied)
    winner = tied if len(tied) == 1 else tb.lot(tied, f"{method} winner")
    return Result(
        method=method,
        candidates=profile.candidates,
        winners=tuple(winner),
        tied_winners=tuple(tied),
        **fields,
        **count_fields(profile, rules, tb),
    )


def require(profile: Any, kind: type, method: str) -> None:
    """Refuse a profile of the wrong kind with a clear :class:`MethodError`."""
    if not isinstance(profile, kind):
        wanted = {"RankedProfile": "ranked", "ApprovalProfile": "approval"}.get(
            kind.__name__, "score"
        )
        raise MethodError(f"{method} needs {wanted} ballots, not {type(profile).__name__}")


def rules_of(profile: Any, rules: str | RuleSet | None) -> RuleSet:
    return get_rules(rules if rules is not None else getattr(profile, "rules", "strict"))


def weighted_bincount(
    values: npt.NDArray[Any], weights: AnyInt, minlength: int, *, unit: bool | None = None
) -> IntArray:
    """Exact ``bincount`` of ``values`` weighted by integer ``weights``.

    ``unit=True`` says every weight is 1 (no weights needed); ``False`` that they are not.
    """
    if unit:
        return np.bincount(values, minlength=minlength).astype(np.int64)
    if weights.size and int(weights.sum()) >= EXACT_FLOAT_LIMIT:
        out = np.zeros(minlength, dtype=object)
        for v, w in zip(values.tolist(), weights.tolist(), strict=True):
            out[v] += w
        return out
    if unit is None and weights.size and bool((weights == 1).all()):
        return np.bincount(values, minlength=minlength).astype(np.int64)
    return np.bincount(values, weights=weights, minlength=minlength).astype(np.int64)


def first_choices(profile: RankedProfile) -> IntArray:
    """Weighted count of first preferences per candidate (strict first ranks only)."""
    c = profile.num_candidates
    col = profile.ballots[:, 0].astype(np.intp)
    col = np.where(col < 0, c, col)
    return weighted_bincount(col, profile.counts, c + 1)[:c]


def by_name(names: Sequence[str], values: Sequence[Any] | npt.NDArray[Any]) -> dict[str, int]:
    return {n: int(v) for n, v in zip(names, values, strict=True)}


def best(scores: Mapping[str, Any], *, lowest: bool = False) -> list[str]:
    """All names with the highest (or lowest) score, in candidate order."""
    target = min(scores.values()) if lowest else max(scores.values())
    return [n for n, v in scores.items() if v == target]


def ranking_from_scores(scores: Mapping[str, Any]) -> tuple[tuple[str, ...], ...]:
    """Candidates grouped by equal score, best first."""
    values = sorted(set(scores.values()), reverse=True)
    return tuple(tuple(n for n, v in scores.items() if v == val) for val in values)
