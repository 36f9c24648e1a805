"""Journal entries and key rotation entries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from commune.ledger.entry import Entry, format_at, make_entry, parse_entry
from commune.ledger.errors import EntryError
from commune.ledger.note import generate_signer_key
from commune.ledger.rotation import KeyRing, RotationOutcome, rotation_payload

AT = datetime(1871, 3, 28, 16, 0, tzinfo=UTC)


def test_entries_are_canonical_json() -> None:
    """An entry's bytes are the canonical JSON of its members, and parse back."""
    data = make_entry(
        commune="paris",
        index=0,
        kind="commune.proclaimed",
        at=AT,
        payload={"place": "Hôtel de Ville"},
    )
    assert data == (
        b'{"at":"1871-03-28T16:00:00Z","commune":"paris","index":0,'
        b'"kind":"commune.proclaimed","payload":{"place":"H\xc3\xb4tel de Ville"}}'
    )
    entry = parse_entry(data, index=0, commune="paris")
    assert entry == Entry(
        "paris", 0, "commune.proclaimed", "1871-03-28T16:00:00Z", {"place": "Hôtel de Ville"}
    )
    assert entry.to_bytes() == data
    assert entry.at_datetime == AT


def test_extra_members_are_kept() -> None:
    """Members beyond the five required ones survive parsing and re-writing."""
    data = make_entry(commune="paris", index=3, kind="a.b", at=AT, payload={}, extra={"v": 2})
    entry = parse_entry(data)
    assert entry.extra == {"v": 2} and entry.to_bytes() == data


def test_instants_are_utc_with_z() -> None:
    """Aware datetimes are written in UTC with a Z; naive ones are refused."""
    paris = timezone(timedelta(minutes=9, seconds=21))
    assert format_at(datetime(1871, 3, 28, 16, 9, 21, tzinfo=paris)) == "1871-03-28T16:00:00Z"
    assert format_at(datetime(2024, 1, 2, 3, 4, 5, 6, tzinfo=UTC)) == "2024-01-02T03:04:05.000006Z"
    assert format_at(datetime(871, 1, 1, tzinfo=UTC)) == "0871-01-01T00:00:00Z"
    with pytest.raises(EntryError, match="naive"):
        format_at(datetime(1871, 3, 28))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"[]", "object"),
        (
            b'{"at":"1871-03-28T16:00:00Z","commune":"paris","index":0,"kind":"a.b"}',
            "lacks payload",
        ),
        (
            b'{"at":"1871-03-28T16:00:00Z","commune":"paris","index":-1,"kind":"a.b","payload":{}}',
            "index",
        ),
        (
            b'{"at":"1871-03-28T16:00:00Z","commune":"paris","index":true,"kind":"a.b","payload":{}}',
            "index",
        ),
        (
            b'{"at":"1871-03-28T16:00:00Z","commune":"paris","index":0,"kind":"Adopted","payload":{}}',
            "kind",
        ),
        (
            b'{"at":"1871-03-28T16:00:00Z","commune":"paris","index":0,"kind":"a","payload":{}}',
            "kind",
        ),
        (
            b'{"at":"1871-03-28 16:00:00Z","commune":"paris","index":0,"kind":"a.b","payload":{}}',
            "RFC 3339",
        ),
        (
            b'{"at":"1871-03-28T16:00:00+01:00","commune":"paris","index":0,"kind":"a.b","payload":{}}',
            "RFC 3339",
        ),
        (
            b'{"at":"1871-02-30T16:00:00Z","commune":"paris","index":0,"kind":"a.b","payload":{}}',
            "calendar",
        ),
        (
            b'{"at":"1871-03-28T16:00:00Z","commune":"par is","index":0,"kind":"a.b","payload":{}}',
            "slug",
        ),
        (
            b'{"at":"1871-03-28T16:00:00Z","commune":"paris","index":0,"kind":"a.b","payload":[]}',
            "payload",
        ),
        (
            b'{"at":"1871-03-28T16:00:00Z","commune":"paris","index":0,"kind":"a.b","payload":{"x":1.5}}',
            "floats",
        ),
        (
            b'{"commune":"paris","at":"1871-03-28T16:00:00Z","index":0,"kind":"a.b","payload":{}}',
            "canonical",
        ),
        (
            b'{"at":"1871-03-28T16:00:00Z","commune":"paris","index":0,"kind":"a.b","payload":{}}\n',
            "canonical",
        ),
    ],
)
def test_malformed_entries_are_refused(data: bytes, message: str) -> None:
    """Each kind of malformed entry is refused with a message naming the problem."""
    with pytest.raises(EntryError, match=message):
        parse_entry(data)


