"""Every text of the pages has its French translation, so French pages show no English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

PO = Path(__file__).resolve().parents[1] / "src/commune/locale/fr/LC_MESSAGES/django.po"


def entries(text: str) -> list[str]:
    """The .po file's entries (blocks separated by blank lines), the header and obsolete ones
    (#~) left out."""
    blocks = [b for b in re.split(r"\n\s*\n", text) if b.strip()]
    return [b for b in blocks[1:] if not b.lstrip().startswith("#~")]


def _strings(block: str, keyword: str) -> list[str]:
    """The texts of `msgstr` (or `msgstr[n]`) fields of an entry, continuation lines joined."""
    texts: list[str] = []
    current: list[str] | None = None
    for line in block.splitlines():
        if line.startswith(keyword):
            current = [line.split(" ", 1)[1].strip('"')]
            texts.append("")
        elif line.startswith('"') and current is not None:
            current.append(line.strip('"'))
        else:
            current = None
            continue
        texts[-1] = "".join(current)
    return texts


def test_no_french_translation_is_missing_or_fuzzy():
    missing = []
    for block in entries(PO.read_text(encoding="utf-8")):
        msgid = "".join(_strings(block, "msgid "))
        if "#, fuzzy" in block or not all(_strings(block, "msgstr")):
            missing.append(msgid)
    assert missing == []


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/c/test-commune/", "/c/test-commune/journal/", "/nowhere/"])
def test_french_pages_show_no_english(client, commune, clerk_user, path):
    client.force_login(clerk_user)
    html = client.get(path, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    main = html[html.index("<main") :]
    for english in (
        "Clerk's desk",
        "Section created",
        "There is no page",
        "Read the Journal",
        "Communes on this server",
        " acts, newest first",
        "Sign out",
    ):
        assert english not in main, (path, english)
