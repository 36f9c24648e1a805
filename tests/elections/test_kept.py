"""Open elections kept in memory for casting: a stale entry never lets a ballot in."""

from __future__ import annotations

import json

import pytest
from tests.election_fixtures import DURING

from commune import clock
from commune.elections import kept
from commune.elections.models import Ballot, Election, Voted

pytestmark = pytest.mark.django_db


def cast(client, election_id: int, ballot):
    return client.post(
        f"/api/v1/elections/{election_id}/ballots",
        json.dumps({"ballot": ballot}),
        content_type="application/json",
    )


def test_casting_keeps_an_open_election_and_its_names(client, election, voters):
    with clock.frozen(DURING):
        assert kept.open_election(election.pk) is None  # a draft until first access
        client.force_login(voters[0])
        assert cast(client, election.pk, ["Citoyen 0"]).status_code == 201
        held = kept.open_election(election.pk)
        assert held is not None and held.status == Election.Status.OPEN
        assert kept.ballot_names(held) == ["Citoyen 0", "Citoyen 1", "Citoyen 2"]


def test_a_draft_is_never_kept(election):
    assert election.status == Election.Status.DRAFT
    assert kept.ballot_names(election) == ["Citoyen 0", "Citoyen 1", "Citoyen 2"]
    assert kept.open_election(election.pk) is None


def test_an_election_closed_elsewhere_refuses_the_next_ballot_at_once(client, election, voters):
    """Another process closes it (the kept entry still says open): the cast reads the status
    again in its transaction, answers 409, and writes nothing."""
    with clock.frozen(DURING):
        client.force_login(voters[0])
        assert cast(client, election.pk, ["Citoyen 0"]).status_code == 201
        assert kept.open_election(election.pk) is not None
        Election.objects.filter(pk=election.pk).update(status=Election.Status.CLOSED)
        client.force_login(voters[1])
        refused = cast(client, election.pk, ["Citoyen 1"])
    assert refused.status_code == 409, refused.content
    assert "closed" in refused.json()["message"]
    assert Ballot.objects.filter(election=election).count() == 1
    assert Voted.objects.filter(election=election).count() == 1


def test_a_kept_election_past_its_closing_instant_is_settled_not_trusted(client, election, voters):
    from tests.election_fixtures import AFTER

    with clock.frozen(DURING):
        client.force_login(voters[0])
        assert cast(client, election.pk, ["Citoyen 0"]).status_code == 201
    with clock.frozen(AFTER):
        client.force_login(voters[1])
        refused = cast(client, election.pk, ["Citoyen 1"])
    assert refused.status_code == 409
    election.refresh_from_db()
    assert election.status == Election.Status.COUNTED  # closed and counted by the clock
    assert Ballot.objects.filter(election=election).count() == 1


def test_entries_expire(election, voters, monkeypatch):
    with clock.frozen(DURING):
        from commune.communes.access import OPERATOR
        from commune.elections import access

        opened = access.access_election(OPERATOR, None, election.pk)
        kept.ballot_names(opened)
        assert kept.open_election(election.pk) is not None
        monkeypatch.setattr(kept._open, "seconds", -1.0)
        kept._open.forget()
        kept.ballot_names(opened)
        assert kept.open_election(election.pk) is None  # kept for no time at all
