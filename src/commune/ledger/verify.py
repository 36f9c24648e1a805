"""The independent verifier of a Journal officiel: from an export file or a live server.

It trusts nothing but a verifier key (given, or taken from the source on first use) and,
optionally, a checkpoint saved by an earlier run. It recomputes the Merkle tree from every
entry, checks that each entry is well formed and stands at its own index in its own commune,
that the checkpoint is signed by a trusted key (or by a key the log itself brought in with an
endorsed ``key.rotated`` entry), that the recomputed root is the signed one, and that the new
checkpoint extends the trusted one (same size and another root: a fork; smaller: a rollback;
larger: a consistency proof, fetched from the server or recomputed from the export).

Every problem carries a stable code and, when it can be pinned down, the index of the first
entry at fault (:attr:`Report.first_bad_index`). When only the root disagrees, the verifier
finds the first altered entry with the export's declared leaf hashes (trusted only if they
fold to the signed root) or, for a server, by bisection with consistency proofs.
"""

from __future__ import annotations

import binascii
import hashlib
import json
import os
import urllib.error
import urllib.parse
import urllib.request
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import IO, Any

from commune.ledger.canonical import parse_canonical
from commune.ledger.checkpoint import (
    Checkpoint,
    commune_of_origin,
    open_checkpoint,
    read_checkpoint,
)
from commune.ledger.encoding import b64encode
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
    KeyFormatError,
    LedgerError,
    NoteError,
    SourceError,
)
from commune.ledger.export import (
    _ENTRY_LINE,
    _FOOTER_PREFIX,
    ExportHeader,
    parse_entry_line,
    parse_footer,
)
from commune.ledger.merkle import CompactRange, MemoryTree, verify_consistency
from commune.ledger.note import VerifierKey
from commune.ledger.rotation import KeyRing, RotationOutcome

__all__ = [
    "PAGE_SIZE",
    "Problem",
    "Progress",
    "Report",
    "save_checkpoint",
    "verify_export",
    "verify_url",
]

#: Entries fetched per request from a server (the API's maximum).
PAGE_SIZE = 1000
#: Problems kept in a report; the rest are counted in a last ``more_problems`` problem.
MAX_PROBLEMS = 50
#: Bytes of an export read at a time and handed to a worker (about 10,000 entries).
BLOCK_BYTES = 1 << 22
API = "/api/v1/journal"

#: Called with (entries checked so far, entries expected).
Progress = Callable[[int, int], None]

