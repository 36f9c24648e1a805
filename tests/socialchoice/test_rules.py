"""Rule sets: what each irregular ballot becomes under each named rule set."""

from __future__ import annotations

import pytest

from commune.socialchoice import BallotError, RankedProfile
from commune.socialchoice.rules import RULE_SETS, clean_ranked

A, B, C = 0, 1, 2

# (raw ballot, rule set) -> (status, kept groups)
CASES = [
    ([[A], [], [B]], "alameda", ("ok", ((A,), (B,)))),
    ([[A], [], [B]], "scottish", ("ok", ((A,),))),
    ([[A], [], [B]], "nsw-optional", ("ok", ((A,),))),
    ([[], [A], [B]], "scottish", ("rejected", ())),
    ([[], [A], [B]], "alameda", ("ok", ((A,), (B,)))),
    ([[A], [A], [B]], "alameda", ("ok", ((A,), (B,)))),
    ([[A], [A], [B]], "irish", ("ok", ((A,),))),
    ([[A], [B, C], [C]], "alameda", ("ok", ((A,),))),
    ([[A], [B, C], [C]], "burlington", ("ok", ((A,), (B, C)))),
    ([[A, B], [C]], "alameda", ("ok", ())),
    ([[A, B], [C]], "scottish", ("rejected", ())),
    ([[A, B], [C]], "debian", ("ok", ((A, B), (C,)))),
    ([[], [], []], "alameda", ("blank", ())),
    ([[], [], []], "burlington", ("rejected", ())),
    ([[], [], []], "scottish", ("rejected", ())),
    ([[A], [-1, -1]], "burlington", ("ok", ((A,),))),
]


@pytest.mark.parametrize(("raw", "rules", "expected"), CASES)
def test_irregular_ballot_outcome(raw: list[list[int]], rules: str, expected: object) -> None:
    """Each rule set turns each irregular ballot into what its rules say."""
    status, groups, _ = clean_ranked(raw, RULE_SETS[rules], 3)
    assert (status, groups) == expected


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ([[A], [], [B]], "skipped_rank"),
        ([[A], [A]], "duplicate_candidate"),
        ([[A, B]], "overvote"),
        ([[], []], "empty_ballot"),
    ],
)
def test_strict_rules_refuse_every_irregularity(raw: list[list[int]], problem: str) -> None:
    """The strict rule set refuses every kind of irregular ballot with a named problem."""
    with pytest.raises(BallotError) as exc:
        clean_ranked(raw, RULE_SETS["strict"], 3, line=7, source="x.blt")
    assert exc.value.problem == problem
    assert str(exc.value).startswith("x.blt: line 7: ")


def test_trailing_blank_ranks_are_not_skips() -> None:
    """Unused ranks at the end of a ballot are mere truncation, never a skip."""
    assert clean_ranked([[A], [], []], RULE_SETS["strict"], 3) == ("ok", ((A,),), ())


def test_profile_counts_problems_per_rule_set() -> None:
    """The profile records how many ballots met each irregularity."""
    p = RankedProfile.from_ballots(
        ["a", "b", "c"], [["a", None, "b"], ["a", "a"], [None]], rules="alameda"
    )
    assert p.irregular.problems == {"duplicate_candidate": 1, "empty_ballot": 1, "skipped_rank": 1}
    assert p.irregular.num_blank == 1
    assert p.num_voters == 2
