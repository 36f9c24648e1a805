"""The Journal officiel's pages: list, search, entry with its proof, Atom feed."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_journal_lists_every_act_newest_first(client, commune):
    html = client.get("/c/test-commune/journal/").content.decode()
    assert "5 acts, newest first" in html
    rows = html[html.index("<tbody>") :]
    assert rows.index("Council seats apportioned") < rows.index("Commune founded")


def test_journal_search_by_kind_and_words(client, commune):
    html = client.get("/c/test-commune/journal/?kind=section.created").content.decode()
    assert "3 matching acts on this page" in html
    html = client.get("/c/test-commune/journal/?q=Temple").content.decode()
    assert "1 matching act on this page" in html and "3. Temple" in html
    assert (
        "0 matching acts on this page"
        in client.get("/c/test-commune/journal/?q=Versailles").content.decode()
    )


def test_entry_page_shows_its_proof(client, commune):
    response = client.get("/c/test-commune/journal/2/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Section created" in html and "Bourse" in html
    assert "localhost/test-commune\n5\n" in html  # the signed checkpoint it is proved against
    assert html.count("<li><code>") == 3  # audit path of leaf 2 in a tree of 5
    assert client.get("/c/test-commune/journal/99/").status_code == 404


def test_atom_feed(client, commune):
    response = client.get("/c/test-commune/journal/feed.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert body.count("<entry>") == 5
    assert "No. 4 — Council seats apportioned" in body


def test_bad_search_parameters_are_refused(client, commune):
    response = client.get("/c/test-commune/journal/?on=26-mars")
    assert response.status_code == 400
    assert "must be a date" in response.content.decode()
    assert client.get("/c/test-commune/journal/?before=x").status_code == 400
    assert client.get("/c/test-commune/journal/?q=a%00b").status_code == 400


def test_feed_escapes_what_clerks_typed(client, commune, operator):
    from commune.members import actions

    actions.do_create_section(
        commune, actor=operator, number=9, name="<img src=x onerror=alert(1)>"
    )
    body = client.get("/c/test-commune/journal/feed.atom").content.decode()
    assert "&lt;img" not in body.replace("&amp;lt;img", "")  # escaped twice: text, not markup
    assert "urn:commune:test-commune:5:" in body


def test_older_acts_link_only_when_there_are_older_acts(client, commune, operator):
    from commune.members import actions

    for number in range(10, 55):  # 50 acts in all
        actions.do_create_section(commune, actor=operator, number=number, name=f"S{number}")
    assert "Older acts" not in client.get("/c/test-commune/journal/").content.decode()
    actions.do_create_section(commune, actor=operator, number=99, name="S99")
    html = client.get("/c/test-commune/journal/").content.decode()
    assert "Older acts" in html and "before=1" in html
