"""Signatures at once through HTTP, with real commits (SQLite and PostgreSQL): one signature
each, and exactly one recall vote whoever crosses the threshold."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection
from django.test import Client
from tests.election_fixtures import AFTER, DURING

from commune import clock
from commune.elections import actions as e
from commune.elections.models import Election
from commune.journal.models import JournalEntry
from commune.mandates import actions as m
from commune.mandates.models import Mandate, RecallPetition, Signature
from commune.members import actions as members

C = "/api/v1/communes/test-commune"
NOW = AFTER + dt.timedelta(days=2)


@pytest.fixture
def delegate(committed_db, election, voters, operator):
    """Citoyen 0, elected by the Louvre (ten registered members)."""
    with clock.frozen(DURING):
        for user in voters:
            e.do_cast_ballot(election, actor=user, marks=["Citoyen 0", "Citoyen 1"])
    with clock.frozen(AFTER):
        m.do_certify_election(e.do_settle_election(election), actor=operator)
    return Mandate.objects.get(election=election, person__full_name="Citoyen 0")


def petition_at(share: str, delegate, opener, commune, operator) -> RecallPetition:
    """The constitution asks `share` of the section's ten members; `opener` opens (and signs)."""
    rules = {**commune.constitution, "recall": {**commune.constitution["recall"]}}
    rules["recall"]["petition_threshold"] = share
    members.do_amend_constitution(commune, actor=operator, rules=rules, reason="For the test.")
    delegate.commune.refresh_from_db()
    with clock.frozen(NOW):
        return m.do_open_petition(delegate, actor=opener, reason="He departed.")


def sign_together(petition: RecallPetition, users: list) -> list[tuple[int, dict]]:
    """Each of `users` (one client each, signed in beforehand) signs at the same instant."""
    clients = []
    for user in users:
        client = Client()
        client.force_login(user)
        clients.append(client)
    barrier = threading.Barrier(len(clients))
    results: list[tuple[int, dict]] = [(0, {})] * len(clients)
    url = f"{C}/petitions/{petition.pk}/signatures"

    def target(i: int) -> None:
        try:
            barrier.wait()
            response = clients[i].post(url, "{}", content_type="application/json")
            results[i] = (response.status_code, response.json())
        finally:
            connection.close()  # each thread has its own connection: release it

    threads = [threading.Thread(target=target, args=(i,)) for i in range(len(clients))]
    with clock.frozen(NOW + dt.timedelta(hours=1)):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    return results


def recall_votes() -> int:
    return Election.objects.filter(recall__isnull=False).count()


def test_eight_signing_at_once_past_the_threshold_open_one_vote(
    delegate, voters, commune, operator
):
    """Threshold 5 (one half of ten); the opener signs, then eight sign at once: four are
    taken, the fifth signature opens the vote, the four late ones are refused (the petition
    closed at its threshold); exactly one recall vote opens."""
    petition = petition_at("1/2", delegate, voters[8], commune, operator)
    assert petition.threshold == 5
    results = sign_together(petition, voters[:8])
    statuses = sorted(status for status, _ in results)
    assert statuses == [201] * 4 + [409] * 4, results
    assert {body["code"] for status, body in results if status == 409} == {"petition_closed"}
    crossing = [body for status, body in results if status == 201 and body["state"] == "voting"]
    assert len(crossing) == 1, results
    petition.refresh_from_db()
    assert petition.state == "voting" and crossing[0]["vote"] == petition.vote_id
    assert petition.vote.status == "open"
    assert Signature.objects.filter(petition=petition).count() == 5
    assert recall_votes() == 1
    assert JournalEntry.objects.filter(kind="recall.threshold_reached").count() == 1
    assert JournalEntry.objects.filter(kind="recall.signed").count() == 5


def test_eight_signing_at_once_up_to_the_threshold_all_count_and_open_one_vote(
    delegate, voters, commune, operator
):
    """Threshold 9: the opener and eight at once reach it exactly; all eight are stored and
    exactly one of them opens the vote."""
    petition = petition_at("9/10", delegate, voters[8], commune, operator)
    assert petition.threshold == 9
    results = sign_together(petition, voters[:8])
    assert [status for status, _ in results] == [201] * 8, results
    assert sum(body["state"] == "voting" for _, body in results) == 1, results
    assert Signature.objects.filter(petition=petition).count() == 9
    petition.refresh_from_db()
    assert petition.state == "voting" and petition.vote.status == "open"
    assert recall_votes() == 1


def test_one_member_signing_eight_times_at_once_signs_once(delegate, voters, commune, operator):
    petition = petition_at("9/10", delegate, voters[8], commune, operator)
    results = sign_together(petition, [voters[3]] * 8)
    assert sorted(status for status, _ in results) == [201] + [409] * 7, results
    assert {body["code"] for status, body in results if status == 409} == {"already_signed"}
    assert Signature.objects.filter(petition=petition, person__user=voters[3]).count() == 1
    assert Signature.objects.filter(petition=petition).count() == 2
    assert recall_votes() == 0
