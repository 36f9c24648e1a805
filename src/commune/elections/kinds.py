"""The acts of elections that the Journal officiel records.

Candidates stand in public: their names are printed. Voters are never named: the record
holds only how many were on the roll and how many voted.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from commune.journal.kinds import EntryKind, Payload


class ElectionCalled(Payload):
    election: int
    title: str
    section: int | None
    kind: str
    seats: int
    method: str
    ballot_rules: str
    validity_threshold: str
    opens_at: str
    closes_at: str
    options: list[str]
    complements: int | None
    # A roll given at the call (a body's secret division): how many are on it.
    fixed_roll: int | None = None


class ElectionSettingsChanged(Payload):
    election: int
    changes: dict[str, Any]


class ElectionCancelled(Payload):
    election: int
    reason: str


class CandidacyChanged(Payload):
    election: int
    candidacy: int
    name: str


class ElectionOpened(Payload):
    election: int
    registered: int
    candidates: list[str]


class ElectionClosed(Payload):
    election: int
    voters: int


class ElectionCounted(Payload):
    election: int
    method: str
    seats: int
    winners: list[str]
    unfilled: int
    registered: int
    voters: int
    blank: int
    # The published files' SHA-256: anyone who downloads them can check they are these.
    ballots_sha256: str
    result: dict[str, Any]


class ElectionRecorded(Payload):
    election: int
    title: str
    section: int | None
    seats: int
    opened_at: str
    closed_at: str
    winners: list[str]
    figures: dict[str, int | None]
    registered: int | None
    voters: int | None
    source: str


class ElectionCertified(Payload):
    election: int
    winners: list[str]
    unfilled: int


class StationAdded(Payload):
    election: int
    station: int
    name: str


class SheetEntered(Payload):
    election: int
    station: str
    votes: dict[str, int]
    blank: int
    spoilt: int
    signatures: int


class SheetConfirmed(Payload):
    election: int
    station: str


def _title(p: Mapping[str, Any]) -> str:
    return str(p["title"])


def _winners(p: Mapping[str, Any]) -> str:
    names = ", ".join(p["winners"]) or str(_("nobody"))
    if p.get("unfilled"):
        return str(_("%(names)s; %(n)s seat(s) left empty") % {"names": names, "n": p["unfilled"]})
    return names


KINDS = [
    EntryKind("election.called", _("Election called"), ElectionCalled, _title),
    EntryKind(
        "election.settings_changed",
        _("Election settings changed"),
        ElectionSettingsChanged,
        lambda p: ", ".join(sorted(p["changes"])),
    ),
    EntryKind(
        "election.cancelled", _("Election cancelled"), ElectionCancelled, lambda p: p["reason"]
    ),
    EntryKind("candidacy.filed", _("Candidacy filed"), CandidacyChanged, lambda p: p["name"]),
    EntryKind(
        "candidacy.withdrawn", _("Candidacy withdrawn"), CandidacyChanged, lambda p: p["name"]
    ),
    EntryKind(
        "election.opened",
        _("Election opened"),
        ElectionOpened,
        lambda p: _("%(registered)s on the roll") % p,
    ),
    EntryKind(
        "election.closed",
        _("Election closed"),
        ElectionClosed,
        lambda p: _("%(voters)s voted") % p,
    ),
    EntryKind("station.added", _("Polling station added"), StationAdded, lambda p: p["name"]),
    EntryKind(
        "sheet.entered",
        _("Count sheet entered"),
        SheetEntered,
        lambda p: _("%(station)s: %(signatures)s signed") % p,
    ),
    EntryKind(
        "sheet.confirmed", _("Count sheet confirmed"), SheetConfirmed, lambda p: p["station"]
    ),
    EntryKind("election.counted", _("Election counted"), ElectionCounted, _winners),
    EntryKind("election.certified", _("Election certified"), ElectionCertified, _winners),
    EntryKind(
        "election.recorded", _("Result of record entered"), ElectionRecorded, lambda p: p["title"]
    ),
]
