"""Ballot weights: negative ones are refused, huge ones are refused at a named limit, and the
vectorised BLT path reads exactly what the line-by-line path reads, or refuses it the same way."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from commune.socialchoice import (
    ApprovalProfile,
    BallotError,
    RankedProfile,
    ScoreProfile,
    SocialChoiceError,
    borda,
    irv,
    plurality,
    schulze,
)
from commune.socialchoice.cli import main
from commune.socialchoice.formats import blt, read
from commune.socialchoice.limits import MAX_TOTAL_WEIGHT

HUGE = 10**30


def blt_text(ncand: int, lines: list[str], seats: int = 1) -> str:
    names = [f'"c{i}"' for i in range(ncand)]
    return "\n".join([f"{ncand} {seats}", *lines, "0", *names, '"t"']) + "\n"


def run_cli(tmp_path: Path, name: str, text: str, *args: str) -> tuple[int, str, str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with mock.patch("sys.stdout", out), mock.patch("sys.stderr", err):
        status = main([str(path), *args])
    return status, out.getvalue(), err.getvalue()


def plain_lines(n: int) -> list[str]:
    """``n`` plain ballot lines over three candidates: enough for the vectorised path."""
    orders = ["1 2 3", "2 3 1", "3 1 2", "1 3"]
    return [f"1 {orders[k % 4]} 0" for k in range(n)]


# --- negative weights (issue item 6) --------------------------------------------------------


@pytest.mark.parametrize("lines", [3, blt.FAST_MIN_LINES + 10], ids=["small", "vectorised"])
def test_negative_blt_weight_is_refused_with_one_line(tmp_path: Path, lines: int) -> None:
    """A negative ballot weight is refused, naming the file and line, whatever the file's size."""
    body = plain_lines(lines)
    body[1] = "-5 1 2 0"
    status, out, err = run_cli(tmp_path, "neg.blt", blt_text(3, body), "--method", "irv")
    assert status == 2
    assert out == ""
    assert err == "commune tally: error: neg.blt:3: ballot weight -5 is negative\n"


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "neg.soi",
            "# ALTERNATIVE NAME 1: a\n# ALTERNATIVE NAME 2: b\n3: 1,2\n-2: 2,1\n",
            "neg.soi:4: count -2 is negative",
        ),
        ("neg.csv", "count,rank1,rank2\n3,a,b\n-2,b,a\n", "neg.csv:3: count -2 is negative"),
    ],
)
def test_negative_counts_are_refused_in_every_format(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    """A negative count of voters is refused by every reader that reads counts."""
    status, _, err = run_cli(tmp_path, name, text, "--method", "irv")
    assert status == 2
    assert err == f"commune tally: error: {message}\n"


def test_negative_counts_are_refused_by_the_profile_builders() -> None:
    """Profiles built in Python refuse a negative count, naming the ballot."""
    builders: list[Callable[[], Any]] = [
        lambda: RankedProfile.from_ballots(["a", "b"], [["a"], ["b"]], counts=[2, -1]),
        lambda: RankedProfile.from_array(["a", "b"], np.array([[0, 1], [1, 0]]), counts=[2, -1]),
        lambda: ApprovalProfile.from_ballots(["a", "b"], [["a"], ["b"]], counts=[2, -1]),
        lambda: ApprovalProfile.from_array(
            ["a", "b"], np.array([[1, 0], [0, 1]], dtype=bool), counts=[2, -1]
        ),
        lambda: ScoreProfile.from_ballots(
            ["a", "b"], [{"a": 1}, {"b": 1}], counts=[2, -1], max_score=1
        ),
    ]
    for build in builders:
        with pytest.raises(BallotError, match=r"ballot 1: .*weight -1 is negative") as exc:
            build()
        assert exc.value.problem == "negative_weight"


# --- weights beyond the limit (issue item 7) ------------------------------------------------


@pytest.mark.parametrize("lines", [3, blt.FAST_MIN_LINES + 10], ids=["small", "vectorised"])
def test_a_weight_beyond_the_limit_is_refused_with_one_line(tmp_path: Path, lines: int) -> None:
    """A weight of 10^30 is refused at its line, naming the limit, on both reading paths."""
    body = plain_lines(lines)
    body[-1] = f"{HUGE} 3 1 2 0"
    status, out, err = run_cli(tmp_path, "huge.blt", blt_text(3, body), "--method", "plurality")
    assert status == 2
    assert out == ""
    assert err == (
        f"commune tally: error: huge.blt:{lines + 1}: ballot weight {HUGE} is more than "
        f"{MAX_TOTAL_WEIGHT:,} (the limit for the total weight of the ballots)\n"
    )


@pytest.mark.parametrize("lines", [3, blt.FAST_MIN_LINES + 10], ids=["small", "vectorised"])
def test_a_total_beyond_the_limit_names_the_line_that_passes_it(tmp_path: Path, lines: int) -> None:
    """Weights each below the limit but summing beyond it are refused where the sum passes it."""
    body = plain_lines(lines)
    body[-2] = f"{MAX_TOTAL_WEIGHT // 2 + 1} 3 1 2 0"
    body[-1] = f"{MAX_TOTAL_WEIGHT // 2 + 1} 3 1 2 0"
    status, _, err = run_cli(tmp_path, "sum.blt", blt_text(3, body), "--method", "plurality")
    assert status == 2
    assert err == (
        f"commune tally: error: sum.blt:{lines + 1}: the total weight of the ballots passes "
        f"{MAX_TOTAL_WEIGHT:,} (the limit for the total weight of the ballots)\n"
    )


def test_weights_up_to_the_limit_are_counted_exactly(tmp_path: Path) -> None:
    """Weights whose total is exactly the limit are counted to the unit on the vectorised path."""
    body = plain_lines(blt.FAST_MIN_LINES)
    big = (MAX_TOTAL_WEIGHT - (len(body) - 1)) // 2
    body[0] = f"{big} 1 2 3 0"
    body[1] = f"{MAX_TOTAL_WEIGHT - (len(body) - 2) - big} 2 3 1 0"
    status, out, err = run_cli(tmp_path, "max.blt", blt_text(3, body), "-m", "plurality", "--json")
    assert status == 0, err
    assert f'"num_ballots": {MAX_TOTAL_WEIGHT}' in out
    election = read(tmp_path / "max.blt")
    assert election.array is not None  # the vectorised path was taken
    profile = election.profile()
    assert profile.num_voters == MAX_TOTAL_WEIGHT


def test_profile_builders_refuse_a_total_beyond_the_limit() -> None:
    """Profiles built in Python refuse counts whose total passes the limit, naming the ballot."""
    with pytest.raises(SocialChoiceError, match="ballot 1: the total weight") as exc:
        RankedProfile.from_ballots(["a", "b"], [["a"], ["b"]], counts=[MAX_TOTAL_WEIGHT, 1])
    assert exc.value.code == "limit_exceeded"
    with pytest.raises(SocialChoiceError, match=r"ballot 0: weight 10{30}") as exc:
        RankedProfile.from_array(["a", "b"], np.array([[0, 1]]), counts=np.array([HUGE], object))
    assert exc.value.code == "limit_exceeded"


# --- the two reading paths agree (issue item 7) ---------------------------------------------


@contextmanager
def fast_min_lines(value: int) -> Iterator[None]:
    with mock.patch.object(blt, "FAST_MIN_LINES", value):
        yield


def outcome(text: str, rules: str, fast: bool) -> object:
    """Everything a count of ``text`` shows, or the error it raised (type and message)."""
    with fast_min_lines(1 if fast else 10**9):
        try:
            election = blt.read_blt(io.StringIO(text), source="x.blt")
            profile = election.profile(rules)
            assert isinstance(profile, RankedProfile)
            results = [m(profile).to_json() for m in (plurality, irv, borda, schulze)]
            return (
                profile.num_voters,
                profile.irregular,
                profile.digest(),
                results,
            )
        except SocialChoiceError as exc:
            return (type(exc).__name__, str(exc))


weights = st.one_of(
    st.integers(1, 4),
    st.integers(1, 4),
    st.integers(-3, 0),
    st.integers(2**52, 2**64),
    st.just(HUGE),
)


@st.composite
def ballot_lines(draw: st.DrawFn) -> tuple[int, list[str]]:
    """A BLT ballot section: weights (some negative or huge) and ranks (some irregular)."""
    c = draw(st.integers(2, 9))
    lines = []
    for _ in range(draw(st.integers(1, 30))):
        w = draw(weights)
        perm = [str(x + 1) for x in draw(st.permutations(range(c)))]
        ranks = perm[: draw(st.integers(0, c))]
        kind = draw(st.sampled_from(["plain"] * 6 + ["repeat", "skip", "overvote"]))
        if kind == "repeat" and ranks:
            ranks.insert(draw(st.integers(0, len(ranks))), ranks[0])
        elif kind == "skip" and ranks:
            ranks.insert(draw(st.integers(0, len(ranks) - 1)), "-")
        elif kind == "overvote" and len(ranks) > 1:
            ranks[0:2] = [f"{ranks[0]}={ranks[1]}"]
        tokens = [str(w), *ranks]
        style = draw(st.sampled_from(["plain"] * 6 + ["leading zeros", "spaces"]))
        if style == "leading zeros":  # 0007, or 13 digits that still mean 7
            tokens = ["0" * draw(st.integers(1, 14)) + t if t[0].isdigit() else t for t in tokens]
        sep = "  " if style == "spaces" else " "
        lines.append(sep.join([*tokens, "0"]) + (" " if style == "spaces" else ""))
    return c, lines


@settings(max_examples=300, deadline=None)
@given(ballot_lines(), st.sampled_from(["strict", "alameda", "burlington", "scottish"]))
@example(  # duplicated ballots of 10 candidates, kept apart by the vectorised path: a lot
    (10, ["1 1 2 3 4 5 6 7 8 9 10 0", "1 2 1 3 4 5 6 7 8 9 10 0"] * 3), "strict"
)
@example((2, ["1 1 2 0", f"{HUGE} 2 1 0"]), "strict")
@example((2, ["1 1 2 0", "-1 2 1 0"]), "alameda")
@example((2, [f"{2**62} 1 2 0", f"{2**62} 2 1 0"]), "strict")
def test_vectorised_and_line_by_line_paths_agree(
    section: tuple[int, list[str]], rules: str
) -> None:
    """The vectorised BLT path gives exactly the line-by-line result, or the same refusal."""
    c, lines = section
    text = blt_text(c, lines)
    assert outcome(text, rules, fast=True) == outcome(text, rules, fast=False)


# --- every method stays exact up to the limit (issue item 7: "arithmetic: integer") ---------

NEAR = MAX_TOTAL_WEIGHT // 7


def test_borda_stays_exact_with_many_candidates_and_huge_weights() -> None:
    """Borda points beyond int64 (weights near the limit × 2,000 candidates) are exact."""
    names = [f"c{i}" for i in range(2000)]
    p = RankedProfile.from_ballots(names, [names, names[::-1]], counts=[4 * NEAR, 3 * NEAR])
    scores = borda(p).scores
    assert scores is not None
    assert scores["c0"] == 4 * NEAR * 1999
    assert scores["c1999"] == 3 * NEAR * 1999
    assert borda(p, variant="symmetric").scores["c0"] == NEAR * 1999  # type: ignore[index]


def test_meek_stays_exact_with_huge_weights() -> None:
    """Meek STV's fixed point (10^-9) does not overflow with weights near the limit."""
    from commune.socialchoice.methods.stv import stv_meek

    small = [3, 2, 2]
    ballots = [["a", "b"], ["b"], ["c"]]
    base = stv_meek(RankedProfile.from_ballots(["a", "b", "c"], ballots, counts=small), seats=2)
    big = stv_meek(
        RankedProfile.from_ballots(["a", "b", "c"], ballots, counts=[NEAR * k for k in small]),
        seats=2,
    )
    assert big.winners == base.winners
    for stage in big.rounds:
        assert all(v >= 0 for v in stage.counts.values())
        held = sum(stage.counts.values()) + stage.exhausted
        assert 7 * NEAR - 1 <= held <= 7 * NEAR  # truncation loses under 10^-9 a ballot


def test_pav_stays_exact_with_huge_weights_and_many_seats() -> None:
    """PAV scores in units of lcm(1..k) do not overflow: 45 seats, weights near the limit."""
    from fractions import Fraction

    from commune.socialchoice.methods.committee import pav

    names = [f"x{i}" for i in range(45)]
    p = ApprovalProfile.from_ballots(names, [names], counts=[NEAR])
    result = pav(p, seats=45)
    assert result.scores == {"PAV score": NEAR * sum(Fraction(1, i) for i in range(1, 46))}
