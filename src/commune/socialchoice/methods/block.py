"""The block vote, with the threshold of registered voters of the 1871 Communal elections."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from commune.socialchoice.cardinal import ApprovalProfile
from commune.socialchoice.errors import MethodError
from commune.socialchoice.methods._common import (
    by_name,
    count_fields,
    rules_of,
    tiebreaker,
    weighted_bincount,
)
from commune.socialchoice.profile import RankedProfile
from commune.socialchoice.result import Result, Round
from commune.socialchoice.rules import RuleSet


def block_vote(
    profile: RankedProfile | ApprovalProfile,
    *,
    seats: int,
    threshold: Fraction | None = None,
    registered: int | None = None,
    rules: str | RuleSet | None = None,
    seed: str | int | None = None,
) -> Result:
    """Block vote (plurality-at-large), optionally with a threshold of registered voters.

    Each voter votes for up to ``seats`` candidates (an approval ballot, or the first ``seats``
    preferences of a ranked ballot); the candidates with the most votes take the seats.
    With ``threshold`` and ``registered``, a candidate is elected only with at least
    ``threshold × registered`` votes — the rule of the elections of 26 March 1871 to the Paris
    Commune, held under the law of 15 March 1849 (art. 44: nobody is elected at the first round
    without a number of votes equal to a quarter … here any share, e.g. 1/8 of the registered
    electors, as the Commune's decree of 30 March 1871 validated). Seats left empty are counted
    in ``unfilled``: a complementary election must be called for them. A tie for the last seat
    is broken by lot. Approval ballots marking more than ``seats`` candidates are over-votes.
    Reference: loi électorale du 15 mars 1849; Journal officiel de la Commune, 31 mars 1871.

    >>> from fractions import Fraction
    >>> p = ApprovalProfile.from_ballots(["Varlin", "Vallès", "Pyat"],
    ...     [{"Varlin", "Vallès"}] * 5 + [{"Pyat"}] * 2)
    >>> r = block_vote(p, seats=2, threshold=Fraction(1, 8), registered=40)
    >>> r.winners, r.unfilled
    (('Varlin', 'Vallès'), 0)
    >>> block_vote(p, seats=2, threshold=Fraction(1, 4), registered=40).unfilled
    2
    """
    rs = rules_of(profile, rules)
    tb = tiebreaker(profile, rs, seed)
    if seats < 1:
        raise MethodError("seats must be at least 1")
    names = profile.candidates
    c = len(names)
    if isinstance(profile, ApprovalProfile):
        marks = profile.approvals.sum(axis=1)
        if bool((marks > seats).any()):
            bad = int(np.flatnonzero(marks > seats)[0])
            raise MethodError(
                f"a ballot approves {int(marks[bad])} candidates for {seats} seats (over-vote)"
            )
        totals = profile.counts.astype(np.int64) @ profile.approvals.astype(np.int64)
    else:
        if profile.levels is not None:
            raise MethodError("the block vote needs single marks, not equal preferences")
        totals = np.zeros(c, dtype=np.int64)
        for r in range(min(seats, profile.max_ranks)):
            col = profile.ballots[:, r].astype(np.intp)
            totals += weighted_bincount(np.where(col < 0, c, col), profile.counts, c + 1)[:c]
    scores = by_name(names, totals)
    needed: int | None = None
    if threshold is not None:
        if registered is None:
            raise MethodError("a threshold of registered voters needs the number registered")
        if registered < profile.num_voters:
            raise MethodError("fewer registered voters than ballots")
        needed = math.ceil(Fraction(threshold) * registered)
    eligible = [n for n in names if needed is None or scores[n] >= needed]
    ordered = sorted(set(scores[n] for n in eligible), reverse=True)
    elected: list[str] = []
    for v in ordered:
        group = [n for n in eligible if scores[n] == v]
        room = seats - len(elected)
        if room <= 0:
            break
        if len(group) <= room:
            elected += group
        else:
            elected += tb.lot(group, "last seats of the block vote", k=room)
    unfilled = seats - len(elected)
    below = [n for n in names if needed is not None and scores[n] < needed]
    note = ""
    if needed is not None:
        note = (
            f"threshold: {threshold} of {registered} registered = {needed} votes; "
            f"below it: {', '.join(below) or 'nobody'}"
        )
    return Result(
        method="block",
        candidates=names,
        winners=tuple(elected),
        seats=seats,
        tied_winners=tuple(elected),
        rounds=(Round(1, scores, elected=tuple(elected), excluded=tuple(below), note=note),),
        scores=scores,
        threshold=needed,
        unfilled=unfilled,
        notes=(f"{unfilled} seat(s) unfilled: a complementary election is needed",)
        if unfilled
        else (),
        **count_fields(profile, rs, tb),
    )
