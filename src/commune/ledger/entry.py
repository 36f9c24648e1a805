"""Journal entries: the bytes of each leaf of the Journal officiel.

An entry is the RFC 8785 canonical JSON of an object with at least these members::

    {"at": "1871-03-28T16:00:00Z", "commune": "paris", "index": 0,
     "kind": "commune.proclaimed", "payload": {...}}

- ``commune``: the slug of the commune whose journal this is (letters, digits, ``-``, ``_``);
- ``index``: the entry's position in the log, from 0, so an entry cannot be moved;
- ``kind``: dotted, lower case, past tense (``election.opened``); kinds are public record:
  new ones are added, none is renamed;
- ``at``: the instant of the act, RFC 3339 in UTC with a ``Z`` (``YYYY-MM-DDTHH:MM:SSZ``, or
  with 1 to 6 fractional digits; :func:`format_at` writes 0 or 6);
- ``payload``: an object, the act itself. No floats anywhere: amounts are integers of the
  smallest unit or decimal strings.

Other top-level members are kept as they are (:attr:`Entry.extra`) so that a later version of
the format can add some without breaking older verifiers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from operator import itemgetter
from typing import Any

from commune.ledger.canonical import JSONValue, canonicalize, parse_canonical
from commune.ledger.errors import CanonicalJSONError, EntryError, shown

__all__ = [
    "KEY_ROTATED",
    "Entry",
    "check_entry_fields",
    "entries_valid",
    "format_at",
    "is_valid_commune",
    "make_entry",
    "parse_entry",
    "validate_entry_value",
]

#: The kind of the entry that brings a new checkpoint-signing key (see ``rotation.py``).
KEY_ROTATED = "key.rotated"

_KIND = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+\Z")
_COMMUNE = re.compile(r"[-a-zA-Z0-9_]{1,100}\Z")
_AT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?Z\Z")
_REQUIRED = ("at", "commune", "index", "kind", "payload")
_REQUIRED_SET = frozenset(_REQUIRED)


def is_valid_commune(slug: str) -> bool:
    """Whether ``slug`` can name a commune in entries (a Django slug, at most 100 long)."""
    return _COMMUNE.match(slug) is not None


def format_at(instant: datetime) -> str:
    """RFC 3339 in UTC: ``1871-03-28T16:00:00Z``, or ``…:00.250000Z`` with microseconds.

    Naive datetimes are refused: the journal never guesses a time zone.
    """
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise EntryError("a naive datetime has no instant: give it a time zone")
    instant = instant.astimezone(UTC)
    text = instant.strftime("%Y-%m-%dT%H:%M:%S")
    if len(text) != 19:  # strftime writes years before 1000 without padding on some systems
        text = f"{instant.year:04d}" + text[text.index("-") :]
    if instant.microsecond:
        text += f".{instant.microsecond:06d}"
    return text + "Z"


@dataclass(frozen=True, slots=True)
class Entry:
    """A parsed, valid journal entry."""

    commune: str
    index: int
    kind: str
    at: str
    payload: Mapping[str, Any]
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def at_datetime(self) -> datetime:
        """``at`` as an aware datetime in UTC."""
        return datetime.fromisoformat(self.at[:-1]).replace(tzinfo=UTC)

    def to_bytes(self) -> bytes:
        """The entry's canonical bytes: the leaf of the Merkle tree."""
        value: dict[str, Any] = dict(self.extra)
        value.update(
            commune=self.commune,
            index=self.index,
            kind=self.kind,
            at=self.at,
            payload=self.payload,
        )
        return canonicalize(value)


# Kinds and communes recur in every log: remember the valid ones (bounded) to spare a regex.
_valid_kinds: set[object] = set()
_valid_communes: set[object] = set()


def _remember(cache: set[object], value: str) -> None:
    if len(cache) < 4096:
        cache.add(value)


def validate_entry_value(value: Any) -> None:
    """Check a parsed entry object against the rules above; raise :class:`EntryError`.
    (The verifier's hot loop: it builds no :class:`Entry`.)"""
    if not isinstance(value, dict):
        raise EntryError("an entry is a JSON object")
    if not value.keys() >= _REQUIRED_SET:
        missing = [name for name in _REQUIRED if name not in value]
        raise EntryError(f"entry lacks {', '.join(missing)}")
    entry_index = value["index"]
    if type(entry_index) is not int or entry_index < 0:
        raise EntryError(f"entry index {shown(entry_index)} is not a non-negative integer")
    entry_commune = value["commune"]
    if not (type(entry_commune) is str and entry_commune in _valid_communes):
        if not isinstance(entry_commune, str) or not _COMMUNE.match(entry_commune):
            raise EntryError(f"entry commune {shown(entry_commune)} is not a commune slug")
        _remember(_valid_communes, entry_commune)
    kind = value["kind"]
    if not (type(kind) is str and kind in _valid_kinds):
        if not isinstance(kind, str) or not _KIND.match(kind):
            raise EntryError(
                f"entry kind {shown(kind)} is not dotted lower case, like 'decree.adopted'"
            )
        _remember(_valid_kinds, kind)
    at = value["at"]
    if not isinstance(at, str) or not _AT.match(at):
        raise EntryError(
            f"entry instant {shown(at)} is not RFC 3339 UTC, like 1871-03-28T16:00:00Z"
        )
    try:
        datetime.fromisoformat(at[:19])
    except ValueError:
        raise EntryError(f"entry instant {shown(at)} is not a date of the calendar") from None
    if not isinstance(value["payload"], dict):
        raise EntryError("entry payload is not a JSON object")


