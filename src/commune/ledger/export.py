"""The export file of a journal: JSON Lines, one self-contained file anyone can verify.

Every line is RFC 8785 canonical JSON followed by ``\\n``:

1. a header::

       {"format":"commune-journal-export","origin":"…","public_keys":["<verifier key>",…],
        "size":N,"version":1}

   ``public_keys`` lists the journal's first key, then each key brought in by rotation;

2. one line per entry, index 0 to N-1::

       {"entry":<the entry, verbatim>,"leaf_hash":"<base64 of SHA-256(0x00 || entry)>"}

   The entry's bytes (canonical JSON: one line, no whitespace) stand verbatim between
   ``{"entry":`` and ``,"leaf_hash":"``; equally, they are the RFC 8785 canonical form of the
   ``entry`` member. ``leaf_hash`` is the leaf of the server's stored tree, written as stored
   (not recomputed from the entry). The verifier recomputes everything; the declared
   ``leaf_hash`` only lets it name the first altered entry when the signed root does not
   match (declared hashes are believed only if they fold to the signed root);

3. a footer: ``{"checkpoint":"<signed note of the checkpoint of size N>"}``.

The writer streams (constant memory); the reader streams and checks the layout strictly.
"""

from __future__ import annotations

import binascii
import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any, NamedTuple

from commune.ledger.canonical import JSONValue, canonicalize
from commune.ledger.checkpoint import read_checkpoint
from commune.ledger.errors import CanonicalJSONError, CheckpointError, ExportFormatError, shown
from commune.ledger.merkle import HASH_SIZE

__all__ = [
    "ENTRY_PREFIX",
    "FOOTER_PREFIX",
    "FORMAT",
    "LEAF_HASH_INFIX",
    "VERSION",
    "ExportEntry",
    "ExportHeader",
    "ExportLine",
    "ExportReader",
    "entry_line",
    "parse_entry_line",
    "parse_footer",
    "read_all",
    "split_entry_line",
    "write_export",
]

FORMAT = "commune-journal-export"
VERSION = 1
FOOTER_PREFIX = b'{"checkpoint":'
# The frame of an entry line: the entry's bytes lie between these, the leaf hash after.
ENTRY_PREFIX = b'{"entry":'
LEAF_HASH_INFIX = b',"leaf_hash":"'
_SUFFIX_LENGTH = len(LEAF_HASH_INFIX) + 44 + 2  # ,"leaf_hash":" + base64 of 32 bytes + "}


class ExportEntry(NamedTuple):
    """What the writer needs of an entry: its index (checked for gaps) and its bytes."""

    index: int  # type: ignore[assignment]  # shadows tuple.index(): the log's word for it
    data: bytes


class ExportLine(NamedTuple):
    """An entry line as read: the entry's bytes and the declared leaf hash, not yet verified."""

    data: bytes
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
        value = _loads(line, "the first line", "a JSON export header")
        if not isinstance(value, dict) or value.get("format") != FORMAT:
            raise ExportFormatError(f"the first line does not announce a {FORMAT} file")
        if value.get("version") != VERSION:
            raise ExportFormatError(
                f"export version {shown(value.get('version'))} is not {VERSION}"
            )
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


def entry_line(data: bytes, leaf_hash: bytes | None = None) -> bytes:
    """The export line of an entry's bytes (with its ``\\n``)."""
    if leaf_hash is None:
        leaf_hash = hashlib.sha256(b"\x00" + data).digest()
    return b"".join((ENTRY_PREFIX, data, LEAF_HASH_INFIX, _b64(leaf_hash), b'"}\n'))


def split_entry_line(line: bytes) -> tuple[bytes, bytes] | None:
    """The entry bytes and the base64 leaf hash of a line (without its ``\\n``), or None
    when the line is not framed as an entry line. Nothing is decoded or checked."""
    if (
        len(line) > len(ENTRY_PREFIX) + _SUFFIX_LENGTH
        and line.startswith(ENTRY_PREFIX)
        and line.endswith(b'"}')
        and line[-_SUFFIX_LENGTH:-46] == LEAF_HASH_INFIX
    ):
        return line[len(ENTRY_PREFIX) : -_SUFFIX_LENGTH], line[-46:-2]
    return None


def parse_entry_line(line: bytes) -> ExportLine:
    """Read one entry line (without its ``\\n``); raises :class:`ExportFormatError`. The
    entry's own bytes are checked by :func:`commune.ledger.entry.parse_entry`, not here."""
    parts = split_entry_line(line)
    if parts is None:
        raise ExportFormatError('the line is not {"entry":…,"leaf_hash":"…"}')
    data, digest = parts
    try:
        leaf = binascii.a2b_base64(digest, strict_mode=True)
    except binascii.Error:
        raise ExportFormatError("the line's leaf hash is not base64") from None
    if _b64(leaf) != digest:
        raise ExportFormatError("the line's leaf hash is not canonical base64")
    return ExportLine(data, leaf)


