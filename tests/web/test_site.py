"""What every page carries: security headers, error pages in the site's look and language,
robots.txt and a favicon; and domain errors shown by class."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/c/test-commune/",
    "/c/test-commune/journal/",
    "/login/",
    "/admin/login/",
    "/api/v1/docs",
    "/api/v1/communes",
]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_sends_csp_and_permissions_policy(client, commune, path):
    response = client.get(path)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'"):
        assert directive in csp
    assert "unsafe-inline" not in csp
    policy = response["Permissions-Policy"]
    assert "camera=()" in policy and "geolocation=()" in policy


def test_robots_and_favicon(client):
    robots = client.get("/robots.txt")
    assert robots.status_code == 200 and robots["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in robots.content.decode()
    favicon = client.get("/favicon.ico")
    assert favicon.status_code == 301 and favicon["Location"].endswith("commune/favicon.svg")
    assert client.get(favicon["Location"]).status_code == 200


def test_not_found_is_a_styled_translated_page(client, commune):
    response = client.get("/c/nowhere/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="fr">' in html and "commune.css" in html
    assert "no commune &#x27;nowhere&#x27;" in html
    assert client.get("/no/such/page/").status_code == 404
    assert "There is no page at this address." in client.get("/no/such/page/").content.decode()


def test_a_fault_is_a_503_that_tells_the_person_nothing_of_the_server(client, commune, monkeypatch):
    from commune.journal import actions
    from commune.journal.signing import SigningKeyMissing

    def missing(commune):
        raise SigningKeyMissing("the journal's signing key /secret/path is missing")

    monkeypatch.setattr(actions, "do_sign_checkpoint", missing)
    response = client.get("/c/test-commune/journal/0/")
    assert response.status_code == 200  # the act is shown; its proof waits for the repair
    html = response.content.decode()
    assert "/secret/path" not in html
    assert "Its operator has been told" in html
    api = client.get("/api/v1/journal/checkpoint")
    assert api.status_code == 503 and api.json()["code"] == "signing_key_missing"
    assert "/secret/path" not in api.content.decode()


def test_a_server_error_is_a_plain_page_that_needs_no_context(rf):
    from commune.web.errors import server_error

    page = server_error(rf.get("/"))
    assert page.status_code == 500
    assert b"Nothing was changed" in page.content and b"commune.css" in page.content
