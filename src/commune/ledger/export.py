"""The export file of a journal: JSON Lines, one self-contained file anyone can verify.

Every line is RFC 8785 canonical JSON followed by ``\\n``:

1. a header::

       {"format":"commune-journal-export","origin":"…","public_keys":["<verifier key>",…],
        "size":N,"version":1}

   ``public_keys`` lists the journal's first key, then each key brought in by rotation;

2. one line per entry, index 0 to N-1::

       {"at":"…","data":"<base64 entry bytes>","index":i,"kind":"…","leaf_hash":"<base64>"}

   ``data`` is the leaf (the entry's canonical bytes); ``kind`` and ``at`` repeat the entry's
   for readers that skim; ``leaf_hash`` is SHA-256(0x00 || data). The verifier recomputes
   everything: the copies only let it name the first altered entry when the signed root does
   not match (the declared leaf hashes are trusted only if they fold to the signed root);

3. a footer: ``{"checkpoint":"<signed note of the checkpoint of size N>"}``.

The writer streams (constant memory); the reader streams and checks the layout strictly.
"""

from __future__ import annotations

import binascii
import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, NamedTuple

from commune.ledger.canonical import JSONValue, canonicalize
from commune.ledger.checkpoint import read_checkpoint
from commune.ledger.errors import CanonicalJSONError, CheckpointError, ExportFormatError

__all__ = [
    "FORMAT",
    "VERSION",
    "ExportEntry",
    "ExportHeader",
    "ExportLine",
    "ExportReader",
    "entry_line",
    "parse_entry_line",
    "parse_footer",
    "read_all",
    "write_export",
]

FORMAT = "commune-journal-export"
VERSION = 1
_FOOTER_PREFIX = b'{"checkpoint":'
_encode_string = json.JSONEncoder(ensure_ascii=False).encode

# The one spelling of an entry line (canonical JSON: members in this order, no spaces).
_ENTRY_LINE = re.compile(
    rb'\{"at":"([^"\\]*)","data":"([A-Za-z0-9+/]*={0,2})","index":(0|[1-9][0-9]{0,15}),'
    rb'"kind":"([^"\\]*)","leaf_hash":"([A-Za-z0-9+/]{43}=)"\}'
)


class ExportEntry(NamedTuple):
    """What the writer needs of an entry: its index, its bytes, and its kind and instant."""

    index: int  # type: ignore[assignment]  # shadows tuple.index(): the log's word for it
    data: bytes
    kind: str
    at: str


class ExportLine(NamedTuple):
    """An entry line as read, not yet verified."""

    index: int  # type: ignore[assignment]  # as in ExportEntry
    data: bytes
    kind: str
    at: str
    leaf_hash: bytes


@dataclass(frozen=True, slots=True)
class ExportHeader:
    """The first line of an export."""

    origin: str
    public_keys: tuple[str, ...]
    size: int

    def to_line(self) -> bytes:
        value: dict[str, JSONValue] = {
            "format": FORMAT,
            "version": VERSION,
            "origin": self.origin,
            "public_keys": list(self.public_keys),
            "size": self.size,
        }
        return canonicalize(value) + b"\n"

    @classmethod
    def parse(cls, line: bytes) -> ExportHeader:
        try:
            value = json.loads(line)
        except ValueError:
            raise ExportFormatError("the first line is not a JSON export header") from None
        if not isinstance(value, dict) or value.get("format") != FORMAT:
            raise ExportFormatError(f"the first line does not announce a {FORMAT} file")
        if value.get("version") != VERSION:
            raise ExportFormatError(f"export version {value.get('version')!r} is not {VERSION}")
        origin, keys, size = value.get("origin"), value.get("public_keys"), value.get("size")
        if not isinstance(origin, str) or not origin:
            raise ExportFormatError("the export header has no origin")
        if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
            raise ExportFormatError("the export header's public_keys is not a list of keys")
        if type(size) is not int or size < 0:
            raise ExportFormatError("the export header's size is not a non-negative integer")
        return cls(origin, tuple(keys), size)


def _b64(raw: bytes) -> bytes:
    return binascii.b2a_base64(raw, newline=False)


def entry_line(
    index: int, data: bytes, kind: str, at: str, leaf_hash: bytes | None = None
) -> bytes:
    """The export line of an entry (with its ``\\n``)."""
    if leaf_hash is None:
        leaf_hash = hashlib.sha256(b"\x00" + data).digest()
    return b"".join(
        (
            b'{"at":',
            _encode_string(at).encode("utf-8"),
            b',"data":"',
            _b64(data),
            b'","index":',
            str(index).encode("ascii"),
            b',"kind":',
            _encode_string(kind).encode("utf-8"),
            b',"leaf_hash":"',
            _b64(leaf_hash),
            b'"}\n',
        )
    )


