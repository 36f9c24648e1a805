"""One contract over every registered method: a Result that explains itself and serialises."""

from __future__ import annotations

import json

import pytest

from commune.socialchoice import ApprovalProfile, RankedProfile, ScoreProfile
from commune.socialchoice.methods import ALIASES, METHODS, MethodSpec, get_method

NAMES = ["Varlin", "Vallès", "Pyat", "Rigault", "Delescluze"]
RANKED = RankedProfile.from_ballots(
    NAMES,
    [["Varlin", "Vallès", "Pyat"]] * 5
    + [["Pyat", "Rigault"]] * 4
    + [["Vallès", "Varlin"]] * 3
    + [["Delescluze", "Pyat", "Varlin"]] * 2
    + [["Rigault"]] * 2,
)
DEBIAN = RankedProfile.from_ballots(
    [*NAMES, "None Of The Above"],
    [[{"Varlin", "Vallès"}, "None Of The Above"]] * 3 + [["Pyat", "None Of The Above"]] * 2,
    rules="debian",
)
APPROVAL = ApprovalProfile.from_ballots(
    NAMES, [{"Varlin", "Vallès"}] * 4 + [{"Pyat"}] * 3 + [{"Rigault", "Varlin"}] * 2
)
SCORES = ScoreProfile.from_ballots(
    NAMES, [{"Varlin": 4, "Vallès": 2}, {"Pyat": 3, "Varlin": 1}, {"Rigault": 4}], max_score=4
)


def profile_for(spec: MethodSpec) -> object:
    if spec.name == "debian":
        return DEBIAN
    return {"ranked": RANKED, "party": RANKED, "approval": APPROVAL, "score": SCORES}[spec.ballot]


@pytest.mark.parametrize("name", list(METHODS))
def test_every_method_honours_the_result_contract(name: str) -> None:
    """Winners are candidates, as many as the seats (or unfilled counted), serialised exactly."""
    spec = METHODS[name]
    seats = 2 if spec.multiwinner else 1
    options = {"seats": seats} if spec.multiwinner else {}
    result = spec.func(profile_for(spec), seed="1871", **options)
    assert result.method == name
    if spec.ballot != "party":
        assert set(result.winners) <= set(result.candidates)
        assert len(set(result.winners)) == len(result.winners)
    assert len(result.winners) + result.unfilled == seats
    assert set(result.winners) <= set(result.tied_winners) or spec.multiwinner
    data = json.loads(result.to_json())
    assert data["winners"] == list(result.winners)
    assert data["method"] == name
    for tie in data["ties"]:
        assert tie["procedure"] in ("lot", "previous_round", "earliest_round")
    report = result.report()
    assert f"Method: {name}" in report
    again = spec.func(profile_for(spec), seed="1871", **options)
    assert again.to_json() == result.to_json()  # deterministic


@pytest.mark.parametrize(("alias", "name"), sorted(ALIASES.items()))
def test_aliases_resolve(alias: str, name: str) -> None:
    """Every alias names its method."""
    assert get_method(alias).name == name
