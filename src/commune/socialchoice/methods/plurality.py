"""Plurality and the two-round runoff."""

from __future__ import annotations

from commune.socialchoice.errors import MethodError
from commune.socialchoice.methods._common import (
    best,
    by_name,
    count_fields,
    first_choices,
    ranking_from_scores,
    require,
    rules_of,
    tiebreaker,
)
from commune.socialchoice.profile import RankedProfile
from commune.socialchoice.result import Result, Round
from commune.socialchoice.rules import RuleSet


def _require_single_top(profile: RankedProfile, method: str) -> None:
    if profile.levels is not None and bool((profile.levels[:, 1] == 0).any()):
        raise MethodError(f"{method} needs a single first choice on every ballot")


def plurality(
    profile: RankedProfile, *, rules: str | RuleSet | None = None, seed: str | int | None = None
) -> Result:
    """Plurality (first past the post): the candidate with the most first choices wins.

    Only each ballot's first choice counts. Ties for the most votes are broken by lot (the rule
    set's seed); all tied candidates are listed in ``tied_winners``.
    Reference: any electoral handbook, e.g. Cox, *Making Votes Count* (1997), ch. 1.

    >>> p = RankedProfile.from_ballots(["Varlin", "Vallès", "Pyat"],
    ...     [["Varlin"], ["Vallès", "Varlin"], ["Varlin", "Pyat"], ["Pyat"]])
    >>> r = plurality(p)
    >>> r.winners, r.scores
    (('Varlin',), {'Varlin': 2, 'Vallès': 1, 'Pyat': 1})
    """
    require(profile, RankedProfile, "plurality")
    rs = rules_of(profile, rules)
    if profile.levels is not None and profile.max_ranks > 1:
        _require_single_top(profile, "plurality")
    tb = tiebreaker(profile, rs, seed)
    tally = first_choices(profile)
    scores = by_name(profile.candidates, tally)
    top = best(scores)
    winner = top if len(top) == 1 else tb.lot(top, "plurality winner")
    exhausted = profile.num_voters - int(tally.sum())
    return Result(
        method="plurality",
        candidates=profile.candidates,
        winners=tuple(winner),
        tied_winners=tuple(top),
        rounds=(Round(1, scores, exhausted, elected=tuple(winner)),),
        scores=scores,
        ranking=ranking_from_scores(scores),
        **count_fields(profile, rs, tb),
    )


def two_round(
    profile: RankedProfile, *, rules: str | RuleSet | None = None, seed: str | int | None = None
) -> Result:
    """Two-round runoff, counted from ranked ballots.

    Round one counts first choices; a candidate with more than half of the ballots that name
    someone wins outright. Otherwise the two leaders meet in a runoff in which each ballot
    supports whichever of the two it ranks higher (ballots ranking neither abstain). Ties for
    a runoff place and a tied runoff are broken by lot. Reference: the French presidential
    election (Constitution of 1958, art. 7) run on one ranked ballot, as in "contingent vote".

    >>> p = RankedProfile.from_ballots(["a", "b", "c"],
    ...     [["a", "c"]] * 4 + [["b", "c"]] * 3 + [["c", "b"]] * 2)
    >>> two_round(p).winners
    ('b',)
    """
    require(profile, RankedProfile, "the two-round runoff")
    rs = rules_of(profile, rules)
    if profile.levels is not None and profile.max_ranks > 1:
        _require_single_top(profile, "two-round runoff")
    tb = tiebreaker(profile, rs, seed)
    tally = first_choices(profile)
    scores1 = by_name(profile.candidates, tally)
    valid = int(tally.sum())
    exhausted1 = profile.num_voters - valid
    leader = best(scores1)
    if len(leader) == 1 and 2 * scores1[leader[0]] > valid:
        return Result(
            method="two-round",
            candidates=profile.candidates,
            winners=tuple(leader),
            rules=rs.name,
            seed=tb.seed_used,
            num_ballots=profile.num_voters,
            num_blank=profile.irregular.num_blank,
            num_rejected=profile.irregular.num_rejected,
            tied_winners=tuple(leader),
            rounds=(
                Round(1, scores1, exhausted1, elected=tuple(leader), note="absolute majority"),
            ),
            scores=scores1,
        )
    ordered = sorted(set(scores1.values()), reverse=True)
    finalists: list[str] = []
    for v in ordered:
        group = [n for n in profile.candidates if scores1[n] == v]
        need = 2 - len(finalists)
        if need <= 0:
            break
        if len(group) <= need:
            finalists += group
        else:
            finalists += tb.lot(group, "runoff place", k=need)
    if len(finalists) < 2:
        raise MethodError("a runoff needs at least two candidates")
    a, b = (profile.index(n) for n in finalists)
    pos = profile.positions()
    w = profile.counts
    va = int(w[pos[:, a] < pos[:, b]].sum())
    vb = int(w[pos[:, b] < pos[:, a]].sum())
    scores2 = {finalists[0]: va, finalists[1]: vb}
    top = best(scores2)
    winner = top if len(top) == 1 else tb.lot(top, "runoff winner")
    excluded = tuple(n for n in profile.candidates if n not in finalists)
    rounds = (
        Round(1, scores1, exhausted1, excluded=excluded, note="no absolute majority: runoff"),
        Round(
            2,
            scores2,
            profile.num_voters - va - vb,
            elected=tuple(winner),
            transfer_from=excluded,
            transfer_kind="runoff",
        ),
    )
    return Result(
        method="two-round",
        candidates=profile.candidates,
        winners=tuple(winner),
        tied_winners=tuple(top),
        rounds=rounds,
        scores=scores2,
        **count_fields(profile, rs, tb),
    )


__all__ = ["plurality", "two_round"]
