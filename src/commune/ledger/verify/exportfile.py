"""Verifying an export file, in parallel worker processes when it is large."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import IO

from commune.ledger import limits
from commune.ledger.checkpoint import Checkpoint, commune_of_origin, read_checkpoint
from commune.ledger.encoding import b64encode
from commune.ledger.entry import Entry
from commune.ledger.errors import (
    CheckpointError,
    ExportFormatError,
    InputTooLargeError,
    KeyFormatError,
    SourceError,
    shown,
)
from commune.ledger.export import FOOTER_PREFIX, ExportHeader, parse_footer
from commune.ledger.merkle import CompactRange
from commune.ledger.note import VerifierKey
from commune.ledger.rotation import KeyRing
from commune.ledger.verify.checks import (
    Block,
    apply_rotations,
    check_export_block,
    compare_with_trusted,
    open_signed,
    unvouched,
)
from commune.ledger.verify.report import Progress, Report, Verdict

#: Bytes of an export read at a time and handed to a worker (about 10,000 entries).
BLOCK_BYTES = 1 << 22
#: Bytes of entry lines checked at once within a block (about 500 entries): few enough for
#: their parsed entries to stay in the processor's caches (a fifth less CPU than whole blocks).
CHECK_BYTES = 1 << 17


def verify_export(
    path: str | os.PathLike[str],
    *,
    public_key: VerifierKey | None = None,
    trusted: str | None = None,
    trusted_for: Callable[[str], str | None] | None = None,
    trusted_label: str = "the trusted checkpoint",
    jobs: int | None = None,
    progress: Progress | None = None,
) -> Report:
    """Verify an export file. ``public_key`` is the journal's first key (else the export's
    own first key is trusted on first use); ``trusted`` is a checkpoint note saved earlier
    (without it, ``trusted_for(origin)`` gives one for the export's journal, if any: a trust
    store); ``trusted_label`` names its source in the messages.
    ``jobs`` processes check entries in parallel (default: up to 2 for large files).
    Raises :class:`SourceError` when the file cannot be read."""
    source = os.fspath(path)
    verdict = Verdict()
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
            trusted_for,
            trusted_label,
            jobs,
            progress,
            os.fstat(handle.fileno()).st_size,
        )
    except OSError as exc:
        raise SourceError(f"cannot read {source}: {exc}") from None
    finally:
        handle.close()


def _too_long(what: str) -> InputTooLargeError:
    limit = limits.size_text(limits.MAX_EXPORT_LINE_BYTES)
    return InputTooLargeError(
        f"{what} is longer than {limit} (the verifier's limit for a line of an export)"
    )


def _footer_span(handle: IO[bytes], file_size: int) -> tuple[int, bytes]:
    """The offset and bytes of the last line of the file (without its newline), read
    backwards from the end, never more than the line limit."""
    tail = 1 << 16
    longest = limits.MAX_EXPORT_LINE_BYTES + 1  # the line and the newline before it
    while True:
        start = max(0, file_size - min(tail, longest + 1))
        handle.seek(start)
        chunk = handle.read(file_size - start)
        body = chunk[:-1] if chunk.endswith(b"\n") else chunk
        cut = body.rfind(b"\n")
        if cut >= 0 or start == 0:
            if len(body) - cut - 1 > limits.MAX_EXPORT_LINE_BYTES:
                raise _too_long("the export's last line")
            return start + cut + 1, body[cut + 1 :]
        if tail > longest:
            raise _too_long("the export's last line")
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
            # A line is refused once more than the limit of it would be held (a line
            # without end costs at most the limit and a read block).
            last = data.rfind(b"\n")
            if last < 0:
                carry = data
                if len(carry) > limits.MAX_EXPORT_LINE_BYTES:
                    raise _too_long(f"the line of entry {position}")
                continue
            if data.find(b"\n") > limits.MAX_EXPORT_LINE_BYTES:
                raise _too_long(f"the line of entry {position}")
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
    verdict: Verdict,
    public_key: VerifierKey | None,
    trusted_note: str | None,
    trusted_for: Callable[[str], str | None] | None,
    trusted_label: str,
    jobs: int | None,
    progress: Progress | None,
    file_size: int,
) -> Report:
    header_line = handle.readline(limits.MAX_EXPORT_LINE_BYTES + 1)
    if len(header_line) > limits.MAX_EXPORT_LINE_BYTES:
        raise _too_long("the export's first line")
    try:
        header = ExportHeader.parse(header_line.rstrip(b"\n"))
    except ExportFormatError as exc:
        verdict.add("bad_export", None, exc.message)
        return verdict.report(source, signed=None, entries_checked=0, root=None, keys=())
    begin = handle.tell()
    footer_at, footer_line = _footer_span(handle, file_size)
    note: str | None = None
    if footer_at >= begin and footer_line.startswith(FOOTER_PREFIX):
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
    if trusted_note is None and trusted_for is not None:
        trusted_note = trusted_for(checkpoint.origin if checkpoint is not None else header.origin)
    trusted: Checkpoint | None = None
    if trusted_note is not None:
        try:
            trusted = read_checkpoint(trusted_note)
        except CheckpointError as exc:
            raise SourceError(f"{trusted_label} is unreadable: {exc.message}") from None
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

    def merge(block: Block) -> None:
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
            for block in _check_lines(data, start, commune):
                merge(block)
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
        apply_rotations(ring, rotations, checkpoint.size, verdict)
        opened = open_signed(
            note, ring.keys_for(checkpoint.size), "the export's checkpoint", verdict
        )
        if opened is not None:
            signed = (opened, note)
        if checkpoint.origin != header.origin:
            verdict.add(
                "origin_mismatch",
                None,
                f"the checkpoint is of {shown(checkpoint.origin)}, "
                f"the header says {shown(header.origin)}",
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
                    f"the log's first {trusted.size} entries do not give its root: "
                    "the log has been rewritten within them"
                )

            if open_signed(trusted_note, ring.keys, trusted_label, verdict):
                compare_with_trusted(
                    trusted, checkpoint, recomputed_extension, verdict, label=trusted_label
                )
                if signed is None and prefix == trusted_root and trusted.size < count:
                    unvouched(trusted.size, verdict)
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
    verdict: Verdict,
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


def _check_lines(data: bytes, start: int, commune: str) -> list[Block]:
    """Check entry lines (the first is entry ``start``) in runs of about
    :data:`CHECK_BYTES`."""
    checked = []
    begin, size = 0, len(data)
    while begin < size:
        end = data.find(b"\n", begin + CHECK_BYTES) + 1 or size
        block = check_export_block(data[begin:end], start, commune)
        checked.append(block)
        start += block.count
        begin = end
    return checked


def _check_export_range(
    path: str, offset: int, length: int, start: int, commune: str
) -> list[Block]:
    """A worker reads its block from the file itself: no copy of the export through pipes."""
    with open(path, "rb") as handle:
        handle.seek(offset)
        data = handle.read(length)
    return _check_lines(data, start, commune)


def _run_parallel(
    path: str,
    blocks: Iterator[tuple[bytes, int, int]],
    commune: str,
    workers: int,
    merge: Callable[[Block], None],
) -> None:
    """Check blocks in ``workers`` processes: this one and ``workers - 1`` helpers. Each
    helper is kept two blocks ahead (one running, one queued); the blocks that come while
    they are busy are checked here, so no process waits while there is work (and this one
    starts at once, while the helpers start up). Blocks are merged in their order."""
    import multiprocessing

    helpers = workers - 1
    # "spawn": the caller may run threads (a progress bar); forking those is unsafe.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=helpers, mp_context=context) as pool:
        window: deque[Future[list[Block]] | list[Block]] = deque()
        for data, start, offset in blocks:
            busy = sum(1 for job in window if isinstance(job, Future) and not job.done())
            if busy < 2 * helpers:
                window.append(
                    pool.submit(_check_export_range, path, offset, len(data), start, commune)
                )
            else:
                window.append(_check_lines(data, start, commune))
            while window and (isinstance(window[0], list) or window[0].done()):
                _merge_next(window, merge)
        while window:
            _merge_next(window, merge)


def _merge_next(
    window: deque[Future[list[Block]] | list[Block]], merge: Callable[[Block], None]
) -> None:
    job = window.popleft()
    for block in job if isinstance(job, list) else job.result():
        merge(block)
