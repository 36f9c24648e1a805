"""Elections in the pages: call, stand, vote, receipt, result, certification."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.election_fixtures import AFTER, BEFORE, DURING

from commune import clock
from commune.elections.models import Ballot, Election
from commune.mandates.models import Mandate

pytestmark = pytest.mark.django_db


def url(election, tail=""):
    return f"/c/test-commune/elections/{election.pk}/{tail}"


def test_a_member_votes_gets_a_receipt_and_finds_it_after_the_count(client, election, voters):
    client.force_login(voters[0])
    with clock.frozen(DURING):
        page = client.get(url(election))
        assert "Vote" in page.content.decode()
        form = client.get(url(election, "vote/")).content.decode()
        assert form.count('name="mark"') == 3
        response = client.post(url(election, "vote/"), {"mark": ["Citoyen 0", "Citoyen 2"]})
        assert response.status_code == 200
        html = response.content.decode()
        code = html.split('class="receipt-code">')[1].split("<")[0]
        assert len(code) == 19
        again = client.post(url(election, "vote/"), {"mark": ["Citoyen 1"]})
        assert again.status_code == 409 and "already voted" in again.content.decode()
        assert "You have voted in this election." in client.get(url(election)).content.decode()
    with clock.frozen(AFTER):
        result = client.get(url(election, "result/")).content.decode()
        # One vote of ten registered is below the threshold of 1871 (one eighth): nobody is
        # elected, and both seats call for a complementary election.
        assert "Nobody was elected." in result and "2 seats are left empty" in result
        assert "<svg" in result
        assert "commune tally election-" in result
        found = client.get(url(election, "receipt/"), {"receipt": code})
    assert "Citoyen 0, Citoyen 2" in found.content.decode()


def test_voting_with_nothing_marked_asks_for_a_blank_ballot_instead(client, election, voters):
    client.force_login(voters[1])
    with clock.frozen(DURING):
        response = client.post(url(election, "vote/"), {})
        assert response.status_code == 400
        assert "cast a blank ballot" in response.content.decode()
        blank = client.post(url(election, "vote/"), {"blank": "1"})
    assert blank.status_code == 200 and Ballot.objects.get().is_blank


def test_the_result_waits_for_the_count(client, election):
    with clock.frozen(DURING):
        response = client.get(url(election, "result/"))
    assert response.status_code == 409
    assert "published once it is counted" in response.content.decode()


def test_a_clerk_calls_an_election_and_files_a_candidacy(client, clerk_user, voters):
    client.force_login(clerk_user)
    with clock.frozen(BEFORE):
        response = client.post(
            "/c/test-commune/elections/call/",
            {
                "title": "Bourse, 16 avril",
                "section": 2,
                "opens_at": "1871-04-16T08:00",
                "closes_at": "1871-04-16T18:00",
            },
        )
        assert response.status_code == 302, response.content.decode()[-2000:]
        election = Election.objects.get(title="Bourse, 16 avril")
        assert election.seats == 3 and election.method == "block"  # Bourse's seats
        # The time typed is the server's local time (Europe/Paris; Paris mean time in 1871).
        assert election.opens_at.astimezone(dt.UTC).date() == dt.date(1871, 4, 16)
        refused = client.post(url(election, "candidacy/"), {"email": "c0@example.org"})
        assert refused.status_code == 400
        assert "not a member of the section that votes" in refused.content.decode()
        bad_times = client.post(
            "/c/test-commune/elections/call/",
            {
                "title": "X",
                "section": 0,
                "opens_at": "1871-04-16T08:00",
                "closes_at": "1871-04-15T08:00",
            },
        )
        assert bad_times.status_code == 400
        assert "must close after it opens" in bad_times.content.decode()


def test_a_member_stands_for_themselves(client, election, voters):
    client.force_login(voters[5])
    with clock.frozen(BEFORE):
        assert "Stand in this election" in client.get(url(election)).content.decode()
        response = client.post(url(election, "stand/"), {"statement": "Pour la Commune."})
        assert response.status_code == 302
        assert "Pour la Commune." in client.get(url(election)).content.decode()


def test_certification_seats_the_winners(client, clerk_user, election, voters):
    with clock.frozen(DURING):
        for user in voters[:3]:
            client.force_login(user)
            client.post(url(election, "vote/"), {"mark": ["Citoyen 1", "Citoyen 2"]})
    client.force_login(voters[0])
    with clock.frozen(AFTER):
        assert client.post(url(election, "certify/")).status_code == 403
        client.force_login(clerk_user)
        response = client.post(url(election, "certify/"))
        assert response.status_code == 302
        page = client.get(response["Location"]).content.decode()
    assert "Delegates seated" in page and "The result is certified." in page
    assert sorted(Mandate.objects.values_list("person__full_name", flat=True)) == [
        "Citoyen 1",
        "Citoyen 2",
    ]


def test_only_clerks_call_elections(client, plain_user, commune):
    client.force_login(plain_user)
    assert client.get("/c/test-commune/elections/call/").status_code == 403


def test_clerks_enter_and_confirm_a_polling_stations_sheet(
    client, clerk_user, election, operator, django_user_model
):
    from commune.members import actions as member_actions

    other = django_user_model.objects.create_user("greffier2", password="x" * 20)
    member_actions.do_appoint_clerk(election.commune, actor=operator, user=other)
    client.force_login(clerk_user)
    with clock.frozen(BEFORE):
        assert client.post(url(election, "stations/new/"), {"name": "Mairie"}).status_code == 302
    station = election.stations.get()
    sheet = url(election, f"stations/{station.pk}/sheet/")
    with clock.frozen(AFTER):
        bad = client.post(
            sheet,
            {"signatures": 3, "blank": 0, "spoilt": 0, "votes_0": 4, "votes_1": 0, "votes_2": 0},
        )
        assert bad.status_code == 400 and "more than the 3 valid ballots" in bad.content.decode()
        good = {"signatures": 3, "blank": 0, "spoilt": 0, "votes_0": 3, "votes_1": 2, "votes_2": 1}
        assert client.post(sheet, good).status_code == 302
        confirm = url(election, f"stations/{station.pk}/confirm/")
        assert client.post(confirm).status_code == 403  # the clerk who entered it
        client.force_login(other)
        assert client.post(confirm).status_code == 302
        page = client.get(url(election, "result/")).content.decode()
    assert "Elected:" in page and "Citoyen 0, Citoyen 1" in page


def test_a_complementary_election_fills_the_seats_left_empty(client, clerk_user, election, voters):
    client.force_login(voters[0])
    with clock.frozen(DURING):
        client.post(url(election, "vote/"), {"mark": ["Citoyen 0"]})  # below one eighth
    client.force_login(clerk_user)
    with clock.frozen(AFTER):
        result = client.get(url(election, "result/")).content.decode()
        assert "Call the complementary election" in result
        page = client.get(f"/c/test-commune/elections/call/?complements={election.pk}")
        assert "fills the 2 seat(s)" in page.content.decode()
        response = client.post(
            f"/c/test-commune/elections/call/?complements={election.pk}",
            {
                "title": "Complémentaire",
                "section": 1,
                "seats": 3,
                "opens_at": "1871-04-16T08:00",
                "closes_at": "1871-04-16T18:00",
            },
        )
        assert response.status_code == 400 and "left 2 seat(s) empty" in response.content.decode()
        response = client.post(
            f"/c/test-commune/elections/call/?complements={election.pk}",
            {
                "title": "Complémentaire",
                "section": 1,
                "seats": 2,
                "opens_at": "1871-04-16T08:00",
                "closes_at": "1871-04-16T18:00",
            },
        )
    assert response.status_code == 302
    assert Election.objects.get(title="Complémentaire").complements == election
