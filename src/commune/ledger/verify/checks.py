"""The checks shared by both sources: each entry (the hot loop), keys, trusted checkpoints."""

from __future__ import annotations

import binascii
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from commune.ledger.canonical import parse_canonical
from commune.ledger.checkpoint import (
    Checkpoint,
    open_checkpoint,
)
from commune.ledger.entry import (
    KEY_ROTATED,
    Entry,
    check_entry_fields,
    validate_entry_value,
)
from commune.ledger.errors import (
    CanonicalJSONError,
    CheckpointError,
    EntryError,
    ExportFormatError,
    NoteError,
)
from commune.ledger.export import (
    _ENTRY_LINE,
    parse_entry_line,
)
from commune.ledger.merkle import CompactRange
from commune.ledger.note import VerifierKey
from commune.ledger.rotation import KeyRing, RotationOutcome
from commune.ledger.verify.report import Problem, Verdict

_sha256 = hashlib.sha256
_b2a = binascii.b2a_base64
_a2b = binascii.a2b_base64

# --- Checking entries (the hot loop) ---------------------------------------------------------


@dataclass(slots=True)
class Block:
    """What checking a run of consecutive entries found: picklable, small."""

    start: int
    count: int = 0
    problems: list[Problem] = field(default_factory=list)
    subtrees: list[tuple[int, bytes]] = field(default_factory=list)
    #: The subtrees of the declared leaf hashes when some differ from the recomputed ones.
    declared: list[tuple[int, bytes]] | None = None
    hash_mismatches: list[int] = field(default_factory=list)
    rotations: list[Entry] = field(default_factory=list)


def check_entry(
    position: int, data: bytes, kind: str, at: str, commune: str, block: Block, index: int
) -> None:
    """Check an entry's bytes and the copies of its fields; record problems in ``block``."""
    try:
        value = parse_canonical(data)
        validate_entry_value(value)
    except (CanonicalJSONError, EntryError) as exc:
        block.problems.append(Problem("bad_entry", position, f"entry {position}: {exc}"))
        return
    entry_index, entry_commune = value["index"], value["commune"]
    if entry_index != index:
        block.problems.append(
            Problem(
                "field_mismatch",
                position,
                f"entry {position} says it is entry {entry_index}, the index beside it {index}",
            )
        )
    if entry_commune != commune:
        block.problems.append(
            Problem(
                "commune_mismatch",
                position,
                f"entry {position} belongs to commune {entry_commune!r}, not {commune!r}",
            )
        )
    if value["kind"] != kind or value["at"] != at:
        block.problems.append(
            Problem(
                "field_mismatch",
                position,
                f"entry {position}: the kind or instant beside the entry differs from its own",
            )
        )
    if kind == KEY_ROTATED:
        block.rotations.append(check_entry_fields(value))


def check_export_block(block_bytes: bytes, start: int, commune: str) -> Block:
    """Check the entry lines of an export (one per line, each ending in ``\\n``)."""
    block = Block(start)
    lines = block_bytes.split(b"\n")
    if not lines[-1]:
        lines.pop()  # the empty string after the last newline
    leaves: list[bytes] = []
    declared: list[bytes] | None = None
    sha, b2a, a2b, fullmatch = _sha256, _b2a, _a2b, _ENTRY_LINE.fullmatch
    for offset, line in enumerate(lines):
        position = start + offset
        # The common case inline (one regular expression, one base64 decode); anything
        # unusual goes through parse_entry_line, which says what is wrong.
        match = fullmatch(line)
        parsed: tuple[int, bytes, str, str, bytes] | None = None
        computed: bytes | None = None
        if match is not None:
            at_b, data_b64, index_b, kind_b, hash_b64 = match.groups()
            try:
                data = a2b(data_b64, strict_mode=True)
            except binascii.Error:
                data = None
            if (
                data is not None
                and canonical_tail(data_b64)
                and kind_b.isascii()
                and at_b.isascii()
            ):
                digest = sha(b"\x00" + data).digest()
                if b2a(digest, newline=False) == hash_b64:
                    parsed = (int(index_b), data, kind_b.decode(), at_b.decode(), digest)
                    computed = digest
        try:
            if parsed is None:
                parsed = parse_entry_line(line)
        except ExportFormatError as exc:
            block.problems.append(
                Problem("bad_line", position, f"line of entry {position}: {exc.message}")
            )
            digest = sha(b"\x01" + line).digest()  # stands for the unreadable entry
            leaves.append(digest)
            if declared is not None:
                declared.append(digest)
            continue
        index, data, kind, at, declared_hash = parsed
        digest = computed or sha(b"\x00" + data).digest()
        leaves.append(digest)
        if digest != declared_hash:
            block.hash_mismatches.append(position)
            if declared is None:
                declared = leaves[:-1]
            declared.append(declared_hash)
        elif declared is not None:
            declared.append(digest)
        if index != position:
            block.problems.append(
                Problem(
                    "index_mismatch",
                    position,
                    f"line {position} of the entries holds entry {index}: "
                    "entries are missing, moved or repeated",
                )
            )
        check_entry(position, data, kind, at, commune, block, index)
    block.count = len(lines)
    block.subtrees = subtrees(start, leaves)
    if declared is not None:
        block.declared = subtrees(start, declared)
    return block


