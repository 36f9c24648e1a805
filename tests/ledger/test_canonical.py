"""RFC 8785 JSON canonicalization: the RFC's vectors, the reference's test files, properties."""

from __future__ import annotations

import json
import math
import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commune.ledger.canonical import (
    canonicalize,
    format_number,
    loads_strict,
    parse_canonical,
)
from commune.ledger.errors import CanonicalJSONError

# RFC 8785 Appendix B: IEEE 754 bit patterns and their canonical text.
APPENDIX_B = [
    ("0000000000000000", "0"),
    ("8000000000000000", "0"),
    ("0000000000000001", "5e-324"),
    ("8000000000000001", "-5e-324"),
    ("7fefffffffffffff", "1.7976931348623157e+308"),
    ("ffefffffffffffff", "-1.7976931348623157e+308"),
    ("4340000000000000", "9007199254740992"),
    ("c340000000000000", "-9007199254740992"),
    ("4430000000000000", "295147905179352830000"),
    ("44b52d02c7e14af5", "9.999999999999997e+22"),
    ("44b52d02c7e14af6", "1e+23"),
    ("44b52d02c7e14af7", "1.0000000000000001e+23"),
    ("444b1ae4d6e2ef4e", "999999999999999700000"),
    ("444b1ae4d6e2ef4f", "999999999999999900000"),
    ("444b1ae4d6e2ef50", "1e+21"),
    ("3eb0c6f7a0b5ed8c", "9.999999999999997e-7"),
    ("3eb0c6f7a0b5ed8d", "0.000001"),
    ("41b3de4355555553", "333333333.3333332"),
    ("41b3de4355555554", "333333333.33333325"),
    ("41b3de4355555555", "333333333.3333333"),
    ("41b3de4355555556", "333333333.3333334"),
    ("41b3de4355555557", "333333333.33333343"),
    ("becbf647612f3696", "-0.0000033333333333333333"),
    ("43143ff3c1cb0959", "1424953923781206.2"),
]


@pytest.mark.parametrize(("bits", "expected"), APPENDIX_B)
def test_numbers_follow_appendix_b(bits: str, expected: str) -> None:
    """Doubles are written as ECMAScript writes them (RFC 8785 Appendix B)."""
    (value,) = struct.unpack(">d", bytes.fromhex(bits))
    assert format_number(value) == expected


@pytest.mark.parametrize("bits", ["7fffffffffffffff", "7ff0000000000000", "fff0000000000000"])
def test_nan_and_infinity_are_refused(bits: str) -> None:
    """NaN and ±Infinity have no JSON form (RFC 8785 §3.2.2.3)."""
    (value,) = struct.unpack(">d", bytes.fromhex(bits))
    with pytest.raises(CanonicalJSONError):
        canonicalize([value])


