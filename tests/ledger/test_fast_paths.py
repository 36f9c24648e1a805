"""The verifier's fast path: a block of export lines checked at once, mostly in C. It may
only ever say "every line is good": whatever it cannot vouch for goes to the per-line checks,
which name the entry at fault. So each non-canonical or invalid entry below must be refused
by the fast path, and the block's verdict must be the per-line one."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commune.ledger.canonical import canonicalize, parse_canonical, parse_canonical_many
from commune.ledger.entry import entries_valid, validate_entry_value
from commune.ledger.errors import CanonicalJSONError, EntryError
from commune.ledger.export import entry_line
from commune.ledger.merkle import CompactRange, leaf_hash, range_subtrees
from commune.ledger.verify.checks import (
    _check_each_line,
    _check_good_block,
    check_export_block,
)

from .conftest import build_log
from .test_canonical import JSON_NO_FLOATS

LOG = build_log(30)
GOOD = LOG.entries
AT = "1871-03-28T16:07:00Z"


def _block(entries: list[bytes]) -> bytes:
    return b"".join(entry_line(data) for data in entries)


def _with(position: int, data: bytes, entries: list[bytes] = GOOD) -> bytes:
    """A block of lines whose entry ``position`` is ``data`` (with its true leaf hash)."""
    return _block([*entries[:position], data, *entries[position + 1 :]])


def _entry(**changes: Any) -> dict[str, Any]:
    value: dict[str, Any] = json.loads(GOOD[7])
    value.update(changes)
    return value


def _loose(value: Any, **options: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), **options).encode()


def test_a_good_block_takes_the_fast_path() -> None:
    """The common case is checked at once, and finds what the per-line checks find."""
    data = _block(GOOD)
    fast = _check_good_block(data, 0, "paris")
    assert fast is not None and fast.count == 30 and not fast.problems
    assert fast == _check_each_line(data, 0, "paris")
    assert check_export_block(data, 0, "paris") == fast


CANONICAL = canonicalize(_entry())
NOT_CANONICAL = {
    "space after a colon": CANONICAL.replace(b'"index":7', b'"index": 7'),
    "space before the entry": b" " + CANONICAL,
    "space after the entry": CANONICAL + b" ",
    "tab between members": CANONICAL.replace(b',"kind"', b',\t"kind"'),
    "members unsorted": _loose(dict(reversed(list(_entry().items())))),
    "duplicate member, same value": CANONICAL.replace(
        b'{"at":', b'{"at":"' + AT.encode() + b'","at":'
    ),
    "duplicate member in the payload": CANONICAL.replace(b'"payload":{', b'"payload":{"n":7,'),
    "escaped letter": CANONICAL.replace(b"acte", b"\\u0061cte"),
    "escaped slash": canonicalize(_entry(payload={"a": "/"})).replace(b"/", b"\\/"),
    "escaped non-ASCII": CANONICAL.replace("°".encode(), b"\\u00b0"),
    "upper-case hex escape": canonicalize(_entry(payload={"a": "\x1f"})).replace(b"1f", b"1F"),
    "long form of a short escape": canonicalize(_entry(payload={"a": "\n"})).replace(
        b"\\n", b"\\u000a"
    ),
    "raw control character": canonicalize(_entry(payload={"a": "\t"})).replace(b"\\t", b"\t"),
    "float": CANONICAL.replace(b'"n":7', b'"n":7.0'),
    "exponent": CANONICAL.replace(b'"n":7', b'"n":7e0'),
    "negative zero": CANONICAL.replace(b'"n":7', b'"n":-0'),
    "leading zero": CANONICAL.replace(b'"n":7', b'"n":07'),
    "integer beyond 2**53": CANONICAL.replace(b'"n":7', b'"n":9007199254740993'),
    "NaN": CANONICAL.replace(b'"n":7', b'"n":NaN'),
    "Infinity": CANONICAL.replace(b'"n":7', b'"n":-Infinity'),
    "lone surrogate": canonicalize(_entry(payload={"a": "x"})).replace(b'"x"', b'"\\ud800"'),
    "not UTF-8": CANONICAL.replace("°".encode(), b"\xb0"),
    "astral names in code-point order": canonicalize(_entry(payload={})).replace(
        b'"payload":{}', '"payload":{"\ufb33":2,"\U0001f600":1}'.encode()
    ),
    "two entries in one": CANONICAL + b"," + CANONICAL,
    "half an entry": CANONICAL[:40],
    "empty": b"",
}


@pytest.mark.parametrize("data", NOT_CANONICAL.values(), ids=NOT_CANONICAL.keys())
def test_non_canonical_entries_are_refused_on_the_fast_path(data: bytes) -> None:
    """Each spelling that is not exactly canonical leaves the fast path, and the per-line
    checks name that entry (bad_entry, or bad_line when it is too short to be framed)."""
    with pytest.raises((CanonicalJSONError, EntryError)):
        validate_entry_value(parse_canonical(data))
    assert parse_canonical_many([GOOD[6], data, GOOD[8]]) is None
    block = _with(7, data)
    assert _check_good_block(block, 0, "paris") is None
    found = check_export_block(block, 0, "paris")
    assert found == _check_each_line(block, 0, "paris")
    assert [p.index for p in found.problems] == [7]
    assert found.problems[0].code == ("bad_line" if not data else "bad_entry")


INVALID = {
    "not an object": (b"[7]", "bad_entry"),
    "index true": (canonicalize(_entry(index=True)), "bad_entry"),
    "index of another entry": (canonicalize(_entry(index=8)), "index_mismatch"),
    "index as a string": (canonicalize(_entry(index="7")), "bad_entry"),
    "another commune": (canonicalize(_entry(commune="lyon")), "commune_mismatch"),
    "kind not dotted": (canonicalize(_entry(kind="adopted")), "bad_entry"),
    "kind not text": (canonicalize(_entry(kind=["a.b"])), "bad_entry"),
    "30 February": (canonicalize(_entry(at="1871-02-30T16:00:00Z")), "bad_entry"),
    "29 February 1900": (canonicalize(_entry(at="1900-02-29T16:00:00Z")), "bad_entry"),
    "hour 24": (canonicalize(_entry(at="1871-03-28T24:00:00Z")), "bad_entry"),
    "second 60": (canonicalize(_entry(at="1871-03-28T23:59:60Z")), "bad_entry"),
    "year 0": (canonicalize(_entry(at="0000-03-28T16:00:00Z")), "bad_entry"),
    "non-ASCII digits": (canonicalize(_entry(at="١٨٧١-03-28T16:00:00Z")), "bad_entry"),
    "two instants": (canonicalize(_entry(at=f"{AT}\n{AT}")), "bad_entry"),
    "an offset": (canonicalize(_entry(at="1871-03-28T16:00:00+00:00")), "bad_entry"),
    "instant not text": (canonicalize(_entry(at=0)), "bad_entry"),
    "payload a list": (canonicalize(_entry(payload=[])), "bad_entry"),
    "no payload": (
        canonicalize({k: v for k, v in _entry().items() if k != "payload"}),
        "bad_entry",
    ),
}


@pytest.mark.parametrize(("data", "code"), INVALID.values(), ids=INVALID.keys())
def test_invalid_entries_are_refused_on_the_fast_path(data: bytes, code: str) -> None:
    """A canonical entry with a bad field leaves the fast path and is named at its index."""
    assert parse_canonical_many([data]) is not None  # canonical: the fields are at fault
    block = _with(7, data)
    assert _check_good_block(block, 0, "paris") is None
    found = check_export_block(block, 0, "paris")
    assert found == _check_each_line(block, 0, "paris")
    assert (code, 7) in [(p.code, p.index) for p in found.problems]


ACCEPTED = {
    "extra member": canonicalize(_entry(zz=[1, None, True])),
    "29 February 2024": canonicalize(_entry(at="2024-02-29T16:00:00.250000Z")),
    "astral names in UTF-16 order": canonicalize(_entry(payload={"\U0001f600": 1, "\ufb33": 2})),
    "a NUL": canonicalize(_entry(payload={"a": "\x00", "\\u0000": 1})),
    "2**53": canonicalize(_entry(payload={"a": 2**53, "b": -(2**53)})),
    "sixteen digits in a string": canonicalize(_entry(payload={"a": "1234567890123456789"})),
    "nested": canonicalize(_entry(payload={"a": [{"b": {"c": []}}, {}], "é": "\x7f\u2028"})),
}


@pytest.mark.parametrize("data", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_unusual_canonical_entries_are_accepted(data: bytes) -> None:
    """Canonical entries outside the fast path's common case are accepted all the same."""
    found = check_export_block(_with(7, data), 0, "paris")
    assert not found.problems and found == _check_each_line(_with(7, data), 0, "paris")


