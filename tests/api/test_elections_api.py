"""The elections API: the contract for outside checkers, and casting through HTTP."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from tests.election_fixtures import AFTER, BEFORE, DURING

from commune import clock
from commune.elections.models import Ballot, Voted

pytestmark = pytest.mark.django_db


def cast(client: Client, election_id: int, ballot) -> object:
    return client.post(
        f"/api/v1/elections/{election_id}/ballots",
        json.dumps({"ballot": ballot}),
        content_type="application/json",
    )


def test_the_list_follows_the_contract(client, election):
    with clock.frozen(BEFORE):
        body = client.get("/api/v1/elections").json()
    assert body["elections"][0] | {"opens_at": None, "closes_at": None} == {
        "id": election.pk,
        "title": "Louvre, 26 mars",
        "commune": "test-commune",
        "section": 1,
        "state": "draft",
        "method": "block",
        "seats": 2,
        "kind": "seats",
        "opens_at": None,
        "closes_at": None,
    }


def test_cast_through_http_then_recount_the_published_file(client, election, voters, tmp_path):
    with clock.frozen(DURING):
        for n, ballot in enumerate([["Citoyen 0", "Citoyen 2"]] * 3 + [["Citoyen 1"]] * 2 + [None]):
            client.force_login(voters[n])
            response = cast(client, election.pk, ballot)
            assert response.status_code == 201, response.content
            assert len(response.json()["receipt"]) == 19
        receipt = response.json()["receipt"]
        assert client.get(f"/api/v1/elections/{election.pk}/result").status_code == 409
    with clock.frozen(AFTER):
        result = client.get(f"/api/v1/elections/{election.pk}/result").json()
        assert result["method"] == "block" and result["seats"] == 2
        assert result["winners"] == ["Citoyen 0", "Citoyen 2"]
        assert (result["voters"], result["blank"], result["registered"]) == (6, 1, 10)
        blt = client.get(f"/api/v1/elections/{election.pk}/ballots?format=blt").content.decode()
        csv = client.get(f"/api/v1/elections/{election.pk}/ballots?format=csv").content.decode()
        found = client.get(f"/api/v1/elections/{election.pk}/receipts/{receipt.lower()}")
    assert found.status_code == 200 and found.json()["ballot"] is None  # the blank one
    from commune.socialchoice.cli import main as tally

    for name, text in (("e.blt", blt), ("e.csv", csv)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        argv = [str(path), *result["recount"][3:], "--json"]
        import contextlib
        import io

        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            assert tally(argv) == 0
        recount = json.loads(out.getvalue())
        assert recount["winners"] == result["winners"]
        assert recount["rounds"] == result["rounds"]


def test_refusals_are_clear_and_change_nothing(client, election, voters, plain_user):
    with clock.frozen(DURING):
        assert cast(client, election.pk, ["Citoyen 0"]).status_code == 401  # signed out
        client.force_login(plain_user)
        refused = cast(client, election.pk, ["Citoyen 0"])
        assert refused.status_code == 403 and refused.json()["code"] == "not_on_roll"
        client.force_login(voters[0])
        bad = cast(client, election.pk, ["Versailles"])
        assert bad.status_code == 400 and "'Versailles' is not a candidate" in bad.json()["message"]
        assert cast(client, election.pk, ["Citoyen 0"]).status_code == 201
        again = cast(client, election.pk, ["Citoyen 1"])
        assert again.status_code == 409 and again.json()["code"] == "already_voted"
        assert cast(client, 999999, ["x"]).status_code == 404
    with clock.frozen(AFTER):
        client.force_login(voters[1])
        late = cast(client, election.pk, ["Citoyen 0"])
        assert late.status_code == 409 and late.json()["code"] == "election_not_open"
    assert Voted.objects.count() == 1 and Ballot.objects.count() == 1


def test_casting_needs_the_csrf_token(election, voters):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(voters[0])
    with clock.frozen(DURING):
        assert cast(strict, election.pk, ["Citoyen 0"]).status_code == 403
    assert Ballot.objects.count() == 0
