"""Pages for people: home, section, language switch, sign-in and its rate limit."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_lists_sections_with_seats(client, commune, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = client.get("/c/test-commune/")
    html = response.content.decode()
    assert response.status_code == 200
    for name in ("Louvre", "Bourse", "Temple"):
        assert name in html
    assert "3 sections elect 10 delegates" in html
    assert 'href="#main"' in html and '<main id="main"' in html  # skip link and landmark


def test_home_lists_communes_when_there_are_several(client, commune, operator):
    from commune.members import actions

    actions.do_found_commune(actor=operator, slug="lyon-1871", name="Commune de Lyon")
    html = client.get("/").content.decode()
    assert "Commune de Lyon" in html and "Test Commune" in html


def test_section_page(client, commune):
    response = client.get("/c/test-commune/sections/3/")
    assert response.status_code == 200
    assert "Temple" in response.content.decode()
    assert client.get("/c/test-commune/sections/99/").status_code == 404
    assert client.get("/c/nowhere/").status_code == 404


def test_pages_in_french(client, commune):
    html = client.get("/c/test-commune/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<html lang="fr">' in html
    assert "Sections et leurs sièges au conseil" in html


def test_language_switch_is_a_csrf_protected_post(commune):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/i18n/setlang/", {"language": "fr", "next": "/"}).status_code == 403
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    assert response.status_code == 302
    assert "Sections et leurs sièges" in client.get("/c/test-commune/").content.decode()


def test_sign_in_and_out(client, clerk_user):
    response = client.post(
        reverse("web:login"), {"username": "clerk", "password": "a long clerk password"}
    )
    assert response.status_code == 302
    assert "Sign out (clerk)" in client.get("/").content.decode()
    assert client.get(reverse("web:logout")).status_code == 405  # GET must not sign out
    client.post(reverse("web:logout"))
    assert "Sign in" in client.get("/").content.decode()


def test_login_is_rate_limited(client, clerk_user):
    """After five failures, even the right password is refused for a while."""
    for _ in range(5):
        response = client.post(reverse("web:login"), {"username": "clerk", "password": "wrong"})
        assert response.status_code == 200
    response = client.post(
        reverse("web:login"), {"username": "clerk", "password": "a long clerk password"}
    )
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()


def test_failures_count_even_for_someone_signed_in(client, clerk_user, plain_user):
    """A signed-in attacker's wrong guesses count, and never clear the victim's counter."""
    client.force_login(plain_user)
    for _ in range(5):
        client.post(reverse("web:login"), {"username": "clerk", "password": "wrong"})
    response = client.post(
        reverse("web:login"), {"username": "clerk", "password": "a long clerk password"}
    )
    assert response.status_code == 429


def test_look_alike_usernames_share_a_counter(client, clerk_user):
    for _ in range(5):
        client.post(reverse("web:login"), {"username": "CLERK", "password": "wrong"})
    fullwidth = "\uff43\uff4c\uff45\uff52\uff4b"  # "clerk" in full-width letters
    response = client.post(
        reverse("web:login"), {"username": fullwidth, "password": "a long clerk password"}
    )
    assert response.status_code == 429


def test_admin_sign_in_is_rate_limited_too(client, clerk_user):
    for _ in range(5):
        client.post("/admin/login/", {"username": "clerk", "password": "wrong"})
    response = client.post(
        "/admin/login/", {"username": "clerk", "password": "a long clerk password"}
    )
    assert response.status_code == 429


def test_empty_sign_in_names_the_missing_fields(client, db):
    html = client.post(reverse("web:login"), {"username": "", "password": ""}).content.decode()
    assert 'aria-describedby="username-errors"' in html
    assert "This field is required." in html


def test_api_docs_use_no_cdn(client, db):
    html = client.get("/api/v1/docs").content.decode()
    assert "cdn." not in html and "jsdelivr" not in html