def test_lines_shifted_across_entries_are_refused() -> None:
    """Items that are not JSON alone but read as JSON once joined are refused: the
    separator the batch parse relies on may not appear inside an item."""
    assert parse_canonical_many([b'{"a":1}', b'{"b":[2]}']) == [{"a": 1}, {"b": [2]}]
    assert parse_canonical_many([b'{"a":["x"', b'"y"]}']) is None
    # The counts would match if an item could hold the separator: two halves of one array,
    # then two objects in one item.
    assert parse_canonical_many([b'{"a":["x"', b'"y"]}', b'{"b":1},"\\u0000",{"c":2}']) is None
    assert parse_canonical_many([b'{"a":1},"\\u0000",{"b":2}', b"]"]) is None
    # Or one item that is two elements where the separator should stand.
    assert parse_canonical_many([b"[1", b"2]", b'{"a":1},3,{"b":2}']) is None
    # Or more elements than items, the separators all in place.
    assert parse_canonical_many([b'{"a":1},5,{"b":2}', b'{"c":3}']) is None


_DIGITS_TO_ZERO = bytes.maketrans(b"0123456789", b"0" * 10)


def _outside_common_case(item: bytes) -> bool:
    """The canonical items parse_canonical_many leaves to parse_canonical (documented)."""
    return (
        any(0xF0 <= byte <= 0xF4 for byte in item)  # characters beyond U+FFFF
        or b"\\u0000" in item
        or b"0" * 16 in item.translate(_DIGITS_TO_ZERO)
    )


