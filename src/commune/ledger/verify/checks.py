"""The checks shared by both sources: each entry (the hot loop), keys, trusted checkpoints."""

from __future__ import annotations

import binascii
import gc
import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from commune.ledger.canonical import parse_canonical, parse_canonical_many
from commune.ledger.checkpoint import Checkpoint, open_checkpoint
from commune.ledger.entry import (
    KEY_ROTATED,
    Entry,
    check_entry_fields,
    entries_valid,
    validate_entry_value,
)
from commune.ledger.errors import (
    CanonicalJSONError,
    CheckpointError,
    EntryError,
    ExportFormatError,
    NoteError,
    shown,
)
from commune.ledger.export import ENTRY_PREFIX, parse_entry_line, split_entry_line
from commune.ledger.merkle import range_subtrees
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
    position: int,
    data: bytes,
    commune: str,
    block: Block,
    *,
    index: int | None = None,
    kind: str | None = None,
    at: str | None = None,
) -> None:
    """Check an entry's bytes at ``position``, and the copies of its fields a server sends
    beside it (``index``, ``kind``, ``at``); record problems in ``block``."""
    try:
        value = parse_canonical(data)
        validate_entry_value(value)
    except (CanonicalJSONError, EntryError) as exc:
        block.problems.append(Problem("bad_entry", position, f"entry {position}: {exc}"))
        return
    entry_index, entry_commune, entry_kind = value["index"], value["commune"], value["kind"]
    if index is not None and entry_index != index:
        block.problems.append(
            Problem(
                "field_mismatch",
                position,
                f"entry {position} says it is entry {entry_index}, the index beside it {index}",
            )
        )
    elif entry_index != position:
        block.problems.append(
            Problem(
                "index_mismatch",
                position,
                f"entry {entry_index} stands where entry {position} belongs: "
                "entries are missing, moved or repeated",
            )
        )
    if entry_commune != commune:
        block.problems.append(
            Problem(
                "commune_mismatch",
                position,
                f"entry {position} belongs to commune {shown(entry_commune)}, not {shown(commune)}",
            )
        )
    if (kind is not None and entry_kind != kind) or (at is not None and value["at"] != at):
        block.problems.append(
            Problem(
                "field_mismatch",
                position,
                f"entry {position}: the kind or instant beside the entry differs from its own",
            )
        )
    if entry_kind == KEY_ROTATED:
        block.rotations.append(check_entry_fields(value))


# The end of an entry line and the start of the next: `,"leaf_hash":"<base64>"}\n{"entry":`.
# A match holds exactly one newline, so splitting n lines yields n - 1 matches when (and only
# when) every line is framed as an entry line.
_LINE_JOINT = re.compile(rb',"leaf_hash":"([A-Za-z0-9+/]{43}=)"\}\n\{"entry":')
_LAST_LINE_END = re.compile(rb',"leaf_hash":"([A-Za-z0-9+/]{43}=)"\}\n')
_LAST_LINE_END_SIZE = 61
_ROTATION_MARK = b'"kind":"' + KEY_ROTATED.encode() + b'"'


def check_export_block(block_bytes: bytes, start: int, commune: str) -> Block:
    """Check the entry lines of an export (one per line; the last may lack its newline).

    The whole block is checked at once first (:func:`_check_good_block`, mostly in C); when
    that cannot vouch for every line, each line is checked on its own, which names the
    problems. Both find the same: the first only ever says "all good"."""
    collecting = gc.isenabled()
    if collecting:  # the block's parsed entries are many objects without cycles
        gc.disable()
    try:
        block = _check_good_block(block_bytes, start, commune)
    finally:
        if collecting:
            gc.enable()
    return block if block is not None else _check_each_line(block_bytes, start, commune)


