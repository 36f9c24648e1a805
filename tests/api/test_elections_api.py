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
        signed_out = cast(client, election.pk, ["Citoyen 0"])
        assert signed_out.status_code == 401 and signed_out.json()["code"] == "not_signed_in"
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
        refused = cast(strict, election.pk, ["Citoyen 0"])
    assert refused.status_code == 403 and refused.json()["code"] == "csrf_failed"
    assert Ballot.objects.count() == 0


@pytest.fixture
def bourse_member(commune, operator, django_user_model):
    """A member of another section (the Bourse), with an account."""
    from commune.members import actions
    from commune.members.models import Person, Section

    with clock.frozen(BEFORE):
        membership = actions.do_admit_member(
            Section.objects.get(commune=commune, number=2), actor=operator, full_name="Bourse 1"
        )
        user = django_user_model.objects.create_user("bourse1", password="x" * 20)
        Person.objects.filter(pk=membership.person_id).update(user=user)
    return user


def post_raw(client: Client, election_id: int, body: str) -> object:
    return client.post(
        f"/api/v1/elections/{election_id}/ballots", body, content_type="application/json"
    )


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ('{"ballot": "Citoyen 0"}', "ballot"),  # a name, not a list of names
        ('{"ballot": [["Citoyen 0", "Citoyen 1"]]}', "must be a candidate's name, not list"),
        ('{"ballot": ["Citoyen 0", "Citoyen 0"]}', "a candidate is marked twice"),
        ('{"ballot": ["Citoyen 0", "Citoyen 1", "Citoyen 2"]}', "3 candidates for 2 seat(s)"),
        ('{"ballot": [7]}', "ballot"),
        ('{"ballot": ["Citoyen 0"', "not valid JSON"),
        ('{"vote": ["Citoyen 0"]}', "ballot"),  # no ballot at all
        ('{"ballot": ["Thiers"]}', "'Thiers' is not a candidate in this election"),
    ],
)
def test_a_malformed_ballot_over_http_is_a_400_that_names_the_problem(
    client, election, voters, body, problem
):
    client.force_login(voters[0])
    with clock.frozen(DURING):
        response = post_raw(client, election.pk, body)
    assert response.status_code == 400, response.content
    assert problem in response.json().get("message", ""), response.content
    assert Voted.objects.count() == 0 and Ballot.objects.count() == 0


def test_a_member_of_another_section_cannot_vote(client, election, voters, bourse_member):
    """The roll frozen at opening is the Louvre's: a Bourse member is refused (403)."""
    client.force_login(bourse_member)
    with clock.frozen(DURING):
        refused = cast(client, election.pk, ["Citoyen 0"])
    assert refused.status_code == 403 and refused.json()["code"] == "not_on_roll"
    assert "not on the roll of Louvre, 26 mars" in refused.json()["message"]
    assert Voted.objects.count() == 0 and Ballot.objects.count() == 0


def test_an_election_not_yet_open_refuses_ballots(client, election, voters):
    client.force_login(voters[0])
    with clock.frozen(BEFORE):
        early = cast(client, election.pk, ["Citoyen 0"])
    assert early.status_code == 409 and early.json()["code"] == "election_not_open"
    assert "Louvre, 26 mars is not open yet" in early.json()["message"]
    assert Voted.objects.count() == 0 and Ballot.objects.count() == 0


def test_a_counted_election_refuses_ballots(client, election, voters):
    """After the close the election is counted at once; a late ballot changes nothing."""
    with clock.frozen(DURING):
        client.force_login(voters[0])
        assert cast(client, election.pk, ["Citoyen 0"]).status_code == 201
    with clock.frozen(AFTER):
        client.force_login(voters[1])
        late = cast(client, election.pk, ["Citoyen 1"])
        result = client.get(f"/api/v1/elections/{election.pk}/result").json()
    assert late.status_code == 409 and "is closed" in late.json()["message"]
    assert result["state"] == "counted" and result["voters"] == 1
    assert Voted.objects.count() == 1 and Ballot.objects.count() == 1
