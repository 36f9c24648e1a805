"""Party-list proportional representation by highest averages: D'Hondt and Sainte-Laguë.

The averages are those of :mod:`commune.socialchoice.apportionment` (seats to sections by
population); what differs is the tie: an election must fill every seat, so a tie for a seat is
broken by lot and recorded here, where an apportionment reports it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

import numpy as np

from commune.socialchoice.apportionment import dhondt_priority, sainte_lague_priority
from commune.socialchoice.errors import MethodError
from commune.socialchoice.limits import check_seats
from commune.socialchoice.methods._common import rules_of, tiebreaker, weighted_bincount
from commune.socialchoice.profile import RankedProfile
from commune.socialchoice.result import Result, Round
from commune.socialchoice.rules import RuleSet, get_rules
from commune.socialchoice.ties import TieBreaker


def party_votes(profile: RankedProfile | Mapping[str, int]) -> dict[str, int]:
    """Votes per party: a mapping as given, or the first choices of a ranked profile."""
    if isinstance(profile, Mapping):
        return {str(k): int(v) for k, v in profile.items()}
    if not isinstance(profile, RankedProfile):
        raise MethodError("party lists need party votes (single or ranked ballots, or a mapping)")
    c = profile.num_candidates
    col = profile.ballots[:, 0].astype(np.intp)
    totals = weighted_bincount(np.where(col < 0, c, col), profile.counts, c + 1)[:c]
    return {n: int(v) for n, v in zip(profile.candidates, totals, strict=True)}


def highest_averages(
    votes: Mapping[str, int],
    seats: int,
    average: Callable[[int, int], Fraction],
    tb: TieBreaker,
    label: str,
) -> tuple[dict[str, int], list[Round]]:
    """Give ``seats`` one at a time to the largest ``average(votes, seats won)``, exactly.

    Unlike the apportionment of seats to sections (which reports a tie for the last seat),
    an election must fill every seat: a tie here is broken by lot and recorded.
    """
    won = {p: 0 for p in votes}
    rounds: list[Round] = []
    for k in range(1, seats + 1):
        quotients = {p: average(v, won[p]) for p, v in votes.items() if v > 0}
        if not quotients:
            raise MethodError("no party has any vote")
        top = max(quotients.values())
        tied = [p for p, q in quotients.items() if q == top]
        pick = tied[0] if len(tied) == 1 else tb.lot(tied, f"{label} seat {k}")[0]
        won[pick] += 1
        rounds.append(Round(k, quotients, elected=(pick,), note=f"seat {k}: highest average"))
    return won, rounds


def _party(
    method: str,
    average: Callable[[int, int], Fraction],
    profile: RankedProfile | Mapping[str, int],
    seats: int,
    rules: str | RuleSet | None,
    seed: str | int | None,
    threshold: Fraction | None,
) -> Result:
    rs = get_rules(rules or "strict") if isinstance(profile, Mapping) else rules_of(profile, rules)
    votes = party_votes(profile)
    if isinstance(profile, Mapping):
        seed_text = (
            str(seed)
            if seed is not None
            else "|".join(f"{k}={v}" for k, v in sorted(votes.items()))
        )
        tb = TieBreaker(seed=seed_text, history="none")
    else:
        tb = tiebreaker(profile, rs, seed)
    if seats < 1:
        raise MethodError("seats must be at least 1")
    check_seats(seats)  # seats are given one at a time
    total = sum(votes.values())
    notes: list[str] = []
    if threshold is not None:
        needed = Fraction(threshold) * total
        below = [p for p, v in votes.items() if v < needed]
        votes = {p: (0 if p in below else v) for p, v in votes.items()}
        notes.append(
            f"threshold {threshold} of {total} votes: excluded {', '.join(below) or 'none'}"
        )
    won, rounds = highest_averages(votes, seats, average, tb, method)
    order = [r.elected[0] for r in rounds]
    extra: dict[str, Any] = {"seats": won, "votes": party_votes(profile)}
    return Result(
        method=method,
        candidates=tuple(votes),
        winners=tuple(order),
        seats=seats,
        rules=rs.name,
        seed=tb.seed_used,
        arithmetic="exact fractions",
        num_ballots=total,
        tied_winners=tuple(order),
        ties=tuple(tb.records),
        rounds=tuple(rounds),
        scores=dict(won),
        notes=("winners lists the party of each seat in the order the seats were won", *notes),
        extra=extra,
    )


def dhondt(
    profile: RankedProfile | Mapping[str, int],
    *,
    seats: int,
    rules: str | RuleSet | None = None,
    seed: str | int | None = None,
    threshold: Fraction | None = None,
) -> Result:
    """D'Hondt (Jefferson): each seat goes to the party with the largest ``votes / (s + 1)``.

    ``s`` is the number of seats the party already has. Quotients are exact fractions; a tie
    for a seat is broken by lot. ``threshold`` excludes parties below that share of the votes.
    The result's ``winners`` lists the party of each seat in order; ``scores`` the seats won.
    Reference: V. D'Hondt, *Système pratique et raisonné de représentation proportionnelle*
    (1882).

    >>> r = dhondt({"Blanquistes": 30, "Proudhoniens": 18, "Jacobins": 12}, seats=5)
    >>> r.scores
    {'Blanquistes': 3, 'Proudhoniens': 1, 'Jacobins': 1}
    """
    return _party("dhondt", dhondt_priority, profile, seats, rules, seed, threshold)


def sainte_lague(
    profile: RankedProfile | Mapping[str, int],
    *,
    seats: int,
    rules: str | RuleSet | None = None,
    seed: str | int | None = None,
    threshold: Fraction | None = None,
) -> Result:
    """Sainte-Laguë (Webster): each seat goes to the largest ``votes / (2s + 1)``.

    Exact fractions; ties broken by lot; ``threshold`` as in :func:`dhondt`.
    Reference: A. Sainte-Laguë, "La représentation proportionnelle et la méthode des moindres
    carrés", *Annales scientifiques de l'ENS* 27 (1910).

    >>> r = sainte_lague({"Blanquistes": 30, "Proudhoniens": 18, "Jacobins": 12}, seats=5)
    >>> r.scores
    {'Blanquistes': 2, 'Proudhoniens': 2, 'Jacobins': 1}
    """
    return _party("sainte-lague", sainte_lague_priority, profile, seats, rules, seed, threshold)