# The RFC 8785 reference implementation's test files (cyberphone/json-canonicalization
# testdata/input and testdata/output), and the examples of RFC 8785 §3.2.2 and §3.2.3.
REFERENCE_FILES = [
    (
        '[\n  56,\n  {\n    "d": true,\n    "10": null,\n    "1": [ ]\n  }\n]',
        '[56,{"1":[],"10":null,"d":true}]',
    ),
    (
        '{\n  "peach": "This sorting order",\n  "péché": "is wrong according to French",\n'
        '  "pêche": "but canonicalization MUST",\n  "sin":   "ingnore locale"\n}\n',
        '{"peach":"This sorting order","péché":"is wrong according to French",'
        '"pêche":"but canonicalization MUST","sin":"ingnore locale"}',
    ),
    (
        '{\n  "1": {"f": {"f": "hi","F": 5} ,"\\n": 56.0},\n  "10": { },\n  "": "empty",\n'
        '  "a": { },\n  "111": [ { } ],\n  "A": { }\n}',
        '{"":"empty","1":{"\\n":56,"f":{"F":5,"f":"hi"}},"10":{},"111":[{}],"A":{},"a":{}}',
    ),
    (
        '{\n  "Unnormalized Unicode":"\\u1e0d\\u0307"\n}\n',
        '{"Unnormalized Unicode":"\u1e0d\u0307"}',
    ),
    (
        '{\n  "numbers": [1E30, 4.50, 333333333.33333329, 2e-3, 0.000000000000000000000000001],\n'
        '  "escaping": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",\n'
        '  "literals": [null, true, false]\n}',
        '{"escaping":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/","literals":[null,true,false],'
        '"numbers":[1e+30,4.5,333333333.3333333,0.002,1e-27]}',
    ),
    (
        '{\n  "\\u20ac": "Euro Sign",\n  "1": "One",\n  "\\u0080": "Control\\u007f",\n'
        '  "\\ud83d\\ude02": "Smiley",\n  "\\u00f6": "Latin Small Letter O With Diaeresis",\n'
        '  "\\ufb33": "Hebrew Letter Dalet With Dagesh",\n  "</script>": "Browser Challenge"\n}\n',
        '{"1":"One","</script>":"Browser Challenge","\u0080":"Control\u007f",'
        '"ö":"Latin Small Letter O With Diaeresis","€":"Euro Sign","\U0001f602":"Smiley",'
        '"\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    ),
    (  # RFC 8785 §3.2.3: sorting by UTF-16 code units puts U+1F600 before U+FB33.
        '{"\\u20ac":"Euro Sign","\\r":"Carriage Return","\\ufb33":"Hebrew Letter Dalet With '
        'Dagesh","1":"One","\\ud83d\\ude00":"Emoji: Grinning Face","\\u0080":"Control",'
        '"\\u00f6":"Latin Small Letter O With Diaeresis"}',
        '{"\\r":"Carriage Return","1":"One","\u0080":"Control","ö":"Latin Small Letter O With '
        'Diaeresis","€":"Euro Sign","\U0001f600":"Emoji: Grinning Face","\ufb33":"Hebrew Letter '
        'Dalet With Dagesh"}',
    ),
]


@pytest.mark.parametrize(("source", "expected"), REFERENCE_FILES)
def test_reference_files_canonicalize(source: str, expected: str) -> None:
    """The reference implementation's inputs give its outputs, byte for byte."""
    assert canonicalize(loads_strict(source.encode())) == expected.encode("utf-8")
    assert parse_canonical(expected.encode("utf-8"), allow_floats=True) == loads_strict(source)


def test_astral_names_sort_by_utf16_code_units() -> None:
    """U+1F600 (UTF-16 D83D DE00) sorts before U+FB33, although its code point is larger."""
    data = '{"\U0001f600":1,"\ufb33":2}'.encode()
    assert canonicalize({"\ufb33": 2, "\U0001f600": 1}) == data
    assert parse_canonical(data) == {"\U0001f600": 1, "\ufb33": 2}


def test_control_characters_escape_in_lower_case() -> None:
    """Controls without a short escape are written \\u00xx in lower case; DEL is literal."""
    assert canonicalize("\x00\x08\x09\x0a\x0c\x0d\x1f\x7f\u2028") == (
        b'"\\u0000\\b\\t\\n\\f\\r\\u001f\x7f\xe2\x80\xa8"'
    )


def test_integers_are_exact_up_to_two_to_the_53() -> None:
    """Integers up to 2**53 are written exactly; larger ones are refused, not rounded."""
    assert canonicalize([2**53, -(2**53), 0, -1]) == b"[9007199254740992,-9007199254740992,0,-1]"
    with pytest.raises(CanonicalJSONError, match="2\\*\\*53"):
        canonicalize(2**53 + 1)


@pytest.mark.parametrize(
    "value",
    [b"bytes", {1: "a"}, {"a": {1, 2}}, "\ud800", {"\udc00": 1}, float("nan")],
    ids=["bytes", "int-key", "set", "lone-surrogate", "surrogate-key", "nan"],
)
def test_non_json_values_are_refused(value: object) -> None:
    """Values outside JSON, or strings that are not Unicode, get a clear error."""
    with pytest.raises(CanonicalJSONError):
        canonicalize(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"a":1,"a":2}', "duplicate"),
        (b'{"a":1 }', "canonical"),
        (b'{"b":1,"a":2}', "canonical"),
        (b'{"a":"\\u0041"}', "canonical"),
        (b'{"a":"\\/"}', "canonical"),
        (b"[-0]", "canonical"),
        (b"[1.5]", "floats"),
        (b"[1e2]", "floats"),
        (b"[NaN]", "NaN"),
        (b"[12345678901234567890]", "2\\*\\*53"),
        (b'["\xff"]', "UTF-8"),
        (b'["\\ud800"]', "surrogate"),
        (b"[1] x", "extra data|canonical"),
        (b"{", "not JSON"),
        ('{"\ufb33":2,"\U0001f600":1}'.encode(), "canonical"),  # code-point order
    ],
)
def test_non_canonical_bytes_are_refused(data: bytes, message: str) -> None:
    """parse_canonical accepts only the one canonical spelling, and says what is wrong."""
    with pytest.raises(CanonicalJSONError, match=message):
        parse_canonical(data)


JSON_NO_FLOATS = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53), max_value=2**53)
    | st.text(st.characters(blacklist_categories=["Cs"])),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(st.characters(blacklist_categories=["Cs"])), inner, max_size=4)
    ),
    max_leaves=20,
)


@given(JSON_NO_FLOATS)
def test_fast_check_agrees_with_the_reference(value: object) -> None:
    """parse_canonical's fast path accepts exactly the reference's bytes, and only them."""
    data = canonicalize(value)  # type: ignore[arg-type]
    assert parse_canonical(data) == value
    loose = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    if loose != data:
        with pytest.raises(CanonicalJSONError):
            parse_canonical(loose)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_numbers_read_back_as_the_same_double(value: float) -> None:
    """The ECMAScript form of a double reads back as that double."""
    text = format_number(value)
    assert float(text) == value or (value == 0 and float(text) == 0)
    assert math.copysign(1, float(text)) == 1 or value < 0


@given(JSON_NO_FLOATS)
def test_canonicalization_is_idempotent(value: object) -> None:
    """Canonical bytes parsed and written again are the same bytes."""
    data = canonicalize(value)  # type: ignore[arg-type]
    assert canonicalize(loads_strict(data)) == data
