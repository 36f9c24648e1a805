"""The recall on the same ballot as the replacement, in the pages: the threshold-crossing
signature calls both; a member stands, the delegate under recall is refused; both questions
are cast on one page (two receipts), a second time refused whole; the count seats the
replacement's winner, or cancels the replacement when the recall fails."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from tests.election_fixtures import AFTER

from commune import clock
from commune.elections.models import Ballot, Election, Voted
from commune.mandates.models import Mandate, RecallPetition
from commune.members import actions as members

pytestmark = pytest.mark.django_db

T = AFTER + dt.timedelta(days=1)


@pytest.fixture
def same_ballot(commune, operator):
    with clock.frozen(T):
        members.do_amend_constitution(
            commune,
            actor=operator,
            rules={"recall": {"replacement_on_same_ballot": True, "candidacy_days": 3}},
            reason="the replacement on the recall's ballot",
        )
    commune.refresh_from_db()


def _to_threshold(client, commune, voters, delegate) -> RecallPetition:
    with clock.frozen(T):
        client.force_login(voters[5])
        response = client.post(
            reverse("web:petition_new", args=[commune.slug, delegate.pk]), {"reason": "No."}
        )
        client.force_login(voters[6])
        response = client.post(response["Location"] + "sign/", follow=True)
        assert b"the recall vote and the replacement are called" in response.content
    return RecallPetition.objects.get()


def _ballot(petition, recall, replacement=()):
    data = {"recall": recall}
    if replacement:
        data["replacement"] = list(replacement)
    return data


def test_the_whole_path_in_the_pages(client, commune, louvre, voters, seated, same_ballot):
    slug = commune.slug
    delegate = seated["Citoyen 0"]
    petition = _to_threshold(client, commune, voters, delegate)
    replacement = petition.by_election
    assert petition.is_same_ballot and replacement.status == "draft"
    petition_url = reverse("web:petition", args=[slug, petition.pk])
    stand_url = reverse("web:election_stand", args=[slug, replacement.pk])
    with clock.frozen(T + dt.timedelta(hours=1)):
        page = client.get(petition_url)
        assert b"The replacement, on the same ballot" in page.content
        assert b"Stand for the seat" in page.content
        client.force_login(voters[0])  # the delegate under recall
        refused = client.post(stand_url, {"statement": "Keep me."})
        assert refused.status_code == 400 and b"delegate under recall" in refused.content
        client.force_login(voters[3])
        assert client.post(stand_url, {"statement": "For the section."}).status_code == 302
        page = client.get(petition_url)
        assert b"Citoyen 3" in page.content
        assert b"Citoyen 3" in client.get(reverse("web:mandate", args=[slug, delegate.pk])).content
        section_page = client.get(reverse("web:section_delegates", args=[slug, louvre.number]))
        assert b"the replacement on the same ballot" in section_page.content
    ballot_url = reverse("web:recall_ballot", args=[slug, petition.pk])
    with clock.frozen(replacement.opens_at + dt.timedelta(hours=1)):
        page = client.get(ballot_url)
        assert b"Question 1" in page.content and b"Question 2" in page.content
        assert b"Vote on both questions" in client.get(petition_url).content
        for n, user in enumerate(voters):
            client.force_login(user)
            marks = ["Citoyen 3"] if n < 6 else []
            response = client.post(
                ballot_url, _ballot(petition, "Recall" if n < 7 else "Keep", marks)
            )
            assert response.status_code == 200
            assert response.content.count(b"receipt-code") == 2
        before = (Voted.objects.count(), Ballot.objects.count())
        again = client.post(ballot_url, _ballot(petition, "Recall", ["Citoyen 3"]))
        assert again.status_code == 409 and b"neither of your ballots was cast" in again.content
        assert (Voted.objects.count(), Ballot.objects.count()) == before
    with clock.frozen(replacement.closes_at + dt.timedelta(minutes=1)):
        assert client.get(petition_url).status_code == 200  # settled on access
    petition.refresh_from_db()
    delegate.refresh_from_db()
    assert petition.state == "recalled" and delegate.end_reason == "recall"
    (new,) = Mandate.objects.filter(election=replacement)
    assert new.person.full_name == "Citoyen 3"
    assert Election.objects.get(pk=replacement.pk).status == "certified"


def test_a_kept_delegate_cancels_the_replacement(
    client, commune, louvre, voters, seated, same_ballot
):
    slug = commune.slug
    petition = _to_threshold(client, commune, voters, seated["Citoyen 1"])
    replacement = petition.by_election
    ballot_url = reverse("web:recall_ballot", args=[slug, petition.pk])
    with clock.frozen(replacement.opens_at + dt.timedelta(hours=1)):
        for user in voters[:4]:
            client.force_login(user)
            assert client.post(ballot_url, _ballot(petition, "Keep")).status_code == 200
    with clock.frozen(replacement.closes_at + dt.timedelta(minutes=1)):
        # The replacement's own page is the first access: the recall settles first.
        page = client.get(reverse("web:election", args=[slug, replacement.pk]))
        assert page.status_code == 200
    petition.refresh_from_db()
    assert petition.state == "kept"
    assert Election.objects.get(pk=replacement.pk).status == "cancelled"
    assert not Mandate.objects.filter(election=replacement).exists()


def test_the_one_page_ballot_is_refused_without_the_option(client, commune, voters, seated):
    with clock.frozen(T):
        client.force_login(voters[5])
        response = client.post(
            reverse("web:petition_new", args=[commune.slug, seated["Citoyen 0"].pk]),
            {"reason": "No."},
        )
        client.force_login(voters[6])
        response = client.post(response["Location"] + "sign/", follow=True)
        assert b"the recall vote is open" in response.content
        petition = RecallPetition.objects.get()
        ballot_url = reverse("web:recall_ballot", args=[commune.slug, petition.pk])
        assert client.get(ballot_url).status_code == 404
