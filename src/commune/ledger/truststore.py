"""The verifier's memory: the last checkpoint verified for each journal, like SSH's
``known_hosts``. ``journal verify`` without ``--trusted`` compares each journal with the
checkpoint it remembers (a fork or a rollback since then fails the run), then remembers the
newer one. The first run on a journal only remembers it (trust on first use, and it says so).

The file (by default ``~/.config/commune/known_checkpoints``) is text, one line per
journal, ``#`` starting a comment::

    <origin> <size> <root, base64> <the signed note, base64>

The size and root are there for people reading the file; the signed note is what counts (it
is kept whole because two signed notes that disagree prove a fork). The file is replaced
atomically, readable by its owner only (mode 0600), and read up to
:data:`~commune.ledger.limits.MAX_TRUST_STORE_BYTES`.
"""

from __future__ import annotations

import binascii
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from commune.ledger.checkpoint import Checkpoint, read_checkpoint
from commune.ledger.encoding import b64decode_strict, b64encode
from commune.ledger.errors import CheckpointError, SourceError
from commune.ledger.limits import MAX_TRUST_STORE_BYTES, read_file

__all__ = ["TrustStore", "default_path"]

_HEADER = (
    "# Checkpoints `journal verify` has verified: the newest one of each journal.\n"
    "# <origin> <size> <root, base64> <signed note, base64>\n"
)


def default_path(home: Path) -> Path:
    """``~/.config/commune/known_checkpoints``, in the user's ``home``."""
    return home / ".config" / "commune" / "known_checkpoints"


class TrustStore:
    """The remembered checkpoints of a file; read once, on first use."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._notes: dict[str, str] | None = None

    def _load(self) -> dict[str, str]:
        if self._notes is None:
            self._notes = self._read()
        return self._notes

    def _read(self) -> dict[str, str]:
        if not self.path.exists():
            return {}
        data = read_file(self.path, MAX_TRUST_STORE_BYTES, "the trust store")
        notes: dict[str, str] = {}
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise SourceError(f"the trust store {self.path} is not UTF-8") from None
        for number, line in enumerate(text.split("\n"), start=1):
            if not line.strip() or line.startswith("#"):
                continue
            note = self._parse_line(line, number)
            notes[read_checkpoint(note).origin] = note
        return notes

    def _parse_line(self, line: str, number: int) -> str:
        where = f"the trust store {self.path}, line {number}"
        parts = line.rsplit(" ", 3)
        if len(parts) != 4:
            raise SourceError(f"{where}: not <origin> <size> <root> <note>")
        origin, size, root, encoded = parts
        try:
            note = b64decode_strict(encoded, "the note", SourceError).decode("utf-8")
            checkpoint = read_checkpoint(note)
        except (SourceError, CheckpointError, UnicodeDecodeError, binascii.Error) as exc:
            raise SourceError(f"{where}: the signed note is unreadable ({exc})") from None
        if (origin, size, root) != (
            checkpoint.origin,
            str(checkpoint.size),
            b64encode(checkpoint.root),
        ):
            raise SourceError(f"{where}: the origin, size or root is not the note's")
        return note

    def get(self, origin: str) -> str | None:
        """The signed note remembered for ``origin``, if any."""
        return self._load().get(origin)

    def remember(self, note: str) -> Checkpoint | None:
        """Remember ``note`` (a checkpoint that verified) unless a larger checkpoint of its
        journal is remembered already; return the one it replaces (None the first time).
        The file is read again just before it is replaced, so that runs in parallel lose
        nothing but what they race on."""
        checkpoint = read_checkpoint(note)
        self._notes = None
        notes = self._load()
        old_note = notes.get(checkpoint.origin)
        old = read_checkpoint(old_note) if old_note is not None else None
        if old is not None and old.size > checkpoint.size:
            return old
        notes[checkpoint.origin] = note
        self._write(notes)
        return old

    def _write(self, notes: Mapping[str, str]) -> None:
        lines = [_HEADER]
        for origin in sorted(notes):
            head = read_checkpoint(notes[origin])
            encoded = b64encode(notes[origin].encode("utf-8"))
            lines.append(f"{origin} {head.size} {b64encode(head.root)} {encoded}\n")
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{self.path.name}.")
        except OSError as exc:
            raise SourceError(f"cannot write the trust store {self.path}: {exc}") from None
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
                os.fchmod(handle.fileno(), 0o600)  # mkstemp's mode, whatever the umask
                handle.write("".join(lines))
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, self.path)
        except OSError as exc:
            Path(temporary).unlink(missing_ok=True)
            raise SourceError(f"cannot write the trust store {self.path}: {exc}") from None
