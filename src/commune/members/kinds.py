"""The acts of communes, sections and rolls that the Journal officiel records.

Registered when Django starts (`MembersConfig.ready`). Payloads name members only
by the number of their membership: a member's name or email never enters the
public record (`tests/journal/test_kinds.py` checks every act).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from commune.communes.constitution import APPORTIONMENT_NAMES
from commune.journal.kinds import EntryKind, Payload

JSONObject = dict[str, Any]


class CommuneFounded(Payload):
    name: str
    constitution: JSONObject


class ConstitutionAmended(Payload):
    version: int
    rules: JSONObject
    reason: str


class SectionFigures(Payload):
    number: int
    name: str
    population: int | None
    registered: int | None
    source: str


class SectionRenamed(Payload):
    number: int
    old_name: str
    name: str


class SectionMerged(Payload):
    number: int
    into: int
    members_moved: int
    population: int | None
    registered: int | None


class SeatsApportioned(Payload):
    method: str
    basis: str
    figures: dict[str, int]
    seats: dict[str, int]


class MemberAdmitted(Payload):
    section: int
    membership: int


class MemberLeft(Payload):
    section: int
    membership: int
    reason: str


class RollImported(Payload):
    admitted: dict[str, int]
    total: int


class ClerkChanged(Payload):
    # A clerk is an official: their public handle is printed, as every official's is.
    clerk: str


def _section(p: Mapping[str, Any]) -> str:
    return f"{p['number']}. {p['name']}"


def _seats(p: Mapping[str, Any]) -> str:
    method = APPORTIONMENT_NAMES.get(p["method"], p["method"])
    return _("%(seats)s seats, %(method)s") % {"seats": sum(p["seats"].values()), "method": method}


KINDS = [
    EntryKind("commune.founded", _("Commune founded"), CommuneFounded, lambda p: str(p["name"])),
    EntryKind(
        "constitution.amended",
        _("Constitution amended"),
        ConstitutionAmended,
        lambda p: _("version %(version)s: %(reason)s") % p,
    ),
    EntryKind("section.created", _("Section created"), SectionFigures, _section),
    EntryKind("section.figures_changed", _("Section figures changed"), SectionFigures, _section),
    EntryKind(
        "section.renamed",
        _("Section renamed"),
        SectionRenamed,
        lambda p: _("%(number)s. %(old_name)s, now %(name)s") % p,
    ),
    EntryKind(
        "section.merged",
        _("Sections merged"),
        SectionMerged,
        lambda p: _("section %(number)s joined section %(into)s") % p,
    ),
    EntryKind("seats.apportioned", _("Council seats apportioned"), SeatsApportioned, _seats),
    EntryKind(
        "roll.member_admitted",
        _("Member admitted to a roll"),
        MemberAdmitted,
        lambda p: _("section %(section)s") % p,
    ),
    EntryKind(
        "roll.member_left",
        _("Member left a roll"),
        MemberLeft,
        lambda p: _("section %(section)s") % p,
    ),
    EntryKind(
        "roll.imported",
        _("Member list imported"),
        RollImported,
        lambda p: _("%(total)s members") % p,
    ),
    EntryKind("clerk.appointed", _("Clerk appointed"), ClerkChanged, lambda p: str(p["clerk"])),
    EntryKind("clerk.dismissed", _("Clerk dismissed"), ClerkChanged, lambda p: str(p["clerk"])),
]
