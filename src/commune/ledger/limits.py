"""How much the verifier reads of each input, at most: every reader streams or stops at a
limit and says which (the hardening issue, item 8). A 1.5 GB answer or a line without end
costs the verifier a bounded amount of memory, then a one-line error naming the limit.

The limits are far above what a journal holds (an entry is a few hundred bytes; a signed
note, a few hundred), and are module constants so that a caller may change them.
"""

from __future__ import annotations

import os

from commune.ledger.errors import InputTooLargeError, SourceError
from commune.ledger.export import MAX_LINE_BYTES
from commune.ledger.note import MAX_KEY_FILE_SIZE, MAX_NOTE_SIZE

__all__ = [
    "ANSWER_SECONDS",
    "MAX_ANSWER_BYTES",
    "MAX_EXPORT_LINE_BYTES",
    "MAX_KEY_FILE_BYTES",
    "MAX_NOTE_FILE_BYTES",
    "MAX_SMALL_ANSWER_BYTES",
    "MAX_TRUST_STORE_BYTES",
    "read_file",
    "size_text",
]

#: A line of an export (the header, one entry, or the footer holding the checkpoint).
MAX_EXPORT_LINE_BYTES = MAX_LINE_BYTES
#: A file holding a checkpoint note (--trusted).
MAX_NOTE_FILE_BYTES = MAX_NOTE_SIZE
#: A file holding a verifier key (--public-key).
MAX_KEY_FILE_BYTES = MAX_KEY_FILE_SIZE
#: The trust store (one line per journal).
MAX_TRUST_STORE_BYTES = 16 << 20
#: One answer of a server to a request for entries (a page of at most 1,000; a page too
#: large is asked again in halves, down to one entry).
MAX_ANSWER_BYTES = 64 << 20
#: One answer of a server about anything else (checkpoint, key, proof).
MAX_SMALL_ANSWER_BYTES = MAX_NOTE_SIZE
#: The longest one answer may take to arrive, whole (each read also has its own timeout).
ANSWER_SECONDS = 300.0


def size_text(count: int) -> str:
    """``16 MiB``, ``64 KiB``, ``1000 bytes``: how limits are named in messages."""
    for shift, unit in ((30, "GiB"), (20, "MiB"), (10, "KiB")):
        if count >= 1 << shift and count % (1 << shift) == 0:
            return f"{count >> shift} {unit}"
    return f"{count} bytes"


def read_file(path: str | os.PathLike[str], limit: int, what: str) -> bytes:
    """The bytes of a small file, read up to ``limit`` + 1 bytes: a larger one (or a device
    that never ends) raises :class:`InputTooLargeError` naming the limit."""
    name = os.fspath(path)
    try:
        with open(name, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise SourceError(f"cannot read {what} {name}: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise InputTooLargeError(
            f"{what} {name} is larger than {size_text(limit)} (the verifier's limit for it)"
        )
    return data