def _check_good_block(block_bytes: bytes, start: int, commune: str) -> Block | None:
    """The :class:`Block` of a run of entry lines when every check of
    :func:`_check_each_line` passes on every line, else ``None``. Each step is a sufficient
    condition for its per-line check: the frame of every line (:data:`_LINE_JOINT`), the
    declared leaf hashes compared all at once, every entry canonical
    (:func:`parse_canonical_many`) and valid at its own index in ``commune``
    (:func:`entries_valid`)."""
    size = len(block_bytes)
    if size <= len(ENTRY_PREFIX) + _LAST_LINE_END_SIZE or not block_bytes.startswith(ENTRY_PREFIX):
        return None
    last = _LAST_LINE_END.fullmatch(block_bytes, size - _LAST_LINE_END_SIZE)
    if last is None:
        return None
    # Between the first `{"entry":` and the last line's end: entries and leaf hashes. Each
    # newline is either in a joint or in an entry, which is then not canonical JSON (refused
    # below): when all entries pass, the lines are exactly the entries found here.
    parts = _LINE_JOINT.split(block_bytes[len(ENTRY_PREFIX) : size - _LAST_LINE_END_SIZE])
    entries: list[bytes] = parts[0::2]
    count = len(entries)
    declared: list[bytes] = parts[1::2]
    declared.append(last[1])
    sha = _sha256
    leaves = [sha(b"\x00" + data).digest() for data in entries]
    # b2a_base64 ends each hash with a newline: equal texts mean equal hashes, one by one.
    if b"".join(map(_b2a, leaves)) != b"\n".join(declared) + b"\n":
        return None
    values = parse_canonical_many(entries)
    if values is None or not entries_valid(values, start, commune):
        return None
    block = Block(start, count=count, subtrees=range_subtrees(start, leaves))
    if _ROTATION_MARK in block_bytes:
        try:
            block.rotations = [
                check_entry_fields(value) for value in values if value["kind"] == KEY_ROTATED
            ]
        except EntryError:
            return None
    return block


def _check_each_line(block_bytes: bytes, start: int, commune: str) -> Block:
    """:func:`check_export_block`, a line at a time: what names each problem."""
    block = Block(start)
    lines = block_bytes.split(b"\n")
    if not lines[-1]:
        lines.pop()  # the empty string after the last newline
    leaves: list[bytes] = []
    declared: list[bytes] | None = None
    sha, b2a, split = _sha256, _b2a, split_entry_line
    for position, line in enumerate(lines, start):
        parts = split(line)
        if parts is None:
            block.problems.append(
                Problem(
                    "bad_line",
                    position,
                    f'line of entry {position} is not {{"entry":…,"leaf_hash":"…"}}',
                )
            )
            digest = sha(b"\x01" + line).digest()  # stands for the unreadable entry
            leaves.append(digest)
            if declared is not None:
                declared.append(digest)
            continue
        data, declared_b64 = parts
        digest = sha(b"\x00" + data).digest()
        leaves.append(digest)
        if b2a(digest, newline=False) != declared_b64:
            # Decoded only when it differs: the common case compares base64 text.
            try:
                declared_hash = parse_entry_line(line).leaf_hash
            except ExportFormatError as exc:
                block.problems.append(
                    Problem("bad_line", position, f"line of entry {position}: {exc.message}")
                )
                declared_hash = sha(b"\x01" + line).digest()
            block.hash_mismatches.append(position)
            if declared is None:
                declared = leaves[:-1]
            declared.append(declared_hash)
        elif declared is not None:
            declared.append(digest)
        check_entry(position, data, commune, block)
    block.count = len(lines)
    block.subtrees = subtrees(start, leaves)
    if declared is not None:
        block.declared = subtrees(start, declared)
    return block


def subtrees(start: int, leaves: Iterable[bytes]) -> list[tuple[int, bytes]]:
    return range_subtrees(start, list(leaves))


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
    label: str = "the trusted checkpoint",
) -> None:
    """Fork and rollback detection against a checkpoint saved earlier (monitor mode).
    ``label`` names where the earlier checkpoint comes from, in the messages."""
    if trusted.origin != checkpoint.origin:
        verdict.add(
            "origin_mismatch",
            None,
            f"{label} is of {shown(trusted.origin)}, not {shown(checkpoint.origin)}",
        )
        return
    if trusted.size > checkpoint.size:
        verdict.add(
            "rollback",
            checkpoint.size,
            f"the log shrank from size {trusted.size} ({label}) to size {checkpoint.size} "
            f"(its checkpoint): entries {checkpoint.size} to {trusted.size - 1} are gone",
        )
        return
    if trusted.size == checkpoint.size:
        if trusted.root != checkpoint.root:
            verdict.add(
                "fork",
                None,
                f"the log's checkpoint of size {checkpoint.size} and {label}, of size "
                f"{trusted.size} too, have different roots: the log has been rewritten "
                f"within its first {trusted.size} entries (keep both notes: they prove it)",
            )
        return
    problem = extension_problem()
    if problem is not None:
        verdict.add(
            "fork",
            None,
            f"the log's checkpoint of size {checkpoint.size} does not extend {label}, of "
            f"size {trusted.size}: {problem} (keep both notes: they prove it)",
        )


def unvouched(first: int, verdict: Verdict) -> None:
    verdict.add(
        "unsigned_entries",
        first,
        f"the entries up to {first - 1} are those of the trusted checkpoint, but no trusted "
        f"signature vouches for entry {first} and after",
    )
