"""RFC 8785 JSON Canonicalization Scheme (JCS): one byte string for one JSON value.

A journal entry is hashed as bytes, so two servers (or a server and a verifier written in
another language) must write the same entry as the same bytes. JCS fixes the choices JSON
leaves open:

- no whitespace between tokens (RFC 8785 §3.2.1);
- object members sorted by their names compared as arrays of UTF-16 code units (§3.2.3);
- strings with the minimal escapes of ECMAScript ``JSON.stringify``: ``\\"``, ``\\\\``,
  ``\\b \\f \\n \\r \\t`` and ``\\u00xx`` (lower-case hex) for the other controls; every other
  character as itself in UTF-8 (§3.2.2.2);
- numbers as ECMAScript ``Number.prototype.toString`` writes an IEEE 754 double (§3.2.2.3).

Decision on numbers: integers are written exactly when ``|n| <= 2**53`` (every such integer
is a double, and its ECMAScript form is its decimal form); larger integers are refused,
because I-JSON (RFC 7493) numbers are doubles and a verifier in JavaScript would read another
value. Finite floats are written with the ECMAScript algorithm (shortest round-trip digits,
then the layout rules of ECMA-262 §6.1.6.1.20), so this module is a complete JCS; but journal
entries carry no floats at all (:func:`parse_canonical` refuses them by default): amounts are
integers of the smallest unit or decimal strings.

>>> canonicalize({"b": [1, 2.5, None], "a": "é\\n"})
b'{"a":"\\xc3\\xa9\\\\n","b":[1,2.5,null]}'
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any, TypeAlias

from commune.ledger.errors import CanonicalJSONError, shown

__all__ = [
    "MAX_SAFE_INTEGER",
    "JSONValue",
    "canonical_text",
    "canonicalize",
    "format_number",
    "loads_strict",
    "number_text",
    "parse_canonical",
    "parse_canonical_many",
]

JSONValue: TypeAlias = (
    "bool | int | float | str | Sequence[JSONValue] | Mapping[str, JSONValue] | None"
)

#: 2**53: the largest integer below which every integer is an IEEE 754 double.
MAX_SAFE_INTEGER = 2**53

# ECMAScript's JSON.stringify escapes exactly these; json.dumps(ensure_ascii=False) agrees
# (same short escapes, lower-case \u00xx for the other controls, everything else literal).
_encode_string = json.JSONEncoder(ensure_ascii=False).encode


def format_number(value: int | float) -> str:
    """Write a number as ECMAScript ``Number.prototype.toString`` does (RFC 8785 §3.2.2.3).

    >>> [format_number(x) for x in (0, -0.0, 4.50, 2e-3, 1e21, 1e-7, 333333333.33333329)]
    ['0', '0', '4.5', '0.002', '1e+21', '1e-7', '333333333.3333333']
    """
    if isinstance(value, bool):
        raise CanonicalJSONError("a boolean is not a number")
    if isinstance(value, int):
        if -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER:
            return str(value)
        raise CanonicalJSONError(
            f"integer {value} is beyond ±2**53: I-JSON numbers are doubles, write it as a string"
        )
    if not math.isfinite(value):
        raise CanonicalJSONError(f"{value!r} is not a JSON number (RFC 8785 §3.2.2.3)")
    if value == 0:
        return "0"  # both +0 and -0 (ECMA-262 Number::toString step 2)
    if value < 0:
        return "-" + format_number(-value)
    # repr() gives the shortest digit string that reads back as the same double, choosing the
    # closest one when several are as short: the s and k of ECMA-262 Number::toString step 5.
    _, digit_tuple, exponent = Decimal(repr(value)).as_tuple()
    assert isinstance(exponent, int)
    digits = "".join(map(str, digit_tuple)).rstrip("0")
    exponent += len(digit_tuple) - len(digits)
    k = len(digits)
    n = exponent + k  # value = 0.digits × 10**n
    if k <= n <= 21:
        return digits + "0" * (n - k)
    if 0 < n <= 21:
        return digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return "0." + "0" * (-n) + digits
    e = n - 1
    mantissa = digits if k == 1 else digits[0] + "." + digits[1:]
    return f"{mantissa}e{'+' if e >= 0 else '-'}{abs(e)}"


def _utf16_key(name: str) -> bytes:
    # Big-endian UTF-16 bytes compare exactly as sequences of UTF-16 code units (§3.2.3).
    return name.encode("utf-16-be")


def _write(value: Any, out: list[str]) -> None:
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, str):
        out.append(_encode_string(value))
    elif isinstance(value, int | float):
        out.append(format_number(value))
    elif isinstance(value, Mapping):
        for name in value:
            if not isinstance(name, str):
                raise CanonicalJSONError(f"object member name {name!r} is not a string")
        try:
            items = sorted(value.items(), key=lambda item: _utf16_key(item[0]))
        except UnicodeEncodeError as exc:
            raise CanonicalJSONError("an object member name is not valid Unicode") from exc
        out.append("{")
        for position, (name, member) in enumerate(items):
            if position:
                out.append(",")
            out.append(_encode_string(name))
            out.append(":")
            _write(member, out)
        out.append("}")
    elif isinstance(value, Sequence) and not isinstance(value, bytes | bytearray):
        out.append("[")
        for position, element in enumerate(value):
            if position:
                out.append(",")
            _write(element, out)
        out.append("]")
    else:
        raise CanonicalJSONError(f"{type(value).__name__} is not a JSON type")


def canonical_text(value: JSONValue) -> str:
    """The RFC 8785 canonical form of ``value`` as text (see :func:`canonicalize`)."""
    out: list[str] = []
    _write(value, out)
    return "".join(out)


def canonicalize(value: JSONValue) -> bytes:
    """The RFC 8785 canonical form of ``value`` as UTF-8 bytes.

    Accepts ``None``, ``bool``, ``int`` (``|n| <= 2**53``), finite ``float``, ``str``,
    sequences and mappings with string keys. Raises :class:`CanonicalJSONError` otherwise,
    including for strings holding lone surrogates (not Unicode, RFC 8785 §3.2.2.2).
    """
    try:
        return canonical_text(value).encode("utf-8")
    except UnicodeEncodeError as exc:
        raise CanonicalJSONError("a string holds a lone surrogate: not valid Unicode") from exc
    except RecursionError as exc:
        raise CanonicalJSONError("value is nested too deeply") from exc


# --- Parsing ------------------------------------------------------------------------------


def _reject_constant(name: str) -> Any:
    raise CanonicalJSONError(f"{name} is not a JSON number (RFC 8785 §3.2.2.3)")


def _reject_float(text: str) -> Any:
    raise CanonicalJSONError(
        f"number {number_text(text)} is not an integer: journal entries carry no floats"
    )


# 2**53 has 16 digits: a literal of more digits is beyond it, and is never given to int(),
# which refuses more than 4,300 digits (Python's limit on int-string conversion) anyway.
_SAFE_DIGITS = len(str(MAX_SAFE_INTEGER))


def number_text(text: str) -> str:
    """A number as messages show it: a long one is cut, with its length (a message is one
    line a person reads, whatever the input held)."""
    return text if len(text) <= 40 else f"{text[:20]}… ({len(text)} characters)"


def _safe_int(text: str) -> int:
    if len(text.lstrip("-")) <= _SAFE_DIGITS:
        value = int(text)
        if -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER:
            return value
    raise CanonicalJSONError(
        f"integer {number_text(text)} is beyond ±2**53: I-JSON numbers are doubles, "
        "write it as a string"
    )


def _double(text: str) -> float:
    value = float(text)  # float() has no limit on digits: 1e999999 is inf, refused below
    if not math.isfinite(value):
        raise CanonicalJSONError(f"number {number_text(text)} overflows an IEEE 754 double")
    return value


def _ijson_int(text: str) -> int | float:
    # In JCS every number is a double: an integer literal beyond 2**53 is read as the double
    # nearest to it, as JSON.parse would.
    if len(text.lstrip("-")) <= _SAFE_DIGITS:
        value = int(text)
        if -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER:
            return value
    return _double(text)


def _unique_members(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for name, _ in pairs:
            if name in seen:
                raise CanonicalJSONError(
                    f"duplicate object member name {shown(name)} (I-JSON §2.3)"
                )
            seen.add(name)
    return result


_STRICT = json.JSONDecoder(
    object_pairs_hook=_unique_members,
    parse_float=_double,
    parse_int=_ijson_int,
    parse_constant=_reject_constant,
)
_FAST_NO_FLOATS = json.JSONDecoder(
    parse_float=_reject_float, parse_int=_safe_int, parse_constant=_reject_constant
)
_FAST_ENCODER = json.JSONEncoder(
    ensure_ascii=False, separators=(",", ":"), sort_keys=True, allow_nan=False
)
_FAST_ENCODE = _FAST_ENCODER.encode
_fast_scan: Callable[[str, int], tuple[Any, int]] = getattr(_FAST_NO_FLOATS, "scan_once")  # noqa: B009 - untyped attribute of CPython's decoder
# The C encoder that JSONEncoder.encode drives, called directly to spare the Python wrapper
# (CPython's json exposes it; without it, the wrapper is used). It is given the C string
# encoder itself (json.encoder.encode_basestring, the one JSONEncoder(ensure_ascii=False)
# uses): with a Python function there, every string and member name cost a Python call.
_c_make_encoder = getattr(json.encoder, "c_make_encoder", None)
_c_encode = (
    _c_make_encoder(None, None, json.encoder.encode_basestring, None, ":", ",", True, False, False)
    if _c_make_encoder is not None
    else None
)


def _fast_text(value: Any) -> str:
    if _c_encode is not None and isinstance(value, dict):
        return "".join(_c_encode(value, 0))
    return _FAST_ENCODE(value)


# UTF-8 lead bytes \xf0-\xf4 start the characters outside the Basic Multilingual Plane: only
# these can sort differently by code point (Python) and by UTF-16 code unit (JCS).


def _has_astral(data: bytes) -> bool:
    # Faster than a regular expression: each `in` is a memchr.
    return (
        b"\xf0" in data
        or b"\xf1" in data
        or b"\xf2" in data
        or b"\xf3" in data
        or (b"\xf4" in data)
    )


def _decode_utf8(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CanonicalJSONError(f"not valid UTF-8 at byte {exc.start}") from exc


def loads_strict(data: bytes | str) -> Any:
    """Parse I-JSON (RFC 7493): UTF-8, no duplicate member names, no NaN or Infinity.

    Numbers are read as JCS reads them: integers up to 2**53 as ``int``, all others as
    ``float``.
    """
    text = _decode_utf8(data)
    try:
        value, end = _STRICT.raw_decode(text)
    except json.JSONDecodeError as exc:
        raise CanonicalJSONError(f"not JSON: {exc.msg} at character {exc.pos}") from exc
    except RecursionError as exc:
        raise CanonicalJSONError("JSON is nested too deeply") from exc
    if text[end:].strip(" \t\r\n"):
        raise CanonicalJSONError(f"extra data after the JSON value at character {end}")
    return value


def parse_canonical(data: bytes, *, allow_floats: bool = False) -> Any:
    """Parse ``data`` and require it to be exactly the canonical form of what it holds.

    With ``allow_floats=False`` (journal entries) any number with a fraction or exponent is
    refused. The common case is checked with the C JSON codec: for values without floats and
    without characters beyond U+FFFF, ``json.dumps(sort_keys=True, separators=(",", ":"),
    ensure_ascii=False)`` writes exactly the JCS bytes (a property test holds this); any other
    case, and every mismatch, is decided by the reference :func:`canonicalize`.
    """
    if not allow_floats:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = ""  # the reference path below says where
        try:
            value, _ = _fast_scan(text, 0)  # trailing bytes fail the comparison below
            fast = _fast_text(value).encode("utf-8")
        except (
            StopIteration,
            json.JSONDecodeError,
            UnicodeEncodeError,
            RecursionError,
            ValueError,
        ):
            value = fast = None
        if fast is not None and fast == data and (data.isascii() or not _has_astral(data)):
            return value
    value = loads_strict(data)  # precise errors: bad UTF-8, duplicates, syntax
    if not allow_floats:
        _reject_floats(value)
    expected = canonicalize(value)
    if expected != data:
        position = next(
            (i for i, (a, b) in enumerate(zip(expected, data, strict=False)) if a != b),
            min(len(expected), len(data)),
        )
        raise CanonicalJSONError(
            f"not in RFC 8785 canonical form: first difference at byte {position}"
        )
    return value


def _reject_floats(value: Any) -> None:
    if isinstance(value, float):
        _reject_float(format_number(value))
    elif isinstance(value, dict):
        for member in value.values():
            _reject_floats(member)
    elif isinstance(value, list):
        for element in value:
            _reject_floats(element)


# --- Many entries at once (the verifier's hot path) ----------------------------------------

# Integers as the C scanner reads them (no Python call per number); their range is checked on
# the bytes instead: no run of 16 digits means no integer beyond 2**53 (which has 16 digits).
_BLOCK_DECODER = json.JSONDecoder(parse_float=_reject_float, parse_constant=_reject_constant)
_block_scan: Callable[[str, int], tuple[Any, int]] = getattr(_BLOCK_DECODER, "scan_once")  # noqa: B009 - untyped attribute of CPython's decoder
_DIGITS_TO_ZERO = bytes.maketrans(b"0123456789", b"0" * 10)
_SIXTEEN_DIGITS = b"0" * 16
# Items are parsed as one JSON array, separated by the string "\u0000" (a NUL), written
# `,"\u0000",` (see parse_canonical_many).
_MARKER = "\x00"
_MARKER_ESCAPE = b"\\u0000"
_SEPARATOR = b',"' + _MARKER_ESCAPE + b'",'


def parse_canonical_many(items: Sequence[bytes]) -> list[Any] | None:
    r"""The values of ``items`` when every one is exactly the RFC 8785 canonical form of a
    value without floats (as :func:`parse_canonical` would find), else ``None``: then some
    item may be bad, and each is to be checked with :func:`parse_canonical`, which says which
    and why. ``None`` is also returned for some canonical items outside the common case
    (integers of 16 digits or more, characters beyond U+FFFF, the escape ``\u0000``).

    One C parse and one C serialisation for all the items (CPython's json codec), instead of
    one of each per item. Why it is exact: the items t0 … tn-1 are joined as the text
    ``S = [t0,"\u0000",t1,"\u0000",…,tn-1]``, S is parsed as an array L, and L is written
    again by the C encoder with sorted keys and no whitespace, which is JCS for values
    without floats (refused by the parser), integers beyond 2**53 (no run of 16 digits in S)
    or characters beyond U+FFFF (none in S). If L is ``[v0,"\x00",v1,"\x00",…,vn-1]`` (2n - 1
    elements, a NUL string at every odd place), that writing is ``[E0,"\u0000",E1,…,En-1]``
    where Ei is the canonical form of vi. Suppose it equals S. No item holds the six
    characters ``\u0000`` (checked), so S holds them exactly n - 1 times; the n - 1
    separators of each reading of S hold them once each, at the same place in a separator,
    and the six characters cannot overlap themselves: both readings put their separators on
    the same places, so ti = Ei for every i. Each item is then the canonical form of vi, and
    means vi. Where each vi came from in the parse does not matter: an item that is not JSON
    by itself, or not canonical, cannot equal any Ei.
    """
    count = len(items)
    if not count:
        return []
    if b"\\" in b"".join(items) and any(_MARKER_ESCAPE in item for item in items):
        return None  # (a search for one byte is much faster than one for six)
    joined = b"[" + _SEPARATOR.join(items) + b"]"
    if not joined.isascii() and _has_astral(joined):
        return None
    if _SIXTEEN_DIGITS in joined.translate(_DIGITS_TO_ZERO):
        return None
    try:
        text = joined.decode("utf-8")
        values, end = _block_scan(text, 0)
        if (
            end != len(text)
            or type(values) is not list
            or len(values) != 2 * count - 1
            or values[1::2].count(_MARKER) != count - 1
        ):
            return None
        written = "".join(_c_encode(values, 0)) if _c_encode is not None else _FAST_ENCODE(values)
    except (ValueError, StopIteration, RecursionError, CanonicalJSONError, TypeError):
        return None  # not JSON, a float, NaN, nested too deeply...
    if written != text:
        return None
    result: list[Any] = values[0::2]
    return result