_sha256 = hashlib.sha256
_b2a = binascii.b2a_base64
_a2b = binascii.a2b_base64


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the log. ``index`` is the first entry at fault, when known."""

    code: str
    index: int | None
    message: str

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "index": self.index, "message": self.message}


@dataclass(frozen=True, slots=True)
class Report:
    """The verdict on one source."""

    source: str
    problems: tuple[Problem, ...]
    #: The checkpoint whose signature verified (even if other checks failed), or None.
    checkpoint: Checkpoint | None
    #: Its signed note, as served: what ``save_checkpoint`` writes for the next run.
    note: str | None
    entries_checked: int
    #: The recomputed root over the checkpoint's size, when it could be computed.
    root: bytes | None
    #: The verifier keys that were trusted in the end.
    keys: tuple[str, ...]
    #: Things worth knowing that are not problems (e.g. a key trusted on first use).
    notices: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems and self.checkpoint is not None

    @property
    def first_bad_index(self) -> int | None:
        indexes = [p.index for p in self.problems if p.index is not None]
        return min(indexes) if indexes else None

    def to_json(self) -> dict[str, Any]:
        checkpoint = self.checkpoint
        return {
            "source": self.source,
            "ok": self.ok,
            "first_bad_index": self.first_bad_index,
            "problems": [p.to_json() for p in self.problems],
            "checkpoint": None
            if checkpoint is None
            else {
                "origin": checkpoint.origin,
                "size": checkpoint.size,
                "root": b64encode(checkpoint.root),
            },
            "entries_checked": self.entries_checked,
            "root": None if self.root is None else b64encode(self.root),
            "keys": list(self.keys),
            "notices": list(self.notices),
        }


def save_checkpoint(report: Report, path: str | os.PathLike[str]) -> None:
    """Save the checkpoint of a good report, to pass as ``trusted`` on the next run."""
    if not report.ok or report.note is None:
        raise SourceError("only the checkpoint of a log that verified is saved")
    tmp = f"{os.fspath(path)}.tmp"
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as handle:
            handle.write(report.note)
        os.replace(tmp, path)
    except OSError as exc:
        raise SourceError(f"cannot save the checkpoint to {os.fspath(path)}: {exc}") from None


# --- Checking entries (the hot loop) ---------------------------------------------------------


@dataclass(slots=True)
class _Block:
    """What checking a run of consecutive entries found: picklable, small."""

    start: int
    count: int = 0
    problems: list[Problem] = field(default_factory=list)
    subtrees: list[tuple[int, bytes]] = field(default_factory=list)
    #: The subtrees of the declared leaf hashes when some differ from the recomputed ones.
    declared: list[tuple[int, bytes]] | None = None
    hash_mismatches: list[int] = field(default_factory=list)
    rotations: list[Entry] = field(default_factory=list)


def _check_entry(
    position: int, data: bytes, kind: str, at: str, commune: str, block: _Block, index: int
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


def _check_export_block(block_bytes: bytes, start: int, commune: str) -> _Block:
    """Check the entry lines of an export (one per line, each ending in ``\\n``)."""
    block = _Block(start)
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
                and _canonical_tail(data_b64)
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
        _check_entry(position, data, kind, at, commune, block, index)
    block.count = len(lines)
    block.subtrees = _subtrees(start, leaves)
    if declared is not None:
        block.declared = _subtrees(start, declared)
    return block


_B64_VALUE = {
    c: i for i, c in enumerate(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
}


def _canonical_tail(encoded: bytes) -> bool:
    """Whether strict base64 has no stray bits before its padding (one spelling per value)."""
    if encoded.endswith(b"=="):
        return not _B64_VALUE[encoded[-3]] & 0x0F
    if encoded.endswith(b"="):
        return not _B64_VALUE[encoded[-2]] & 0x03
    return True


def _subtrees(start: int, leaves: Iterable[bytes]) -> list[tuple[int, bytes]]:
    compact = CompactRange(start)
    compact.extend(leaves)
    return [(node.level, node.hash) for node in compact.subtrees]


# --- Putting it together ---------------------------------------------------------------------


class _Verdict:
    """Collects problems and notices while a source is verified."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.notices: list[str] = []

    def add(self, code: str, index: int | None, message: str) -> None:
        self.problems.append(Problem(code, index, message))

    def report(
        self,
        source: str,
        *,
        signed: tuple[Checkpoint, str] | None,
        entries_checked: int,
        root: bytes | None,
        keys: Iterable[VerifierKey],
    ) -> Report:
        problems = sorted(
            self.problems, key=lambda p: (p.index is None, p.index if p.index is not None else 0)
        )
        if len(problems) > MAX_PROBLEMS:
            # Keep the first problem of every code, then the earliest others.
            kept: dict[int, Problem] = {}
            for position, problem in enumerate(problems):
                if all(p.code != problem.code for p in kept.values()):
                    kept[position] = problem
            for position, problem in enumerate(problems):
                if len(kept) >= MAX_PROBLEMS - 1:
                    break
                kept.setdefault(position, problem)
            extra = len(problems) - len(kept)
            problems = [kept[position] for position in sorted(kept)]
            problems.append(Problem("more_problems", None, f"and {extra} more problems"))
        return Report(
            source=source,
            problems=tuple(problems),
            checkpoint=signed[0] if signed else None,
            note=signed[1] if signed else None,
            entries_checked=entries_checked,
            root=root,
            keys=tuple(str(k) for k in keys),
            notices=tuple(self.notices),
        )


def _apply_rotations(ring: KeyRing, rotations: list[Entry], size: int, verdict: _Verdict) -> None:
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