B64_VALUE = {
    c: i for i, c in enumerate(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
}


def canonical_tail(encoded: bytes) -> bool:
    """Whether strict base64 has no stray bits before its padding (one spelling per value)."""
    if encoded.endswith(b"=="):
        return not B64_VALUE[encoded[-3]] & 0x0F
    if encoded.endswith(b"="):
        return not B64_VALUE[encoded[-2]] & 0x03
    return True


def subtrees(start: int, leaves: Iterable[bytes]) -> list[tuple[int, bytes]]:
    compact = CompactRange(start)
    compact.extend(leaves)
    return [(node.level, node.hash) for node in compact.subtrees]


def apply_rotations(ring: KeyRing, rotations: list[Entry], size: int, verdict: Verdict) -> None:
    for entry in sorted(rotations, key=lambda e: e.index):
        if entry.index >= size:
            continue  # not covered by the checkpoint: it vouches for nothing
        try:
            outcome = ring.apply(entry)
        except EntryError as exc:
            verdict.add("bad_key_rotation", entry.index, exc.message)
            continue
        if outcome is RotationOutcome.UNVERIFIABLE:
            verdict.notices.append(
                f"entry {entry.index} brings in a key endorsed by a key not trusted here; "
                "that key is not trusted"
            )


def open_signed(
    note: str, keys: list[VerifierKey], what: str, verdict: Verdict
) -> Checkpoint | None:
    try:
        return open_checkpoint(note, keys).checkpoint
    except NoteError as exc:
        verdict.add("bad_signature", None, f"{what}: {exc.message}")
    except CheckpointError as exc:
        verdict.add("bad_checkpoint", None, f"{what}: {exc.message}")
    return None


def compare_with_trusted(
    trusted: Checkpoint,
    checkpoint: Checkpoint,
    extension_problem: Callable[[], str | None],
    verdict: Verdict,
) -> None:
    """Fork and rollback detection against a checkpoint saved earlier (monitor mode)."""
    if trusted.origin != checkpoint.origin:
        verdict.add(
            "origin_mismatch",
            None,
            f"the trusted checkpoint is of {trusted.origin!r}, not {checkpoint.origin!r}",
        )
        return
    if trusted.size > checkpoint.size:
        verdict.add(
            "rollback",
            checkpoint.size,
            f"the log shrank from {trusted.size} entries (trusted checkpoint) to "
            f"{checkpoint.size}: entries {checkpoint.size} to {trusted.size - 1} are gone",
        )
        return
    if trusted.size == checkpoint.size:
        if trusted.root != checkpoint.root:
            verdict.add(
                "fork",
                None,
                f"two signed checkpoints of size {trusted.size} have different roots: the log "
                "has been rewritten within its first "
                f"{trusted.size} entries (keep both notes: they prove it)",
            )
        return
    problem = extension_problem()
    if problem is not None:
        verdict.add("fork", None, f"{problem} (keep both notes: they prove it)")


def unvouched(first: int, verdict: Verdict) -> None:
    verdict.add(
        "unsigned_entries",
        first,
        f"the entries up to {first - 1} are those of the trusted checkpoint, but no trusted "
        f"signature vouches for entry {first} and after",
    )