# The same rule as _AT with a calendar date of 0001-9999 and a time of day 00:00:00-23:59:59
# (ASCII digits), many instants a line each: the block check of entries_valid.
_AT_STRICT = (
    r"(?!0000)[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
    r"T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]{1,6})?Z"
)
_AT_LINES = re.compile(rf"(?:{_AT_STRICT}\n)*{_AT_STRICT}")
_FIELDS = itemgetter(*_REQUIRED)
_DAY = itemgetter(slice(0, 10))


def entries_valid(values: Sequence[Any], first_index: int, commune: str) -> bool:
    """Whether every one of ``values`` passes :func:`validate_entry_value`, the i-th saying
    it is entry ``first_index + i`` of ``commune``: a check of many parsed entries at once,
    mostly in C. ``True`` only when all pass; ``False`` when some may not (then check each
    one, to know which and why)."""
    count = len(values)
    if not count:
        return True
    try:
        ats, communes, indexes, kinds, payloads = zip(*map(_FIELDS, values), strict=True)
        distinct_kinds = set(kinds)
        at_lines = "\n".join(ats)
    except (KeyError, TypeError, ValueError):
        return False  # not objects, a member missing, an unhashable kind, an instant not text
    if (
        indexes != tuple(range(first_index, first_index + count))
        or set(map(type, indexes)) != {int}  # not True for 1
        or communes.count(commune) != count
        or set(map(type, payloads)) != {dict}
        or not is_valid_commune(commune)
    ):
        return False
    for kind in distinct_kinds:
        if not (type(kind) is str and (kind in _valid_kinds or _KIND.match(kind))):
            return False
    if at_lines.count("\n") != count - 1 or not _AT_LINES.fullmatch(at_lines):
        return False
    for day in set(map(_DAY, ats)):  # the calendar: 30 February is refused
        try:
            date.fromisoformat(day)
        except ValueError:
            return False
    return True


def check_entry_fields(
    value: Any, *, index: int | None = None, commune: str | None = None
) -> Entry:
    """Validate a parsed entry object; ``index`` and ``commune``, when given, must match."""
    validate_entry_value(value)
    if index is not None and value["index"] != index:
        raise EntryError(f"entry says it is index {value['index']}, but it stands at {index}")
    if commune is not None and value["commune"] != commune:
        raise EntryError(
            f"entry belongs to commune {shown(value['commune'])}, not {shown(commune)}"
        )
    extra = {k: v for k, v in value.items() if k not in _REQUIRED} if len(value) > 5 else {}
    return Entry(
        value["commune"], value["index"], value["kind"], value["at"], value["payload"], extra
    )


def parse_entry(data: bytes, *, index: int | None = None, commune: str | None = None) -> Entry:
    """Parse and validate an entry's bytes: canonical JSON, the fields above, and (when
    given) the expected ``index`` and ``commune``. Raises :class:`EntryError`."""
    try:
        value = parse_canonical(data)
    except CanonicalJSONError as exc:
        raise EntryError(f"entry is not canonical JSON: {exc.message}") from exc
    return check_entry_fields(value, index=index, commune=commune)


def make_entry(
    *,
    commune: str,
    index: int,
    kind: str,
    at: datetime | str,
    payload: Mapping[str, JSONValue],
    extra: Mapping[str, JSONValue] | None = None,
) -> bytes:
    """The canonical bytes of a new entry, validated as :func:`parse_entry` would."""
    at_text = format_at(at) if isinstance(at, datetime) else at
    value: dict[str, Any] = dict(extra or {})
    value.update(commune=commune, index=index, kind=kind, at=at_text, payload=payload)
    try:
        data = canonicalize(value)
    except CanonicalJSONError as exc:
        raise EntryError(f"entry cannot be written as canonical JSON: {exc.message}") from exc
    parse_entry(data, index=index, commune=commune)  # the same rules for writer and reader
    return data
