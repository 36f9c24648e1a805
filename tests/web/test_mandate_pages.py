"""Revocable delegates in the pages: a section's delegates, a mandate with its fidelity, a
petition opened, signed to its threshold (the recall vote opens in that request), withdrawn
from, and refused to those who may not sign."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from tests.election_fixtures import AFTER

from commune import clock
from commune.mandates.models import RecallPetition, Signature

pytestmark = pytest.mark.django_db

T = AFTER + dt.timedelta(days=1)


def test_a_petition_from_opening_to_the_recall_vote(client, commune, louvre, voters, seated):
    slug = commune.slug
    delegate = seated["Citoyen 0"]
    with clock.frozen(T):
        page = client.get(reverse("web:section_delegates", args=[slug, louvre.number]))
        assert page.status_code == 200 and b"Citoyen 0" in page.content
        client.force_login(voters[5])
        mandate_url = reverse("web:mandate", args=[slug, delegate.pk])
        assert b"Open a recall petition" in client.get(mandate_url).content
        response = client.post(
            reverse("web:petition_new", args=[slug, delegate.pk]), {"reason": "Broke his word."}
        )
        assert response.status_code == 302
        petition_url = response["Location"]
        page = client.get(petition_url)
        assert b"Broke his word." in page.content and b"Withdraw my signature" in page.content
        assert client.post(petition_url + "sign/").status_code == 409  # signed when opened
        client.force_login(voters[6])
        response = client.post(petition_url + "sign/", follow=True)
        assert b"the recall vote is open" in response.content
    petition = RecallPetition.objects.get()
    assert petition.state == "voting" and petition.vote.status == "open"
    assert Signature.objects.count() == 2


def test_refusals_on_petitions(client, commune, louvre, voters, seated, django_user_model):
    slug = commune.slug
    delegate = seated["Citoyen 1"]
    outsider = django_user_model.objects.create_user("outsider", password="x" * 20)
    with clock.frozen(T):
        client.force_login(outsider)
        response = client.post(
            reverse("web:petition_new", args=[slug, delegate.pk]), {"reason": "No."}
        )
        assert response.status_code == 403
        client.force_login(voters[0])
        response = client.post(
            reverse("web:petition_new", args=[slug, delegate.pk]), {"reason": ""}
        )
        assert response.status_code == 400
    assert RecallPetition.objects.count() == 0
    assert client.get(reverse("web:petition", args=[slug, 999])).status_code == 404
    assert client.get(reverse("web:mandate", args=[slug, 999])).status_code == 404
