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


def test_the_kind_filter_offers_each_registered_kind_once(client, commune, operator):
    """It listed one option per *entry* (DISTINCT kept the ordering's index): a DoS."""
    from commune.journal import kinds
    from commune.members import actions

    for number in range(10, 60):
        actions.do_create_section(commune, actor=operator, number=number, name=f"S{number}")
    html = client.get("/c/test-commune/journal/").content.decode()
    start = html.index('id="journal-kind"')
    select = html[start : html.index("</select>", start)]
    assert select.count("<option") == len(kinds.registered()) + 1  # and "All"
    assert select.count('value="section.created"') == 1


def test_an_unknown_kind_is_refused(client, commune):
    response = client.get("/c/test-commune/journal/?kind=section.exploded")
    assert response.status_code == 400


def test_a_search_reads_a_bounded_stretch_and_offers_the_next(client, commune, monkeypatch):
    from commune.journal import queries

    monkeypatch.setattr(queries, "SCAN_WINDOW", 2)
    html = client.get("/c/test-commune/journal/?q=Louvre").content.decode()
    # Acts 3 and 4 were searched; Louvre (act 1) lies below: the page says so and goes on.
    assert "Acts 3 to 5 were searched." in html
    assert "Search older acts" in html and "before=3" in html
    html = client.get("/c/test-commune/journal/?q=Louvre&before=3").content.decode()
    assert "1. Louvre" in html


def test_a_damaged_entry_is_shown_as_damaged_not_a_server_error(client, commune):
    """A row whose text no longer parses (damage on disk, a hand edit) must not take the
    list, the entry page and the feed down with it."""
    from django.db import connection

    from commune.journal import triggers

    client.get("/c/test-commune/journal/3/")  # signs a checkpoint over the five acts
    triggers.unlock(connection)
    with connection.cursor() as cursor:
        cursor.execute(
            'UPDATE journal_journalentry SET data = %s WHERE "index" = 3', ['{"broken":']
        )
    triggers.lock(connection)
    listing = client.get("/c/test-commune/journal/")
    assert listing.status_code == 200
    assert "This entry is damaged" in listing.content.decode()
    entry = client.get("/c/test-commune/journal/3/")
    assert entry.status_code == 200
    assert "commune journal verify" in entry.content.decode()
    feed = client.get("/c/test-commune/journal/feed.atom")
    assert feed.status_code == 200 and "This entry is damaged" in feed.content.decode()


def test_a_journal_rewritten_behind_the_servers_back_is_shown_but_not_signed(
    client, commune, operator
):
    """An entry altered after the last checkpoint: the server refuses to sign (503 from the
    API, said on the act's page), and the pages still show every act."""
    from django.db import connection

    from commune.journal import triggers
    from commune.members import actions

    client.get("/c/test-commune/journal/0/")  # a checkpoint over the five acts
    actions.do_create_section(commune, actor=operator, number=4, name="Hôtel-de-Ville")
    triggers.unlock(connection)
    with connection.cursor() as cursor:
        cursor.execute(
            'UPDATE journal_journalentry SET data = REPLACE(data, %s, %s) WHERE "index" = 5',
            ["Hôtel-de-Ville", "Versailles"],
        )
    triggers.lock(connection)
    api = client.get("/api/v1/journal/checkpoint")
    assert api.status_code == 503 and api.json()["code"] == "journal_inconsistent"
    page = client.get("/c/test-commune/journal/5/")
    assert page.status_code == 200
    assert "refuses to sign the journal as it stands" in page.content.decode()
    assert client.get("/c/test-commune/journal/").status_code == 200