@given(st.lists(JSON_NO_FLOATS, max_size=6), st.data())
@settings(max_examples=300)
def test_the_batch_parse_agrees_with_the_reference(values: list[Any], data: st.DataObject) -> None:
    """parse_canonical_many gives the values when every item is canonical (outside its
    documented exclusions), and never accepts what parse_canonical refuses."""
    items = [canonicalize(value) for value in values]
    if items and data.draw(st.booleans()):
        position = data.draw(st.integers(0, len(items) - 1))
        items[position] = _loose(values[position], indent=data.draw(st.sampled_from([None, 0])))
    result = parse_canonical_many(items)
    try:
        reference = [parse_canonical(item) for item in items]
    except CanonicalJSONError:
        assert result is None
        return
    if result is None:
        assert any(_outside_common_case(item) for item in items)
    else:
        assert result == reference


def test_entries_valid_agrees_with_the_calendar() -> None:
    """The block check of instants accepts exactly the dates and times of the calendar."""
    for year in ("0000", "0001", "1871", "1900", "2000", "2023", "2024", "9999"):
        for month in range(14):
            for day in range(33):
                at = f"{year}-{month:02d}-{day:02d}T12:00:00Z"
                value = _entry(at=at)
                assert entries_valid([value], 7, "paris") == _valid(value), at
    for time in ("00:00:00", "23:59:59", "24:00:00", "23:60:00", "23:59:60", "9:00:00"):
        for fraction in ("", ".5", ".123456", ".1234567", "."):
            value = _entry(at=f"1871-03-28T{time}{fraction}Z")
            assert entries_valid([value], 7, "paris") == _valid(value), value["at"]


