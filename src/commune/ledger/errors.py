"""The ledger's domain errors: each has a stable snake_case ``code`` and a message that names
the problem. The interfaces map codes to exit statuses or HTTP statuses; nothing here raises a
bare ``Exception``.
"""

from __future__ import annotations

#: The most characters of an input value a message quotes.
SHOWN_CHARACTERS = 60


def shown(value: object) -> str:
    """``repr(value)`` for a message, cut to :data:`SHOWN_CHARACTERS` with the full length
    said: an input can hold a value of megabytes, a message is one line a person reads."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
        return f"an integer of {value.bit_length()} bits"  # repr() itself may refuse it
    text = repr(value)
    if len(text) <= SHOWN_CHARACTERS:
        return text
    return f"{text[: SHOWN_CHARACTERS - 1]}… ({len(text)} characters)"


def one_line(message: str, limit: int = 400) -> str:
    """A message as the verifier prints it: one line (any line break becomes a space), cut
    at ``limit`` characters; the last resort after :func:`shown`."""
    text = " ".join(message.split("\n")).replace("\r", " ")
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


class LedgerError(Exception):
    """Base of every error the ledger raises on bad input."""

    code = "ledger_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class CanonicalJSONError(LedgerError):
    """A value cannot be written as RFC 8785 canonical JSON, or bytes are not canonical."""

    code = "non_canonical_json"


class EntryError(LedgerError):
    """Bytes are not a well-formed journal entry."""

    code = "bad_entry"


class ProofError(LedgerError):
    """A proof was requested for sizes or indexes that do not describe one."""

    code = "bad_proof_request"


class MissingHashError(LedgerError):
    """A hash store lacks a node that a computation needs."""

    code = "missing_hash"


class KeyFormatError(LedgerError):
    """A signer or verifier key string is malformed or inconsistent."""

    code = "bad_key"


class NoteError(LedgerError):
    """A signed note is malformed, or no trusted key verified it."""

    code = "bad_note"


class UntrustedNoteError(NoteError):
    """A well-formed note carries no signature by any trusted key."""

    code = "untrusted_note"


class CheckpointError(LedgerError):
    """A checkpoint's text is not in the C2SP tlog-checkpoint format."""

    code = "bad_checkpoint"


class ExportFormatError(LedgerError):
    """An export file does not follow the commune-journal-export format."""

    code = "bad_export"


class SourceError(LedgerError):
    """The verifier could not read its source (file or server): an I/O problem, not a bad log."""

    code = "source_unreadable"


class KeyFileError(LedgerError):
    """A key file cannot be written (it exists: keys are never overwritten) or read."""

    code = "key_file"


class InconsistentLogError(LedgerError):
    """A server's stored log does not extend the last tree head it signed (or its stored
    hashes are not those of its entries): signing it would sign a fork or a rollback."""

    code = "journal_inconsistent"


class InputTooLargeError(SourceError):
    """An input exceeds one of the verifier's limits: the message names the limit."""

    code = "input_too_large"
