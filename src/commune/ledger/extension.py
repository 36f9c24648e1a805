"""Before a server signs a tree head: proof that it extends the last head it signed.

Whoever can write to a server's database (but cannot read its signing key) can rewrite
entries, and every stored hash with them, or cut the log short. A server must then refuse
to sign: the head it signs must extend the last checkpoint it signed (RFC 9162 §2.1.4), and
its stored hashes must be those of its entries, or the proofs it serves would not verify.
:func:`extend_signed_head` proves both, reading O(log n) stored hashes plus the entries
appended since that checkpoint:

1. the perfect subtrees stored for the last signed size m (:func:`~commune.ledger.merkle.
   root_keys` (m)) must fold to its signed root: by collision resistance they are then the
   subtrees that were signed, so the entries below m are still those signed (whatever their
   stored bytes say: a verifier names any that were altered, see the export's leaf hashes);
2. the entries m to n - 1 are read as stored, checked (canonical, valid, each at its own
   index in this commune), hashed, and appended to those subtrees. The root obtained is the
   head of size n, computed from the signed prefix and the entries themselves, never from
   the stored hashes of the new part: it extends the signed head by construction;
3. the hashes stored for the new part (each entry's leaf and the subtrees the new entries
   complete, about two per entry) and the root the server's head holds must be the ones
   recomputed.

With nothing signed yet, m = 0: the first checkpoint is recomputed from every entry.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence

from commune.ledger.canonical import parse_canonical_many
from commune.ledger.checkpoint import Checkpoint
from commune.ledger.entry import entries_valid, parse_entry
from commune.ledger.errors import EntryError, InconsistentLogError, MissingHashError
from commune.ledger.merkle import CompactRange, HashStore

__all__ = ["BATCH", "READ_BATCH", "StoredRow", "extend_signed_head"]

#: Entries checked at once: few enough for their parsed values to stay in the processor's
#: caches, as the verifier's runs of lines. (The stored hashes are read a batch of the
#: caller's at a time: see :data:`READ_BATCH`.)
BATCH = 512
#: Entries a caller should read from its store at once (one round trip for the entries and
#: one for the hashes they complete).
READ_BATCH = 8192

#: An entry as stored: its index, its bytes, and the leaf hash stored beside it (or None).
StoredRow = tuple[int, bytes, bytes | None]


def extend_signed_head(
    *,
    commune: str,
    previous: Checkpoint | None,
    previous_subtrees: HashStore,
    size: int,
    entries: Iterable[Sequence[StoredRow]],
    stored_nodes: Callable[[int, int], Mapping[tuple[int, int], bytes]],
    head_root: bytes | None = None,
) -> bytes:
    """The root of the tree head of ``size`` entries, proven to extend ``previous``.

    ``previous`` is the last checkpoint the server signed (None if none); ``previous_subtrees``
    holds the stored hashes of ``root_keys(previous.size)``; ``entries`` yields the stored
    entries from ``previous.size`` (or 0) to ``size - 1`` in index order, in batches (as a
    database cursor fetches them); ``stored_nodes(begin, end)`` returns the stored hashes of
    the subtrees that leaves ``begin`` to ``end - 1`` complete
    (:func:`~commune.ledger.merkle.completed_ranges`); ``head_root`` is the root the server's
    head says. Raises :class:`InconsistentLogError`, naming the entry, subtree or size at
    fault, when any of it does not hold.
    """
    compact = CompactRange()
    if previous is not None:
        signed = previous.size
        if size < signed:
            raise InconsistentLogError(
                f"the log holds {size} entries, fewer than the {signed} of the last "
                f"checkpoint signed: signing it would sign a rollback"
            )
        try:
            compact = CompactRange.from_store(previous_subtrees, signed)
        except MissingHashError as exc:
            raise InconsistentLogError(
                f"the stored tree lacks a subtree of the last checkpoint signed (size "
                f"{signed}): {exc.message}"
            ) from None
        if compact.root() != previous.root:
            raise InconsistentLogError(
                f"the stored tree no longer gives the root of the last checkpoint signed "
                f"(size {signed}): the log was rewritten within its first {signed} entries"
            )
    for rows in entries:
        rows = rows[: max(0, size - compact.end)]
        if not rows:
            break
        expected = compact.end
        indexes = [row[0] for row in rows]
        if indexes != list(range(expected, expected + len(rows))):
            index, at = next(
                (index, expected + k) for k, index in enumerate(indexes) if index != expected + k
            )
            raise InconsistentLogError(
                f"entry {at} is missing from the stored log (the next one is {index})"
                if index > at
                else f"entry {index} is stored twice or out of order"
            )
        stored = stored_nodes(expected, expected + len(rows))  # one read per batch given
        collecting = gc.isenabled()
        if collecting:  # the batch's parsed entries are many objects without cycles
            gc.disable()
        try:
            for begin in range(0, len(rows), BATCH):
                _append(compact, rows[begin : begin + BATCH], commune, stored)
        finally:
            if collecting:
                gc.enable()
    if compact.end != size:
        raise InconsistentLogError(
            f"the stored log ends at entry {compact.end - 1}, its head says {size} entries"
        )
    root = compact.root()
    if head_root is not None and head_root != root:
        raise InconsistentLogError(
            f"the head's root is not the root of its {size} entries recomputed from them"
        )
    return root


def _append(
    compact: CompactRange,
    rows: Sequence[StoredRow],
    commune: str,
    stored: Mapping[tuple[int, int], bytes],
) -> None:
    first = rows[0][0]
    datas = [row[1] for row in rows]
    values = parse_canonical_many(datas)
    if values is None or not entries_valid(values, first, commune):
        for index, data in enumerate(datas, first):  # the slow path names the entry
            try:
                parse_entry(data, index=index, commune=commune)
            except EntryError as exc:
                raise InconsistentLogError(
                    f"entry {index} is not a valid entry of this journal: {exc.message}"
                ) from None
    sha = hashlib.sha256
    leaves = [sha(b"\x00" + data).digest() for data in datas]
    beside = [row[2] for row in rows]
    if beside != leaves:
        for index, (stored_leaf, leaf) in enumerate(zip(beside, leaves, strict=True), first):
            if stored_leaf is not None and stored_leaf != leaf:
                raise InconsistentLogError(
                    f"entry {index}: its bytes do not hash to the leaf hash stored beside it "
                    "(it was altered after it was appended)"
                )
    for level, start, hashes in compact.extend_levels(leaves):
        found = [stored.get((level, node)) for node in range(start, start + len(hashes))]
        if found == hashes:
            continue
        node = start + next(k for k, (a, b) in enumerate(zip(found, hashes, strict=True)) if a != b)
        if level == 0:
            raise InconsistentLogError(
                f"entry {node}: its bytes do not hash to its leaf in the stored tree "
                "(it was altered after it was appended)"
            )
        span = f"entries {node << level} to {((node + 1) << level) - 1}"
        raise InconsistentLogError(
            f"the stored tree lacks subtree (level {level}, index {node}), {span}"
            if stored.get((level, node)) is None
            else f"the stored hash of subtree (level {level}, index {node}), {span}, "
            "is not the hash of those entries"
        )
