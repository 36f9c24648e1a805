"""Before signing, a server proves from what it stores that its head extends the last one it
signed (``commune.ledger.extension``); any rewrite, cut or altered hash is named."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commune.ledger.checkpoint import Checkpoint
from commune.ledger.errors import InconsistentLogError
from commune.ledger.extension import StoredRow, extend_signed_head
from commune.ledger.merkle import MemoryTree, completed_ranges

from .conftest import ORIGIN, FixtureLog, build_log

LOG = build_log(70)


class Store:
    """A server's stored log: entries with their leaf hashes, and every subtree hash."""

    def __init__(self, log: FixtureLog) -> None:
        self.rows: list[StoredRow] = [
            (index, data, log.tree.leaf_hash(index)) for index, data in enumerate(log.entries)
        ]
        tree = log.tree
        self.nodes = {
            (level, index): tree.store.get(level, index)
            for level in range(tree.size.bit_length())
            for index in range(tree.store.count(level))
        }

    def get(self, level: int, index: int) -> bytes:
        return self.nodes[(level, index)]

    def completed(self, begin: int, end: int) -> Mapping[tuple[int, int], bytes]:
        keys = [(lvl, i) for lvl, a, b in completed_ranges(begin, end) for i in range(a, b)]
        return {key: self.nodes[key] for key in keys if key in self.nodes}

    def extend(self, previous: Checkpoint | None, size: int, head_root: bytes | None) -> bytes:
        start = previous.size if previous is not None else 0
        rows = self.rows[start:size]
        return extend_signed_head(
            commune="paris",
            previous=previous,
            previous_subtrees=self,  # type: ignore[arg-type]
            size=size,
            entries=[rows[i : i + 7] for i in range(0, len(rows), 7)],
            stored_nodes=self.completed,
            head_root=head_root,
        )


def _signed(size: int) -> Checkpoint:
    return Checkpoint(ORIGIN, size, LOG.tree.root(size))


@given(st.integers(0, 70).flatmap(lambda m: st.tuples(st.just(m), st.integers(m, 70))))
def test_a_log_that_grew_extends_its_checkpoint(sizes: tuple[int, int]) -> None:
    """From any signed size to any larger one, the root recomputed is the tree's."""
    signed, size = sizes
    previous = _signed(signed) if signed else None
    store = Store(LOG)
    assert store.extend(previous, size, LOG.tree.root(size)) == LOG.tree.root(size)


def test_a_rollback_is_refused() -> None:
    """A head smaller than the signed size."""
    with pytest.raises(InconsistentLogError, match="holds 30 entries, fewer than the 40"):
        Store(LOG).extend(_signed(40), 30, None)


def test_a_rewritten_prefix_is_refused() -> None:
    """Entries below the signed size rewritten with every hash recomputed."""
    other = build_log(10)
    other.append(payload={"n": 10, "text": "rewritten"})
    while len(other.entries) < 70:
        other.append()
    with pytest.raises(InconsistentLogError, match=r"size 40\): the log was rewritten"):
        Store(other).extend(_signed(40), 70, other.tree.root())


@pytest.mark.parametrize("index", [40, 41, 63, 69])
def test_an_altered_new_entry_is_named(index: int) -> None:
    """An entry after the signed size whose bytes no longer hash to its stored leaf."""
    store = Store(LOG)
    position, data, leaf = store.rows[index]
    store.rows[index] = (position, data.replace(b"acte", b"acta"), leaf)
    with pytest.raises(InconsistentLogError, match=f"entry {index}: its bytes do not hash"):
        store.extend(_signed(40), 70, LOG.tree.root())
    store.rows[index] = (position, store.rows[index][1], None)  # no leaf hash beside it
    with pytest.raises(InconsistentLogError, match=f"entry {index}: .* its leaf in the stored"):
        store.extend(_signed(40), 70, LOG.tree.root())


def test_an_altered_or_missing_subtree_is_named() -> None:
    """A stored subtree over new entries that is not their hash, or that is missing."""
    store = Store(LOG)
    store.nodes[(4, 3)] = b"\x00" * 32  # entries 48 to 63
    with pytest.raises(InconsistentLogError, match=r"\(level 4, index 3\), entries 48 to 63"):
        store.extend(_signed(40), 70, LOG.tree.root())
    del store.nodes[(4, 3)]
    with pytest.raises(InconsistentLogError, match=r"lacks subtree \(level 4, index 3\)"):
        store.extend(_signed(40), 70, LOG.tree.root())


def test_a_missing_entry_and_a_wrong_head_are_named() -> None:
    """A gap in the stored entries, fewer entries than the head says, another head root."""
    store = Store(LOG)
    del store.rows[50]
    with pytest.raises(InconsistentLogError, match="entry 50 is missing"):
        store.extend(_signed(40), 69, None)
    short = Store(LOG)
    short.rows = short.rows[:69]
    with pytest.raises(InconsistentLogError, match="ends at entry 68, its head says 70"):
        short.extend(_signed(40), 70, None)
    with pytest.raises(InconsistentLogError, match="head's root is not the root"):
        Store(LOG).extend(_signed(40), 70, b"\x01" * 32)


def test_an_invalid_new_entry_is_named() -> None:
    """A new entry that is not a valid entry at its own index of this commune."""
    store = Store(LOG)
    tree = MemoryTree()
    rows = [(i, LOG.entries[i], None) for i in range(70)]
    rows[44] = (44, LOG.entries[45], None)  # entry 45's bytes at index 44
    for _, data, _ in rows:
        tree.append(data)
    store.rows = rows  # type: ignore[assignment]
    store.nodes = {
        (level, index): tree.store.get(level, index)
        for level in range(tree.size.bit_length())
        for index in range(tree.store.count(level))
    }
    with pytest.raises(InconsistentLogError, match="entry 44 is not a valid entry"):
        store.extend(_signed(40), 70, tree.root())
