"""Checkpoints: the signed tree heads of the journal, in the C2SP tlog-checkpoint format.

The text of a checkpoint is three lines and optional extension lines::

    commune.example.org/paris          origin: the log's identity
    71                                 size: decimal, no leading zero
    3Kfb0Vb2yxm4NbR5Ix0hIYQG6v3N3uEDnnZ0d9GL2Tk=   root hash: standard base64 of 32 bytes

signed as a C2SP signed note (``note.py``) by the journal's Ed25519 key, whose name is the
origin. The last ``/``-separated segment of the origin is the commune's slug, which every
entry of the log must carry: an entry cannot be replayed into another commune's journal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from commune.ledger.encoding import b64decode_strict, b64encode
from commune.ledger.entry import is_valid_commune
from commune.ledger.errors import CheckpointError, NoteError, shown
from commune.ledger.merkle import HASH_SIZE
from commune.ledger.note import SignerKey, VerifierKey, open_note, parse_note, sign_note

__all__ = [
    "Checkpoint",
    "SignedCheckpoint",
    "commune_of_origin",
    "open_checkpoint",
    "read_checkpoint",
    "sign_checkpoint",
]

_SIZE = re.compile(r"(?:0|[1-9][0-9]{0,19})\Z")


def commune_of_origin(origin: str) -> str:
    """The commune slug named by an origin: its last ``/``-separated segment."""
    slug = origin.rstrip("/").rsplit("/", 1)[-1]
    if not is_valid_commune(slug):
        raise CheckpointError(f"origin {shown(origin)} does not end with a commune slug")
    return slug


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """A tree head: which log, how many entries, and the root hash over them."""

    origin: str
    size: int
    root: bytes
    extensions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.origin or "\n" in self.origin:
            raise CheckpointError("the origin is empty or spans lines")
        if not 0 <= self.size < 1 << 64:
            raise CheckpointError(f"tree size {self.size} is out of range")
        if len(self.root) != HASH_SIZE:
            raise CheckpointError(f"a root hash has {HASH_SIZE} bytes, not {len(self.root)}")
        if any(not line or "\n" in line for line in self.extensions):
            raise CheckpointError("extension lines are non-empty single lines")

    @property
    def commune(self) -> str:
        return commune_of_origin(self.origin)

    def text(self) -> str:
        """The note text of the checkpoint, ending in a newline."""
        lines = [self.origin, str(self.size), b64encode(self.root), *self.extensions]
        return "\n".join(lines) + "\n"

    @classmethod
    def parse(cls, text: str) -> Checkpoint:
        """Parse a checkpoint's note text, strictly."""
        if not text.endswith("\n"):
            raise CheckpointError("checkpoint text does not end with a newline")
        lines = text[:-1].split("\n")
        if len(lines) < 3:
            raise CheckpointError("checkpoint text has fewer than three lines")
        origin, size, root, *extensions = lines
        if not origin:
            raise CheckpointError("checkpoint origin is empty")
        if not _SIZE.match(size):
            raise CheckpointError(
                f"checkpoint size {shown(size)} is not a decimal without leading 0"
            )
        digest = b64decode_strict(root, "checkpoint root hash", CheckpointError)
        return cls(origin, int(size), digest, tuple(extensions))


@dataclass(frozen=True, slots=True)
class SignedCheckpoint:
    """A checkpoint whose note verified, the note itself, and the keys that signed it."""

    checkpoint: Checkpoint
    note: str
    signed_by: tuple[VerifierKey, ...]


def sign_checkpoint(checkpoint: Checkpoint, key: SignerKey, *more: SignerKey) -> str:
    """The signed note of a checkpoint (the body of ``GET /api/v1/journal/checkpoint``)."""
    return sign_note(checkpoint.text(), key, *more)


def read_checkpoint(note: str | bytes) -> Checkpoint:
    """The checkpoint of a note, WITHOUT verifying its signatures (to learn a size first)."""
    try:
        return Checkpoint.parse(parse_note(note).text)
    except NoteError as exc:
        raise CheckpointError(f"checkpoint note: {exc.message}") from exc


def open_checkpoint(note: str | bytes, keys: Iterable[VerifierKey]) -> SignedCheckpoint:
    """Verify a checkpoint note with trusted keys and parse it. Raises :class:`NoteError`
    (signature) or :class:`CheckpointError` (text)."""
    parsed, signed_by = open_note(note, keys)
    text = note.decode("utf-8") if isinstance(note, bytes) else note
    return SignedCheckpoint(Checkpoint.parse(parsed.text), text, signed_by)
