"""Key rotation: how the journal changes the key that signs its checkpoints.

The first key of a journal is trusted from outside the log: given by the user, or fetched
from ``GET /api/v1/journal/public-key`` (trust on first use). Every later key is introduced
by the log itself, in an entry of kind ``key.rotated`` whose payload is::

    {"verifier_key": "<new verifier key>",
     "endorsement": "<signed note>"}

The endorsement is a C2SP signed note, signed by a key already trusted, whose text is::

    commune-journal key rotation v1
    <origin>
    <index of the key.rotated entry>
    <new verifier key>

so the holder of the old key vouches for the new one at one place of one log, and a forger
who can write entries but has no trusted key cannot bring in a key of their own. A key
introduced at index i may sign checkpoints of size i + 1 and more; earlier keys stay valid
(a rotation is a change of key, not a revocation).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from commune.ledger.entry import KEY_ROTATED, Entry
from commune.ledger.errors import EntryError, KeyFormatError, NoteError, UntrustedNoteError
from commune.ledger.note import SignerKey, VerifierKey, open_note, sign_note

__all__ = [
    "ENDORSEMENT_TITLE",
    "KeyRing",
    "RotationOutcome",
    "endorsement_text",
    "rotation_payload",
]

ENDORSEMENT_TITLE = "commune-journal key rotation v1"


def endorsement_text(origin: str, index: int, new_key: VerifierKey) -> str:
    """The text the old key signs to vouch for ``new_key`` at entry ``index`` of ``origin``."""
    return f"{ENDORSEMENT_TITLE}\n{origin}\n{index}\n{new_key}\n"


def rotation_payload(
    *, origin: str, index: int, new_key: VerifierKey, endorsed_by: SignerKey
) -> dict[str, Any]:
    """The payload of the ``key.rotated`` entry at ``index`` bringing in ``new_key``."""
    note = sign_note(endorsement_text(origin, index, new_key), endorsed_by)
    return {"verifier_key": str(new_key), "endorsement": note}


class RotationOutcome(Enum):
    ADDED = "added"  # endorsed by a trusted key: the new key is now trusted
    KNOWN = "known"  # the new key was trusted already (e.g. it was given by the user)
    UNVERIFIABLE = "unverifiable"  # endorsed by a key we do not know: the new key is not trusted


@dataclass(frozen=True, slots=True)
class _Trust:
    since: int  # the smallest tree size whose checkpoints the key may sign
    key: VerifierKey


class KeyRing:
    """The keys trusted to sign a journal's checkpoints, each from the size it became valid."""

    __slots__ = ("_trust", "origin")

    def __init__(self, origin: str, initial: Iterable[VerifierKey]) -> None:
        self.origin = origin
        self._trust = [_Trust(0, key) for key in initial]

    def keys_for(self, size: int) -> list[VerifierKey]:
        """The keys that may sign a checkpoint of ``size``."""
        return [t.key for t in self._trust if t.since <= size]

    @property
    def keys(self) -> list[VerifierKey]:
        return [t.key for t in self._trust]

    def apply(self, entry: Entry) -> RotationOutcome:
        """Apply a ``key.rotated`` entry. Raises :class:`EntryError` when it is malformed or
        its endorsement is not what a trusted key signed."""
        if entry.kind != KEY_ROTATED:
            raise EntryError(f"entry {entry.index} is a {entry.kind}, not a {KEY_ROTATED}")
        key_text, note = entry.payload.get("verifier_key"), entry.payload.get("endorsement")
        if not isinstance(key_text, str) or not isinstance(note, str):
            raise EntryError(f"{KEY_ROTATED} entry {entry.index} lacks its key or endorsement")
        try:
            new_key = VerifierKey.parse(key_text)
        except KeyFormatError as exc:
            raise EntryError(f"{KEY_ROTATED} entry {entry.index}: {exc.message}") from exc
        try:
            endorsement, _ = open_note(note, self.keys_for(entry.index))
        except UntrustedNoteError:
            if any(t.key == new_key for t in self._trust):
                return RotationOutcome.KNOWN
            return RotationOutcome.UNVERIFIABLE
        except NoteError as exc:
            raise EntryError(f"{KEY_ROTATED} entry {entry.index}: {exc.message}") from exc
        if endorsement.text != endorsement_text(self.origin, entry.index, new_key):
            raise EntryError(
                f"{KEY_ROTATED} entry {entry.index}: the endorsement is for another key or place"
            )
        if any(t.key == new_key for t in self._trust):
            return RotationOutcome.KNOWN
        self._trust.append(_Trust(entry.index + 1, new_key))
        return RotationOutcome.ADDED