def _footer(note: str) -> bytes:
    return canonicalize({"checkpoint": note}) + b"\n"


def _loads(line: bytes, where: str, what: str) -> Any:
    """JSON of a header or footer line; numbers of more than 20 digits (none fits a size)
    and nesting too deep for the parser are refused as errors of the format."""

    def bounded_int(text: str) -> int:
        if len(text.lstrip("-")) > 20:
            raise ExportFormatError(f"{where} holds a number of {len(text)} characters")
        return int(text)

    try:
        return json.loads(line, parse_int=bounded_int)
    except ValueError:
        raise ExportFormatError(f"{where} is not {what}") from None
    except RecursionError:
        raise ExportFormatError(f"{where} is nested too deeply to be {what}") from None


def parse_footer(line: bytes) -> str:
    """The checkpoint note of the last line; raises :class:`ExportFormatError`."""
    value = _loads(line, "the last line", "JSON")
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
    entries: Iterable[tuple[int, bytes] | tuple[int, bytes, bytes | None]],
) -> int:
    """Write an export: the header, every entry of the checkpoint's tree, the checkpoint.

    ``checkpoint`` is the signed note of the tree head the entries make up; ``entries``
    yields ``(index, entry bytes)`` or ``(index, entry bytes, stored leaf hash)`` for indexes
    0 to size-1 in order (gaps are refused). A server passes the leaf hashes of its stored
    tree: they are written as they are, so that an entry whose bytes were altered in the
    store is named by the verifier (its recomputed leaf differs from the declared one, and
    the declared ones fold to the signed root). Without one (or with None) the leaf hash is
    computed from the entry. Returns the number of entries written.
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
    for row in entries:
        index, data = row[0], row[1]
        stored = row[2] if len(row) > 2 else None
        if stored is not None and len(stored) != HASH_SIZE:
            raise ExportFormatError(f"entry {index}'s leaf hash is not {HASH_SIZE} bytes")
        if index != count:
            raise ExportFormatError(f"entry {index} given where entry {count} belongs")
        if count == head.size:
            raise ExportFormatError(f"more entries than the checkpoint's {head.size}")
        if b"\n" in data:
            raise ExportFormatError(f"entry {index} spans lines: it is not canonical JSON")
        write(entry_line(data, stored))
        count += 1
    if count != head.size:
        raise ExportFormatError(f"{count} entries given for a checkpoint of {head.size}")
    out.write(_footer(checkpoint))
    return count


#: The longest line the reader takes (as :data:`commune.ledger.limits.MAX_EXPORT_LINE_BYTES`).
MAX_LINE_BYTES = 16 << 20


class ExportReader:
    """Stream an export: :attr:`header` first, iterate the entry lines, then
    :attr:`checkpoint` holds the footer's note. Layout errors raise
    :class:`ExportFormatError` naming the entry index; a line longer than ``max_line``
    bytes is refused before more of it is read."""

    def __init__(self, stream: IO[bytes], *, max_line: int = MAX_LINE_BYTES) -> None:
        self._stream = stream
        self._max_line = max_line
        self.header = ExportHeader.parse(self._readline("the first line").rstrip(b"\n"))
        self.checkpoint: str | None = None

    def _readline(self, what: str) -> bytes:
        raw = self._stream.readline(self._max_line + 1)
        if len(raw) > self._max_line:
            raise ExportFormatError(f"{what} is longer than {self._max_line} bytes")
        return raw

    def __iter__(self) -> Iterator[ExportLine]:
        position = 0
        while raw := self._readline(f"the line of entry {position}"):
            if not raw.endswith(b"\n"):
                raise ExportFormatError(f"the file ends without a newline after entry {position}")
            line = raw[:-1]
            if line.startswith(FOOTER_PREFIX):
                self.checkpoint = parse_footer(line)
                if self._stream.read(1):
                    raise ExportFormatError("lines follow the checkpoint")
                return
            try:
                yield parse_entry_line(line)
            except ExportFormatError as exc:
                raise ExportFormatError(f"entry {position}: {exc.message}") from exc
            position += 1
        raise ExportFormatError("the export ends without its checkpoint line")


def read_all(stream: IO[bytes]) -> tuple[ExportHeader, list[ExportLine], str]:
    """Read a whole (small) export: header, entry lines, checkpoint note."""
    reader = ExportReader(stream)
    lines = list(reader)
    assert reader.checkpoint is not None
    return reader.header, lines, reader.checkpoint
