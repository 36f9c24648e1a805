"""Differential tests: our single-winner ranked methods against pref_voting.

Where the libraries differ by design the test says so: pref_voting removes *all* candidates
tied for last in IRV at once, and reports every winner over all tie-breaking orders (its
``*_put`` variants); we break each tie by a recorded lot, so our winner must be one of those.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pref_voting.c1_methods import copeland as pv_copeland
from pref_voting.iterative_methods import instant_runoff_put, plurality_with_runoff_put
from pref_voting.margin_based_methods import beat_path
from pref_voting.margin_based_methods import minimax as pv_minimax
from pref_voting.margin_based_methods import ranked_pairs as pv_rp
from pref_voting.profiles import Profile
from pref_voting.profiles_with_ties import ProfileWithTies
from pref_voting.scoring_methods import borda as pv_borda
from pref_voting.scoring_methods import plurality as pv_plurality

from commune.socialchoice import (
    RankedProfile,
    borda,
    copeland,
    irv,
    minimax,
    plurality,
    ranked_pairs,
    schulze,
    two_round,
)

from .strategies import Ballots, ranked_ballots

EXAMPLES = 250


def ours(c: int, ballots: Ballots) -> RankedProfile:
    return RankedProfile.from_ballots(
        [f"c{i}" for i in range(c)], [list(b) for b, _ in ballots], counts=[k for _, k in ballots]
    )


def theirs(c: int, ballots: Ballots, complete: bool) -> Any:
    if complete:
        return Profile([list(b) for b, _ in ballots], [k for _, k in ballots])
    prof = ProfileWithTies(
        [{x: r for r, x in enumerate(b)} for b, _ in ballots],
        [k for _, k in ballots],
        candidates=list(range(c)),
    )
    prof.use_extended_strict_preference()
    return prof


def names(idx: list[int]) -> set[str]:
    return {f"c{i}" for i in idx}


def check_sets(complete: bool) -> Any:
    @settings(max_examples=EXAMPLES, deadline=None)
    @given(ranked_ballots(complete=complete))
    def run(case: tuple[int, Ballots]) -> None:
        c, ballots = case
        p, q = ours(c, ballots), theirs(c, ballots, complete)
        assert set(plurality(p).tied_winners) == names(pv_plurality(q))
        # pref_voting's Borda on truncated ballots is the symmetric variant (see docs/tally.md)
        variant = "pessimistic" if complete else "symmetric"
        assert set(borda(p, variant=variant).tied_winners) == names(pv_borda(q))
        assert set(schulze(p, strength="margin").tied_winners) == names(beat_path(q))
        assert set(copeland(p).tied_winners) == names(pv_copeland(q))
        assert set(minimax(p).tied_winners) == names(pv_minimax(q))
        if complete:
            # on complete strict ballots winning votes and margins rank defeats alike
            assert set(schulze(p).tied_winners) == names(beat_path(q))

    return run


test_condorcet_and_scoring_methods_agree_on_complete_ballots = check_sets(True)
test_condorcet_and_scoring_methods_agree_on_truncated_ballots = check_sets(False)


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.booleans().flatmap(lambda complete: ranked_ballots(complete=complete, max_candidates=4)))
def test_ranked_pairs_winners_agree(case: tuple[int, Ballots]) -> None:
    """Ranked pairs finds pref_voting's winners over every order of equal margins.

    pref_voting tries every tie-breaking ranking of the candidates (C! of them), so the
    comparison is kept to four candidates.
    """
    c, ballots = case
    complete = all(len(b) == c for b, _ in ballots)
    p, q = ours(c, ballots), theirs(c, ballots, complete)
    assert set(ranked_pairs(p).tied_winners) == names(pv_rp(q))


@settings(max_examples=100, deadline=None)
@given(ranked_ballots(complete=False))
def test_pessimistic_borda_is_the_documented_difference(case: tuple[int, Ballots]) -> None:
    """Our default Borda on truncated ballots gives unranked candidates 0 points.

    pref_voting scores truncated ballots symmetrically (points below minus points above);
    ours by default counts only the candidates strictly below, so a voter who ranks one
    candidate gives it C-1 points and nobody else anything. The two agree on complete ballots.
    """
    c, ballots = case
    p = ours(c, ballots)
    expected = {f"c{i}": 0 for i in range(c)}
    for order, k in ballots:
        for r, x in enumerate(order):
            expected[f"c{x}"] += k * (c - 1 - r)
    assert borda(p).scores == expected


@settings(max_examples=EXAMPLES, deadline=None)
@given(ranked_ballots(complete=True))
def test_irv_and_runoff_winners_are_among_pref_voting_winners(case: tuple[int, Ballots]) -> None:
    """Our IRV and two-round winners are among pref_voting's winners over all tie-breaks.

    When our count met no tie, pref_voting finds a single winner, and it is ours.
    """
    c, ballots = case
    p, q = ours(c, ballots), theirs(c, ballots, True)
    put = names(instant_runoff_put(q))
    r = irv(p)
    assert r.winner in put
    if not r.ties:
        assert put == {r.winner}
    assert two_round(p).winner in names(plurality_with_runoff_put(q))
