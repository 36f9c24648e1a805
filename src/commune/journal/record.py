"""Appending to the Journal officiel, inside the caller's transaction.

Every action that changes public record calls `append_entry` before it returns,
in the same `transaction.atomic` block as its change: either both the change and
its entry are committed, or neither is. The tree head row is locked first, so
concurrent writers (many web processes on PostgreSQL, or one process on SQLite
where `BEGIN IMMEDIATE` already serialises writers) get consecutive indices.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from typing import Any

from django.db import connection

from commune import clock
from commune.journal.models import JournalEntry, TreeHead
from commune.members.models import Commune


class JournalError(Exception):
    """Programming error: an entry was appended outside a transaction or with a bad kind."""


def _canonical(value: Mapping[str, Any]) -> bytes:
    # Entries carry no floats, so sorted keys and compact separators are RFC 8785 canonical
    # for every BMP key; replaced by commune.ledger.canonical once that lands.
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _at_text(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def append_entry(commune: Commune, kind: str, payload: Mapping[str, Any]) -> JournalEntry:
    """Append one entry recording `kind` with `payload` to the commune's journal."""
    if not connection.in_atomic_block:
        raise JournalError("append_entry must run inside the action's transaction")
    if kind.count(".") < 1 or kind != kind.lower():
        raise JournalError(f"journal kinds are dotted and lower case, got {kind!r}")
    head, _ = TreeHead.objects.select_for_update().get_or_create(commune=commune)
    at = clock.now()
    index = head.size
    data = _canonical(
        {
            "commune": commune.slug,
            "index": index,
            "kind": kind,
            "at": _at_text(at),
            "payload": dict(payload),
        }
    )
    entry = JournalEntry.objects.create(
        commune=commune,
        index=index,
        kind=kind,
        at=at,
        data=data,
        leaf_hash=hashlib.sha256(b"\x00" + data).digest(),
    )
    head.size = index + 1
    head.save(update_fields=["size"])
    return entry