def parse_entry_line(line: bytes) -> ExportLine:
    """Read one entry line (without its ``\\n``); raises :class:`ExportFormatError`."""
    match = _ENTRY_LINE.fullmatch(line)
    if match is None:
        try:
            value = json.loads(line)
        except ValueError:
            raise ExportFormatError("the line is not JSON") from None
        if not isinstance(value, dict):
            raise ExportFormatError("the line is not a JSON object")
        expected = ["at", "data", "index", "kind", "leaf_hash"]
        if sorted(value) != expected:
            raise ExportFormatError(f"an entry line has exactly the members {', '.join(expected)}")
        raise ExportFormatError("the line is not the canonical spelling of an entry line")
    at, data, index, kind, digest = match.groups()
    try:
        raw = binascii.a2b_base64(data, strict_mode=True)
        leaf = binascii.a2b_base64(digest, strict_mode=True)
    except binascii.Error:
        raise ExportFormatError("the line's base64 is invalid") from None
    if _b64(raw) != data or _b64(leaf) != digest:
        raise ExportFormatError("the line's base64 is not canonical")
    try:
        return ExportLine(int(index), raw, kind.decode("utf-8"), at.decode("utf-8"), leaf)
    except UnicodeDecodeError:
        raise ExportFormatError("the line is not UTF-8") from None


def _footer(note: str) -> bytes:
    return canonicalize({"checkpoint": note}) + b"\n"


def parse_footer(line: bytes) -> str:
    """The checkpoint note of the last line; raises :class:`ExportFormatError`."""
    try:
        value = json.loads(line)
    except ValueError:
        raise ExportFormatError("the last line is not JSON") from None
    if not isinstance(value, dict) or list(value) != ["checkpoint"]:
        raise ExportFormatError('the last line is not {"checkpoint": …}')
    note = value["checkpoint"]
    if not isinstance(note, str):
        raise ExportFormatError("the checkpoint of the last line is not a string")
    return note


def write_export(
    out: IO[bytes],
    *,
    checkpoint: str,
    public_keys: Sequence[str],
    entries: Iterable[ExportEntry | tuple[int, bytes, str, str]],
) -> int:
    """Write an export: the header, every entry of the checkpoint's tree, the checkpoint.

    ``checkpoint`` is the signed note of the tree head the entries make up; ``entries`` must
    yield indexes 0 to size-1 in order (checked). Returns the number of entries written.
    """
    try:
        head = read_checkpoint(checkpoint)
    except CheckpointError as exc:
        raise ExportFormatError(f"cannot export with this checkpoint: {exc.message}") from exc
    try:
        out.write(ExportHeader(head.origin, tuple(public_keys), head.size).to_line())
    except CanonicalJSONError as exc:
        raise ExportFormatError(f"cannot write the header: {exc.message}") from exc
    count = 0
    write = out.write
    for index, data, kind, at in entries:
        if index != count:
            raise ExportFormatError(f"entry {index} given where entry {count} belongs")
        if count == head.size:
            raise ExportFormatError(f"more entries than the checkpoint's {head.size}")
        write(entry_line(index, data, kind, at))
        count += 1
    if count != head.size:
        raise ExportFormatError(f"{count} entries given for a checkpoint of {head.size}")
    out.write(_footer(checkpoint))
    return count


class ExportReader:
    """Stream an export: :attr:`header` first, iterate the entry lines, then
    :attr:`checkpoint` holds the footer's note. Layout errors raise
    :class:`ExportFormatError` naming the entry index."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self.header = ExportHeader.parse(stream.readline().rstrip(b"\n"))
        self.checkpoint: str | None = None

    def __iter__(self) -> Iterator[ExportLine]:
        for position, raw in enumerate(self._stream):
            if not raw.endswith(b"\n"):
                raise ExportFormatError(f"the file ends without a newline after entry {position}")
            line = raw[:-1]
            if line.startswith(_FOOTER_PREFIX):
                self.checkpoint = parse_footer(line)
                if self._stream.read(1):
                    raise ExportFormatError("lines follow the checkpoint")
                return
            try:
                yield parse_entry_line(line)
            except ExportFormatError as exc:
                raise ExportFormatError(f"entry {position}: {exc.message}") from exc
        raise ExportFormatError("the export ends without its checkpoint line")


def read_all(stream: IO[bytes]) -> tuple[ExportHeader, list[ExportLine], str]:
    """Read a whole (small) export: header, entry lines, checkpoint note."""
    reader = ExportReader(stream)
    lines = list(reader)
    assert reader.checkpoint is not None
    return reader.header, lines, reader.checkpoint
