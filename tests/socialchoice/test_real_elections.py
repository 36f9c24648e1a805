"""Real elections, counted with their real method and rules, against the official results."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from commune.socialchoice.formats import read
from commune.socialchoice.methods import run

from .conftest import official_results

CASES = official_results()


@pytest.mark.parametrize("case", CASES, ids=[c["election"] for c in CASES])
def test_official_winners_and_rounds(case: dict[str, Any], elections: Path) -> None:
    """The count elects the official winners and reproduces the official round figures."""
    election = read(elections / case["file"])
    profile = election.profile(case["rules"])
    options: dict[str, Any] = {"rules": case["rules"]}
    if "seats" in case:
        options["seats"] = case["seats"]
    result = run(case["method"], profile, **options)
    if case.get("compare") == "set":
        # Irish counts move physical papers chosen by their order: the seat set is what counts
        assert set(result.winners) == set(case["winners"])
    else:
        assert list(result.winners) == case["winners"]
    if "valid" in case:
        assert profile.num_voters == case["valid"]
    if "first_preference_groups" in case:
        first = result.rounds[0].counts
        for group, (names, total) in case["first_preference_groups"].items():
            assert sum(first[n] for n in names) == total, group
    for name, figures in case.get("stages", {}).items():
        ours = [rnd.counts[name] for rnd in result.rounds[: len(figures)]]
        if case.get("rounded"):
            assert [round(v) for v in ours] == figures, name
        else:
            assert ours == figures, name
    for key, expected in case.get("rounds", {}).items():
        rnd = result.rounds[-1] if key == "final" else result.rounds[int(key) - 1]
        got = {name: rnd.counts[name] for name in expected}
        assert {k: str(v) for k, v in got.items()} == {k: str(v) for k, v in expected.items()}, key
