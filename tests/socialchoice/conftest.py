"""Shared fixtures of the socialchoice tests: the real-election corpus and canonical profiles."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from commune.socialchoice import RankedProfile

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]


def elections_dir() -> Path | None:
    """``<repo>/../shared/data/elections`` (a checkout beside shared/), else /work/shared/…"""
    for base in (REPO / ".." / "shared" / "data", Path("/work/shared/data")):
        path = (base / "elections").resolve()
        if path.is_dir():
            return path
    return None


@pytest.fixture(scope="session")
def elections() -> Path:
    path = elections_dir()
    if path is None:
        pytest.skip("the real-election corpus (../shared/data/elections) is not available here")
    return path


def official_results() -> list[dict[str, Any]]:
    """The official results we check against, each with the ``source`` it was read from."""
    with open(HERE / "data" / "official_results.json", encoding="utf-8") as fh:
        data: list[dict[str, Any]] = json.load(fh)
    return data


#: small named profiles with a known answer, reused by several test modules
CANONICAL: dict[str, tuple[list[str], list[tuple[int, list[str]]]]] = {
    # a Condorcet cycle a > b > c > a broken by the strongest majority
    "cycle": (["a", "b", "c"], [(3, ["a", "b", "c"]), (2, ["b", "c", "a"]), (2, ["c", "a", "b"])]),
    # the centre squeeze: IRV excludes the Condorcet winner b
    "centre_squeeze": (
        ["a", "b", "c"],
        [
            (35, ["a", "b", "c"]),
            (16, ["b", "a", "c"]),
            (16, ["b", "c", "a"]),
            (33, ["c", "b", "a"]),
        ],
    ),
    # a majority first choice: every majoritarian method elects a
    "majority": (
        ["a", "b", "c", "d"],
        [(6, ["a", "b", "c", "d"]), (3, ["b", "c", "d", "a"]), (2, ["c", "d", "b", "a"])],
    ),
}


def canonical(name: str) -> RankedProfile:
    cands, groups = CANONICAL[name]
    ballots: list[list[str]] = []
    for count, order in groups:
        ballots += [order] * count
    return RankedProfile.from_ballots(cands, ballots)