def _open_signed(
    note: str, keys: list[VerifierKey], what: str, verdict: _Verdict
) -> Checkpoint | None:
    try:
        return open_checkpoint(note, keys).checkpoint
    except NoteError as exc:
        verdict.add("bad_signature", None, f"{what}: {exc.message}")
    except CheckpointError as exc:
        verdict.add("bad_checkpoint", None, f"{what}: {exc.message}")
    return None


def _compare_with_trusted(
    trusted: Checkpoint,
    checkpoint: Checkpoint,
    extension_problem: Callable[[], str | None],
    verdict: _Verdict,
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


def _unvouched(first: int, verdict: _Verdict) -> None:
    verdict.add(
        "unsigned_entries",
        first,
        f"the entries up to {first - 1} are those of the trusted checkpoint, but no trusted "
        f"signature vouches for entry {first} and after",
    )


def verify_export(
    path: str | os.PathLike[str],
    *,
    public_key: VerifierKey | None = None,
    trusted: str | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> Report:
    """Verify an export file. ``public_key`` is the journal's first key (else the export's
    own first key is trusted on first use); ``trusted`` is a checkpoint note saved earlier.
    ``jobs`` processes check entries in parallel (default: up to 2 for large files).
    Raises :class:`SourceError` when the file cannot be read."""
    source = os.fspath(path)
    verdict = _Verdict()
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed in the finally below
    except OSError as exc:
        raise SourceError(f"cannot read {source}: {exc.strerror}") from None
    try:
        return _verify_export_stream(
            handle,
            source,
            verdict,
            public_key,
            trusted,
            jobs,
            progress,
            os.fstat(handle.fileno()).st_size,
        )
    except OSError as exc:
        raise SourceError(f"cannot read {source}: {exc}") from None
    finally:
        handle.close()


def _footer_span(handle: IO[bytes], file_size: int) -> tuple[int, bytes]:
    """The offset and bytes of the last line of the file (without its newline)."""
    tail = 1 << 16
    while True:
        start = max(0, file_size - tail)
        handle.seek(start)
        chunk = handle.read(file_size - start)
        body = chunk[:-1] if chunk.endswith(b"\n") else chunk
        cut = body.rfind(b"\n")
        if cut >= 0 or start == 0:
            return start + cut + 1, body[cut + 1 :]
        tail *= 4


def _blocks(
    handle: IO[bytes], begin: int, end: int, cuts: list[int], block_size: int
) -> Iterator[tuple[bytes, int, int]]:
    """Runs of whole entry lines from byte ``begin`` to ``end``, each with the index of its
    first entry and its offset in the file; a run never spans an index in ``cuts`` (a run
    ends just before it)."""
    handle.seek(begin)
    position = 0
    data_offset = begin
    pending = sorted(set(cuts))
    carry = b""
    remaining = end - begin
    while remaining > 0 or carry:
        chunk = handle.read(min(block_size, remaining)) if remaining > 0 else b""
        remaining = remaining - len(chunk) if chunk else 0
        data = carry + chunk
        if remaining > 0:
            last = data.rfind(b"\n")
            if last < 0:
                carry = data
                continue
            data, carry = data[: last + 1], data[last + 1 :]
        else:
            carry = b""  # the last line may lack its newline: it still counts
        while data:
            count = data.count(b"\n") + (not data.endswith(b"\n"))
            while pending and pending[0] <= position:
                pending.pop(0)
            if pending and pending[0] < position + count:
                offset = -1
                for _ in range(pending[0] - position):
                    offset = data.index(b"\n", offset + 1)
                head, data = data[: offset + 1], data[offset + 1 :]
                yield head, position, data_offset
                data_offset += len(head)
                position += pending[0] - position
            else:
                yield data, position, data_offset
                data_offset += len(data)
                position += count
                data = b""


def _verify_export_stream(
    handle: IO[bytes],
    source: str,
    verdict: _Verdict,
    public_key: VerifierKey | None,
    trusted_note: str | None,
    jobs: int | None,
    progress: Progress | None,
    file_size: int,
) -> Report:
    header_line = handle.readline()
    try:
        header = ExportHeader.parse(header_line.rstrip(b"\n"))
    except ExportFormatError as exc:
        verdict.add("bad_export", None, exc.message)
        return verdict.report(source, signed=None, entries_checked=0, root=None, keys=())
    begin = handle.tell()
    footer_at, footer_line = _footer_span(handle, file_size)
    note: str | None = None
    if footer_at >= begin and footer_line.startswith(_FOOTER_PREFIX):
        try:
            note = parse_footer(footer_line)
        except ExportFormatError as exc:
            verdict.add("bad_export", None, exc.message)
    else:
        footer_at = file_size  # every line after the header is read as an entry
        verdict.add("bad_export", None, "the export ends without its checkpoint line")

    try:
        commune = commune_of_origin(header.origin)
    except CheckpointError as exc:
        verdict.add("bad_export", None, exc.message)
        return verdict.report(source, signed=None, entries_checked=0, root=None, keys=())

    # Sizes at which a root is needed: the checkpoint's (and the header's) and the trusted one's.
    checkpoint: Checkpoint | None = None
    if note is not None:
        try:
            checkpoint = read_checkpoint(note)
        except CheckpointError as exc:
            verdict.add("bad_checkpoint", None, exc.message)
    trusted: Checkpoint | None = None
    if trusted_note is not None:
        try:
            trusted = read_checkpoint(trusted_note)
        except CheckpointError as exc:
            raise SourceError(f"the trusted checkpoint is unreadable: {exc.message}") from None
    cuts = [header.size]
    if checkpoint is not None:
        cuts.append(checkpoint.size)
    if trusted is not None:
        cuts.append(trusted.size)

    expected_total = checkpoint.size if checkpoint else header.size
    compact = CompactRange()
    declared_compact: CompactRange | None = None
    roots: dict[int, tuple[bytes, bytes | None]] = {0: (compact.root(), None)}
    rotations: list[Entry] = []
    hash_mismatches: list[int] = []

    def merge(block: _Block) -> None:
        nonlocal declared_compact
        if block.declared is not None and declared_compact is None:
            declared_compact = CompactRange()
            for node in compact.subtrees:
                declared_compact.append_subtree(node.level, node.hash)
        for level, digest in block.subtrees:
            compact.append_subtree(level, digest)
        if declared_compact is not None:
            for level, digest in block.declared or block.subtrees:
                declared_compact.append_subtree(level, digest)
        verdict.problems.extend(block.problems)
        rotations.extend(block.rotations)
        hash_mismatches.extend(block.hash_mismatches)
        if compact.end in cuts:
            roots[compact.end] = (
                compact.root(),
                declared_compact.root() if declared_compact is not None else None,
            )
        if progress is not None:
            progress(compact.end, expected_total)

    blocks = _blocks(handle, begin, footer_at, cuts, BLOCK_BYTES)
    workers = (
        jobs if jobs is not None else (min(2, os.cpu_count() or 1) if file_size > 1 << 25 else 1)
    )
    if workers <= 1:
        for data, start, _ in blocks:
            merge(_check_export_block(data, start, commune))
    else:
        _run_parallel(source, blocks, commune, workers, merge)

    count = compact.end
    if header.size != expected_total:
        verdict.add(
            "bad_export",
            None,
            f"the header says {header.size} entries, the checkpoint {expected_total}",
        )

    # Keys: the one given, else the export's first key (trust on first use).
    keys: list[VerifierKey] = []
    if public_key is not None:
        keys.append(public_key)
    elif header.public_keys:
        try:
            keys.append(VerifierKey.parse(header.public_keys[0]))
            verdict.notices.append(
                "the key was taken from the export itself (trust on first use): "
                "compare it with the journal's published key"
            )
        except KeyFormatError as exc:
            verdict.add("bad_export", None, f"the export's first key: {exc.message}")
    ring = KeyRing(header.origin, keys)

    signed: tuple[Checkpoint, str] | None = None
    recomputed: bytes | None = None
    if checkpoint is not None and note is not None:
        _apply_rotations(ring, rotations, checkpoint.size, verdict)
        opened = _open_signed(
            note, ring.keys_for(checkpoint.size), "the export's checkpoint", verdict
        )
        if opened is not None:
            signed = (opened, note)
        if checkpoint.origin != header.origin:
            verdict.add(
                "origin_mismatch",
                None,
                f"the checkpoint is of {checkpoint.origin!r}, the header says {header.origin!r}",
            )
        if count < checkpoint.size:
            verdict.add(
                "missing_entries",
                count,
                f"the export holds {count} entries, the checkpoint {checkpoint.size}: "
                f"entries from {count} on are missing",
            )
        elif count > checkpoint.size:
            verdict.add(
                "unsigned_entries",
                checkpoint.size,
                f"{count - checkpoint.size} entries follow the {checkpoint.size} the checkpoint "
                f"signs: entry {checkpoint.size} on are not part of the signed log",
            )
        if checkpoint.size in roots:
            recomputed, declared_root = roots[checkpoint.size]
            _judge_root(checkpoint, recomputed, declared_root, hash_mismatches, verdict)
        elif count >= checkpoint.size:
            verdict.add("root_mismatch", None, "the root could not be recomputed")

        if trusted is not None and trusted_note is not None:
            trusted_root = trusted.root
            prefix = roots.get(trusted.size, (None, None))[0]

            def recomputed_extension() -> str | None:
                # The export holds the whole log: recompute the trusted size's root.
                if prefix is None or prefix == trusted_root:
                    return None
                return (
                    f"the log's first {trusted.size} entries do not give the trusted "
                    "checkpoint's root: the log has been rewritten within them"
                )

            if _open_signed(trusted_note, ring.keys, "the trusted checkpoint", verdict):
                _compare_with_trusted(trusted, checkpoint, recomputed_extension, verdict)
                if signed is None and prefix == trusted_root and trusted.size < count:
                    _unvouched(trusted.size, verdict)
    elif hash_mismatches:
        verdict.add(
            "leaf_hash_mismatch",
            hash_mismatches[0],
            f"entry {hash_mismatches[0]} does not hash to the leaf hash written beside it",
        )
    return verdict.report(
        source, signed=signed, entries_checked=count, root=recomputed, keys=ring.keys
    )


def _judge_root(
    checkpoint: Checkpoint,
    recomputed: bytes,
    declared_root: bytes | None,
    hash_mismatches: list[int],
    verdict: _Verdict,
) -> None:
    mismatches = [i for i in hash_mismatches if i < checkpoint.size]
    if recomputed == checkpoint.root:
        if mismatches:  # the log is intact; the export's copies of its leaf hashes are not
            verdict.add(
                "leaf_hash_mismatch",
                mismatches[0],
                f"entry {mismatches[0]} is intact but the leaf hash written beside it is wrong",
            )
        return
    if mismatches and declared_root == checkpoint.root:
        # The declared leaf hashes fold to the signed root, so they are the log's own: the
        # first entry that does not hash to its declared leaf hash is the first altered one.
        verdict.add(
            "entry_altered",
            mismatches[0],
            f"entry {mismatches[0]} is not the entry the log signed (its bytes were changed)",
        )
        return
    first = mismatches[0] if mismatches else None
    verdict.add(
        "root_mismatch",
        first,
        f"the entries give root {b64encode(recomputed)}, the checkpoint signs "
        f"{b64encode(checkpoint.root)}"
        + (
            f"; entry {first} is the first that does not match its leaf hash"
            if first is not None
            else ""
        ),
    )


def _check_export_range(path: str, offset: int, length: int, start: int, commune: str) -> _Block:
    """A worker reads its block from the file itself: no copy of the export through pipes."""
    with open(path, "rb") as handle:
        handle.seek(offset)
        data = handle.read(length)
    return _check_export_block(data, start, commune)


def _run_parallel(
    path: str,
    blocks: Iterator[tuple[bytes, int, int]],
    commune: str,
    workers: int,
    merge: Callable[[_Block], None],
) -> None:
    import multiprocessing

    # "spawn": the caller may run threads (a progress bar); forking those is unsafe.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        window: deque[Future[_Block]] = deque()
        for data, start, offset in blocks:
            job = pool.submit(_check_export_range, path, offset, len(data), start, commune)
            window.append(job)
            if len(window) >= 2 * workers + 1:
                merge(window.popleft().result())
        while window:
            merge(window.popleft().result())


# --- A live server -------------------------------------------------------------------------


class _Http:
    def __init__(self, base_url: str, timeout: float) -> None:
        self.base = base_url.rstrip("/") + API
        self.timeout = timeout

    def get(self, path: str, **params: int) -> bytes:
        url = self.base + path
        if params:
            url += "?" + urllib.parse.urlencode(params)
        request = urllib.request.Request(url, headers={"User-Agent": "commune-journal-verify/1"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body: bytes = response.read()
                return body
        except urllib.error.HTTPError as exc:
            raise SourceError(f"GET {url}: HTTP {exc.code}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise SourceError(f"GET {url}: {reason}") from None

    def get_json(self, path: str, **params: int) -> dict[str, Any]:
        body = self.get(path, **params)
        try:
            value = json.loads(body)
        except ValueError:
            raise SourceError(f"{path}: the server did not answer JSON") from None
        if not isinstance(value, dict):
            raise SourceError(f"{path}: the server did not answer a JSON object")
        return value

    def hashes(self, path: str, **params: int) -> list[bytes]:
        value = self.get_json(path, **params)
        hashes = value.get("hashes")
        if not isinstance(hashes, list) or not all(isinstance(h, str) for h in hashes):
            raise SourceError(f"{path}: the answer has no list of hashes")
        try:
            return [_a2b(h.encode("ascii"), strict_mode=True) for h in hashes]
        except (binascii.Error, UnicodeEncodeError):
            raise SourceError(f"{path}: a hash is not base64") from None


def verify_url(
    base_url: str,
    *,
    public_key: VerifierKey | None = None,
    trusted: str | None = None,
    progress: Progress | None = None,
    timeout: float = 30.0,
) -> Report:
    """Verify the journal served at ``base_url`` (``https://host``) through its JSON API.

    Raises :class:`SourceError` when the server cannot be reached or answers nonsense."""
    http = _Http(base_url, timeout)
    verdict = _Verdict()
    keys: list[VerifierKey] = []
    if public_key is None:
        text = http.get("/public-key").decode("utf-8", "replace").strip()
        try:
            keys.append(VerifierKey.parse(text))
        except KeyFormatError as exc:
            raise SourceError(f"the server's public key: {exc.message}") from None
        verdict.notices.append(
            "the key was fetched from the server (trust on first use): "
            "compare it with the journal's published key"
        )
    else:
        keys.append(public_key)
    try:
        note = http.get("/checkpoint").decode("utf-8")
    except UnicodeDecodeError:
        raise SourceError("the checkpoint is not UTF-8") from None
    try:
        checkpoint = read_checkpoint(note)
        commune = commune_of_origin(checkpoint.origin)
    except CheckpointError as exc:
        verdict.add("bad_checkpoint", None, exc.message)
        return verdict.report(base_url, signed=None, entries_checked=0, root=None, keys=keys)
    trusted_cp: Checkpoint | None = None
    if trusted is not None:
        try:
            trusted_cp = read_checkpoint(trusted)
        except CheckpointError as exc:
            raise SourceError(f"the trusted checkpoint is unreadable: {exc.message}") from None

    size = checkpoint.size
    tree = MemoryTree()
    block = _Block(0)
    start = 0
    while start < size:
        end = min(start + PAGE_SIZE, size)
        items = http.get_json("/entries", start=start, end=end).get("entries")
        if not isinstance(items, list):
            raise SourceError(f"/entries?start={start}&end={end}: the answer has no entries list")
        if not items:  # a shorter page is only a smaller page; an empty one ends the log
            block.problems.append(
                Problem(
                    "missing_entries",
                    start,
                    f"the server gives no entry from {start} on, the checkpoint signs {size}",
                )
            )
            break
        for offset, item in enumerate(items[: end - start]):
            _check_item(start + offset, item, commune, tree, block)
        start += min(len(items), end - start)
        if progress is not None:
            progress(start, size)
    verdict.problems.extend(block.problems)

    ring = KeyRing(checkpoint.origin, keys)
    _apply_rotations(ring, block.rotations, size, verdict)
    opened = _open_signed(note, ring.keys_for(size), "the server's checkpoint", verdict)
    recomputed: bytes | None = None
    if tree.size == size:
        recomputed = tree.root()
        if recomputed != checkpoint.root:
            bad = _bisect(http, tree, checkpoint)
            verdict.add(
                "entry_altered" if bad is not None else "root_mismatch",
                bad,
                (
                    f"entry {bad} is not the entry the log signed "
                    "(found with the server's consistency proofs)"
                    if bad is not None
                    else f"the entries give root {b64encode(recomputed)}, the checkpoint "
                    f"signs {b64encode(checkpoint.root)}"
                ),
            )
    if trusted_cp is not None and trusted is not None and opened is not None:
        old = trusted_cp

        def proven_extension() -> str | None:
            # RFC 9162 §2.1.4: the server proves its new tree head extends the trusted one.
            try:
                proof = http.hashes("/proof/consistency", first=old.size, second=size)
            except SourceError as exc:
                return f"the server proves no consistency from the trusted checkpoint ({exc})"
            if verify_consistency(old.size, size, old.root, checkpoint.root, proof):
                return None
            return (
                f"the server's consistency proof from size {old.size} to {size} fails: "
                f"the log has been rewritten within its first {old.size} entries"
            )

        if _open_signed(trusted, ring.keys, "the trusted checkpoint", verdict):
            _compare_with_trusted(trusted_cp, checkpoint, proven_extension, verdict)
    elif trusted_cp is not None and trusted is not None:
        old_size = trusted_cp.size
        if (
            _open_signed(trusted, ring.keys, "the trusted checkpoint", verdict)
            and old_size < tree.size
            and tree.root(old_size) == trusted_cp.root
        ):
            _unvouched(old_size, verdict)
    signed = (opened, note) if opened is not None else None
    return verdict.report(
        base_url, signed=signed, entries_checked=tree.size, root=recomputed, keys=ring.keys
    )


def _check_item(position: int, item: Any, commune: str, tree: MemoryTree, block: _Block) -> None:
    if not isinstance(item, dict):
        block.problems.append(Problem("bad_line", position, f"entry {position} is not an object"))
        tree.append_leaf_hash(_sha256(b"\x01").digest())
        return
    index, data, kind, at = item.get("index"), item.get("data"), item.get("kind"), item.get("at")
    raw: bytes | None = None
    if isinstance(data, str):
        try:
            raw = _a2b(data.encode("ascii"), strict_mode=True)
            if _b2a(raw, newline=False).decode("ascii") != data:
                raw = None
        except (binascii.Error, UnicodeEncodeError):
            raw = None
    if raw is None or not isinstance(kind, str) or not isinstance(at, str):
        block.problems.append(
            Problem("bad_line", position, f"entry {position}: data, kind or at is malformed")
        )
        tree.append_leaf_hash(_sha256(b"\x01" + repr(item).encode()).digest())
        return
    tree.append(raw)
    if index != position:
        block.problems.append(
            Problem(
                "index_mismatch",
                position,
                f"the server gave entry {index!r} where entry {position} belongs",
            )
        )
    _check_entry(position, raw, kind, at, commune, block, index if type(index) is int else -1)


def _bisect(http: _Http, tree: MemoryTree, checkpoint: Checkpoint) -> int | None:
    """The first entry at which the fetched entries stop being a prefix of the signed tree,
    by bisection on "the first m entries are consistent with the checkpoint"."""
    size = checkpoint.size

    def is_good_prefix(first: int) -> bool:
        try:
            proof = http.hashes("/proof/consistency", first=first, second=size)
        except SourceError:
            return False
        return verify_consistency(first, size, tree.root(first), checkpoint.root, proof)

    good, bad = 0, size  # the empty prefix is good; the whole is not
    while bad - good > 1:
        middle = (good + bad) // 2
        if is_good_prefix(middle):
            good = middle
        else:
            bad = middle
    return good if good < size else None


def describe(error: LedgerError) -> str:
    """One line for an error, for the command line."""
    return f"{error.code}: {error.message}"
