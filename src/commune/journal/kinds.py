"""What each kind of journal entry means, in words, for the public pages and the feed.

Kinds are hashed into the public record: new ones are added here, none is renamed.
"""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext_lazy as _

LABELS = {
    "commune.founded": _("Commune founded"),
    "constitution.amended": _("Constitution amended"),
    "section.created": _("Section created"),
    "section.figures_changed": _("Section figures changed"),
    "seats.apportioned": _("Council seats apportioned"),
    "roll.member_admitted": _("Member admitted to a roll"),
    "roll.member_left": _("Member left a roll"),
    "roll.imported": _("Member list imported"),
    "clerk.appointed": _("Clerk appointed"),
    "clerk.dismissed": _("Clerk dismissed"),
    "key.rotated": _("Journal signing key rotated"),
}


def label(kind: str) -> str:
    return str(LABELS.get(kind, kind))


def summary(kind: str, payload: dict[str, Any]) -> str:
    """One line saying what the act did (the full payload is on the entry's page)."""
    p = payload
    if kind == "commune.founded":
        return str(p.get("name", ""))
    if kind in ("section.created", "section.figures_changed"):
        return f"{p.get('number')}. {p.get('name')}"
    if kind == "seats.apportioned":
        seats = p.get("seats", {})
        return _("%(seats)s seats by %(method)s") % {
            "seats": sum(seats.values()),
            "method": p.get("method"),
        }
    if kind == "constitution.amended":
        return _("version %(version)s: %(reason)s") % {
            "version": p.get("version"),
            "reason": p.get("reason", ""),
        }
    if kind == "roll.imported":
        return _("%(total)s members") % {"total": p.get("total")}
    if kind in ("roll.member_admitted", "roll.member_left"):
        return _("section %(section)s") % {"section": p.get("section")}
    if kind in ("clerk.appointed", "clerk.dismissed"):
        return str(p.get("clerk", ""))
    return json.dumps(p, ensure_ascii=False)[:120]