def test_position_and_commune_are_checked() -> None:
    """An entry found at another index, or in another commune's journal, is refused."""
    data = make_entry(commune="paris", index=5, kind="a.b", at=AT, payload={})
    with pytest.raises(EntryError, match="stands at 6"):
        parse_entry(data, index=6)
    with pytest.raises(EntryError, match="'lyon'"):
        parse_entry(data, commune="lyon")


def test_writer_refuses_what_the_reader_would() -> None:
    """make_entry validates with the reader's rules."""
    with pytest.raises(EntryError):
        make_entry(commune="paris", index=0, kind="bad", at=AT, payload={})
    with pytest.raises(EntryError):
        make_entry(commune="paris", index=0, kind="a.b", at=AT, payload={"n": 2**60})


# --- Key rotation --------------------------------------------------------------------------

ORIGIN = "commune.example/paris"
OLD, NEW, THIEF = (generate_signer_key(ORIGIN) for _ in range(3))


def _rotation(index: int, new_key_signer: object, endorsed_by: object) -> Entry:
    payload = rotation_payload(
        origin=ORIGIN,
        index=index,
        new_key=new_key_signer.verifier_key,
        endorsed_by=endorsed_by,  # type: ignore[attr-defined]
    )
    return parse_entry(
        make_entry(commune="paris", index=index, kind="key.rotated", at=AT, payload=payload)
    )


def test_an_endorsed_key_signs_from_the_next_size() -> None:
    """A key endorsed by a trusted key at index i may sign checkpoints of size i + 1 on."""
    ring = KeyRing(ORIGIN, [OLD.verifier_key])
    assert ring.apply(_rotation(7, NEW, OLD)) is RotationOutcome.ADDED
    assert ring.keys_for(7) == [OLD.verifier_key]
    assert ring.keys_for(8) == [OLD.verifier_key, NEW.verifier_key]


def test_a_self_endorsed_key_is_not_trusted() -> None:
    """A forger who writes a rotation entry endorsed by their own key gains nothing."""
    ring = KeyRing(ORIGIN, [OLD.verifier_key])
    assert ring.apply(_rotation(7, THIEF, THIEF)) is RotationOutcome.UNVERIFIABLE
    assert ring.keys_for(100) == [OLD.verifier_key]


def test_a_rotation_starting_from_the_current_key_is_known() -> None:
    """Trusting the current key (fetched from the server), the old endorsement is skipped."""
    ring = KeyRing(ORIGIN, [NEW.verifier_key])
    assert ring.apply(_rotation(7, NEW, OLD)) is RotationOutcome.KNOWN


def test_an_endorsement_moved_elsewhere_is_refused() -> None:
    """An endorsement for index 7 does not endorse the same key at index 8."""
    ring = KeyRing(ORIGIN, [OLD.verifier_key])
    entry = _rotation(7, NEW, OLD)
    moved = Entry(entry.commune, 8, entry.kind, entry.at, entry.payload)
    with pytest.raises(EntryError, match="another key or place"):
        ring.apply(moved)
    forged = dict(entry.payload, endorsement=entry.payload["endorsement"].replace("\n7\n", "\n8\n"))
    with pytest.raises(EntryError, match="does not verify"):
        ring.apply(Entry(entry.commune, 8, entry.kind, entry.at, forged))
