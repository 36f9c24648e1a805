"""`commune election verify`: anyone recounts an election from its published ballots."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from tests.election_fixtures import AFTER, DURING

from commune import clock
from commune.elections import actions, publication
from commune.elections.verify import differences
from commune.elections.verify import main as verify


@pytest.fixture
def counted(election, voters):
    with clock.frozen(DURING):
        for user, marks in zip(
            voters, [["Citoyen 0", "Citoyen 1"]] * 5 + [["Citoyen 2"]] * 4 + [[]], strict=True
        ):
            actions.do_cast_ballot(election, actor=user, marks=marks)
    with clock.frozen(AFTER):
        return actions.do_settle_election(election)


def test_verify_against_a_live_server(committed_db, live_server, counted, capsys):
    with clock.frozen(AFTER):
        status = verify([f"{live_server.url}/api/v1/elections/{counted.pk}"])
    out = capsys.readouterr().out
    assert status == 0, out
    assert "OK Louvre, 26 mars: 9 ballots recounted with block" in out
    assert "elected: Citoyen 0, Citoyen 1" in out


@pytest.mark.django_db
def test_verify_by_number_reads_this_installation(counted, capsys):
    with clock.frozen(AFTER):
        call_command("election_verify", str(counted.pk))
    assert "OK Louvre, 26 mars" in capsys.readouterr().out


@pytest.mark.django_db
def test_a_published_result_that_the_ballots_do_not_give_is_caught(counted):
    with clock.frozen(AFTER):
        document = publication.result_document(counted)
        blt, _ = publication.ballots_file(counted, "blt")
    assert differences(document, blt) == []
    forged = {**document, "winners": ["Citoyen 0", "Citoyen 2"]}
    assert differences(forged, blt)[0].startswith("winners: published")
    fewer = blt.replace("1 1 2 0\n", "", 1)
    assert any(line.startswith("num_ballots") for line in differences(document, fewer))


def test_an_unreachable_server_is_one_line(capsys):
    assert verify(["http://127.0.0.1:9/api/v1/elections/1"]) == 2
    err = capsys.readouterr().err
    assert (
        err.startswith("commune election verify: GET http://127.0.0.1:9/") and err.count("\n") == 1
    )
