"""The registry of journal entry kinds: what each kind of act is called, says and carries.

Each institution declares its kinds in its own `kinds.py` (name, label, one-line
summary, payload schema) and registers them when Django starts (`AppConfig.ready`),
so the journal knows no institution above it. `append_entry` refuses a kind that
nobody registered and a payload that does not match its schema, so a misspelt kind
or a forgotten field is a failing test, not a permanent entry of the public record.

Kinds are hashed into the public record: new ones are added, none is renamed.
Entries written under an older schema stay as they are; only appends are checked.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from pydantic import BaseModel, ConfigDict, ValidationError

from commune.errors import Fault
from commune.ledger.entry import KEY_ROTATED

__all__ = [
    "BY",
    "EntryKind",
    "Payload",
    "UnknownKind",
    "check_payload",
    "get",
    "label",
    "register",
    "registered",
    "summary",
]

#: The field every payload gets from `append_entry`: who performed the act.
BY = "by"
KIND_NAME = re.compile(r"[a-z][a-z_]*(\.[a-z][a-z_]*)+\Z")


class Payload(BaseModel):
    """Base of every payload schema: exact types, and no field the schema does not name.

    A payload carries what the public may know of an act. It never carries a member's
    name or email: members are named by the number of their membership, officials by
    their public handle (`by`).
    """

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class UnknownKind(Fault):
    """An act was appended under a kind no institution registered, or with a payload that
    does not match its kind's schema: a programming error, and nothing is written."""

    code = "journal_unknown_kind"


@dataclass(frozen=True, slots=True)
class EntryKind:
    """One kind of act: its dotted past-tense name, its label, its schema and its summary."""

    name: str
    label: str | Promise
    schema: type[Payload]
    # One line saying what the act did, from its payload (the full payload is on its page).
    summarize: Callable[[Mapping[str, Any]], str]


_REGISTRY: dict[str, EntryKind] = {}


def register(kinds: Iterable[EntryKind]) -> None:
    """Declare kinds at start-up. Registering the same definition twice is harmless."""
    for kind in kinds:
        if not KIND_NAME.match(kind.name) or len(kind.name) > 64:
            raise ValueError(f"{kind.name!r}: a kind is dotted lower-case words, at most 64")
        if BY in kind.schema.model_fields:
            raise ValueError(f"{kind.name}: `{BY}` is added by append_entry, not by the schema")
        known = _REGISTRY.get(kind.name)
        if known is not None and known != kind:
            raise ValueError(f"{kind.name} is registered twice, differently")
        _REGISTRY[kind.name] = kind


def get(name: str) -> EntryKind | None:
    return _REGISTRY.get(name)


def registered() -> list[EntryKind]:
    """Every registered kind, by name (the journal's filter offers these, not a scan)."""
    return [_REGISTRY[name] for name in sorted(_REGISTRY)]


def check_payload(name: str, payload: Mapping[str, Any]) -> dict[str, Any]:
    """The payload as it will be written, or `UnknownKind` naming what is wrong."""
    kind = _REGISTRY.get(name)
    if kind is None:
        raise UnknownKind(f"no institution registered the journal entry kind {name!r}")
    if BY in payload:
        raise UnknownKind(f"{name}: `{BY}` is added by append_entry from the actor")
    try:
        kind.schema.model_validate(dict(payload))
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in item['loc']) or 'payload'}: {item['msg']}"
            for item in error.errors()
        )
        raise UnknownKind(f"{name}: the payload does not match its schema ({problems})") from None
    return dict(payload)


def label(name: str) -> str:
    kind = _REGISTRY.get(name)
    return str(kind.label) if kind else name


def summary(name: str, payload: Mapping[str, Any]) -> str:
    """One line for the lists and the feed; never fails, whatever an old entry holds."""
    kind = _REGISTRY.get(name)
    if kind is not None:
        try:
            return str(kind.summarize(payload))
        except (KeyError, TypeError, ValueError, AttributeError):
            pass  # an entry from an older schema: show its payload instead
    return json.dumps(dict(payload), ensure_ascii=False, sort_keys=True)[:120]


class KeyRotated(Payload):
    verifier_key: str
    endorsement: str


#: The journal's own kind (the others belong to the institutions that act).
JOURNAL_KINDS = [
    EntryKind(
        name=KEY_ROTATED,
        label=_("Journal signing key rotated"),
        schema=KeyRotated,
        summarize=lambda p: str(p["verifier_key"]).split("+")[0],
    ),
]
