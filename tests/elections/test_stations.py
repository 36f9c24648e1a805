"""Paper ballots: polling stations' count sheets, entered by one clerk and confirmed by
another, counted with the online ballots; a sheet that does not add up is refused."""

from __future__ import annotations

import contextlib
import io
import json

import pytest
from tests.election_fixtures import AFTER, BEFORE, DURING

from commune import clock
from commune.elections import actions, publication
from commune.elections.errors import WrongState
from commune.elections.models import Election
from commune.errors import InvalidInput, PermissionDenied

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_clerk(commune, operator, django_user_model):
    from commune.members import actions as member_actions

    user = django_user_model.objects.create_user("greffier2", password="x" * 20)
    member_actions.do_appoint_clerk(commune, actor=operator, user=user)
    return user


@pytest.fixture
def station(election, operator):
    with clock.frozen(BEFORE):
        return actions.do_add_polling_station(election, actor=operator, name="Mairie du Louvre")


def test_paper_and_online_ballots_are_counted_together(
    election, station, voters, clerk_user, second_clerk, tmp_path
):
    with clock.frozen(DURING):
        for user in voters[:3]:
            actions.do_cast_ballot(election, actor=user, marks=["Citoyen 2"])
        with pytest.raises(WrongState, match="once it closes"):
            actions.do_enter_count_sheet(
                station, actor=clerk_user, votes={}, blank=0, spoilt=0, signatures=0
            )
    with clock.frozen(AFTER):
        assert actions.do_settle_election(election).status == Election.Status.CLOSED  # waits
        actions.do_enter_count_sheet(
            station,
            actor=clerk_user,
            votes={"Citoyen 0": 5, "Citoyen 1": 4, "Citoyen 2": 1},
            blank=1,
            spoilt=1,
            signatures=7,
        )
        with pytest.raises(PermissionDenied, match="another clerk"):
            actions.do_confirm_count_sheet(station, actor=clerk_user)
        actions.do_confirm_count_sheet(station, actor=second_clerk)
        election.refresh_from_db()
        assert election.status == Election.Status.COUNTED
        result = publication.result_document(election)
        blt, _ = publication.ballots_file(election, "blt")
        csv, _ = publication.ballots_file(election, "csv")
    assert result["winners"] == ["Citoyen 0", "Citoyen 1"]
    assert (result["voters"], result["blank"], result["spoilt"]) == (10, 1, 1)
    assert result["sheets"][0]["confirmed_by"] == "greffier2"
    from commune.socialchoice.cli import main as tally

    for name, text in (("e.blt", blt), ("e.csv", csv)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            assert tally([str(path), *result["recount"][3:], "--json"]) == 0
        assert json.loads(out.getvalue())["winners"] == result["winners"]


@pytest.mark.parametrize(
    ("figures", "problem"),
    [
        ({"votes": {"Citoyen 0": 8}, "signatures": 7}, "more than the 7 valid ballots"),
        ({"votes": {}, "blank": 5, "spoilt": 3, "signatures": 7}, "more than the 7 voters"),
        (
            {"votes": {"Citoyen 0": 7, "Citoyen 1": 7, "Citoyen 2": 7}, "signatures": 7},
            "more than 7 valid ballots can carry (2 mark(s) each)",
        ),
        ({"votes": {"Versailles": 1}, "signatures": 7}, "'Versailles' is not a candidate"),
        ({"votes": {"Citoyen 0": -1}, "signatures": 7}, "is not a number of ballots"),
    ],
)
def test_a_sheet_that_does_not_add_up_is_refused(election, station, clerk_user, figures, problem):
    with clock.frozen(AFTER):
        with pytest.raises(InvalidInput, match=problem.replace("(", r"\(").replace(")", r"\)")):
            actions.do_enter_count_sheet(
                station,
                actor=clerk_user,
                blank=figures.get("blank", 0),
                spoilt=figures.get("spoilt", 0),
                votes=figures["votes"],
                signatures=figures["signatures"],
            )
        assert not hasattr(station, "sheet") or station.sheet is None


def test_ranked_methods_take_no_paper_sheets(commune, louvre, operator):
    with clock.frozen(BEFORE):
        e = actions.do_call_election(
            commune,
            actor=operator,
            title="IRV",
            section=louvre,
            seats=1,
            method="irv",
            opens_at=AFTER,
            closes_at=AFTER.replace(year=1872),
        )
        with pytest.raises(InvalidInput, match="need one of approval, block, plurality"):
            actions.do_add_polling_station(e, actor=operator, name="Mairie")