def _valid(value: dict[str, Any]) -> bool:
    try:
        validate_entry_value(value)
    except EntryError:
        return False
    return True


@pytest.mark.parametrize(("position", "index"), [(1, True), (0, False)])
def test_a_boolean_is_not_an_index(position: int, index: bool) -> None:
    """true equals 1 in Python, but an index is an integer."""
    block = _with(position, canonicalize({**json.loads(GOOD[position]), "index": index}))
    assert _check_good_block(block, 0, "paris") is None
    found = check_export_block(block, 0, "paris")
    assert [(p.code, p.index) for p in found.problems] == [("bad_entry", position)]


def test_entries_valid_checks_every_position() -> None:
    """Indexes run from the first one given; the commune is the one given."""
    values = [json.loads(data) for data in GOOD]
    assert entries_valid(values, 0, "paris")
    assert not entries_valid(values, 1, "paris")
    assert not entries_valid(values[1:], 0, "paris")
    assert not entries_valid(values, 0, "lyon")
    assert not entries_valid([*values[:5], 1, *values[6:]], 0, "paris")
    assert entries_valid([], 0, "paris")
    elsewhere = [{**value, "commune": "par is"} for value in values]  # not a slug
    assert not entries_valid(elsewhere, 0, "par is")


@given(st.integers(0, 2**40), st.integers(0, 300))
def test_range_subtrees_are_those_of_a_compact_range(begin: int, count: int) -> None:
    """Hashing a level at a time finds the compact range's subtrees."""
    leaves = [leaf_hash(b"%d" % i) for i in range(count)]
    compact = CompactRange(begin)
    compact.extend(leaves)
    assert range_subtrees(begin, leaves) == [(n.level, n.hash) for n in compact.subtrees]


_EDIT_BYTES = b' \n\t",:{}[]\\/0123456789aeu.-+Ee\x00\x7f\xc3\xa9\xf0\x9f'


def _edit(target: bytearray, data: st.DataObject) -> None:
    for _ in range(data.draw(st.integers(1, 3))):
        position = data.draw(st.integers(0, len(target) - 1))
        action = data.draw(st.sampled_from(["set", "delete", "insert"]))
        byte = data.draw(st.sampled_from(_EDIT_BYTES))
        if action == "set":
            target[position] = byte
        elif action == "delete":
            del target[position]
        else:
            target.insert(position, byte)


@given(st.data())
@settings(max_examples=300)
def test_edited_entries_get_the_per_line_verdict(data: st.DataObject) -> None:
    """An entry edited at random, with a leaf hash that matches it, reaches the entry checks
    of the fast path: the block's verdict is still the per-line one."""
    position = data.draw(st.integers(0, 11))
    entry = bytearray(GOOD[position])
    _edit(entry, data)
    block = _with(position, bytes(entry), GOOD[:12])
    start = data.draw(st.sampled_from([0, 0, 0, 5]))
    assert check_export_block(block, start, "paris") == _check_each_line(block, start, "paris")


@given(st.data())
@settings(max_examples=200)
def test_edited_blocks_get_the_per_line_verdict(data: st.DataObject) -> None:
    """Whatever byte edits do to a block's lines, its verdict is the per-line one."""
    block = bytearray(_block(GOOD[:12]))
    _edit(block, data)
    start = data.draw(st.sampled_from([0, 5, 2**20]))
    assert check_export_block(bytes(block), start, "paris") == _check_each_line(
        bytes(block), start, "paris"
    )
