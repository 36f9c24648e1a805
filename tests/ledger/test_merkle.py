"""The RFC 9162 Merkle tree: vectors, the recursive definitions, and tampering."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commune.ledger.errors import MissingHashError, ProofError
from commune.ledger.merkle import (
    EMPTY_ROOT,
    CompactRange,
    MappingHashStore,
    MemoryHashStore,
    MemoryTree,
    append_entries,
    consistency_proof,
    consistency_proof_keys,
    inclusion_proof,
    inclusion_proof_keys,
    leaf_hash,
    node_hash,
    root_from_store,
    root_keys,
    verify_consistency,
    verify_inclusion,
)

from . import rfc_reference as rfc


def _tree(leaves: list[bytes]) -> MemoryTree:
    tree = MemoryTree()
    tree.extend(leaves)
    return tree


def _flip(digest: bytes, bit: int) -> bytes:
    changed = bytearray(digest)
    changed[bit // 8] ^= 1 << (bit % 8)
    return bytes(changed)


LEAVES = [f"entry {i}".encode() for i in range(70)]
TREE = _tree(LEAVES)

# --- RFC 6962 vectors --------------------------------------------------------------------


def test_empty_root_is_the_hash_of_nothing(rfc6962_vectors: dict[str, Any]) -> None:
    """The tree of no leaves has the root SHA-256("")."""
    assert EMPTY_ROOT.hex() == rfc6962_vectors["empty_root"]
    assert MemoryTree().root() == EMPTY_ROOT
    assert CompactRange().root() == EMPTY_ROOT


def test_leaf_hashes_match_vectors(
    rfc6962_vectors: dict[str, Any], rfc6962_leaves: list[bytes]
) -> None:
    """Leaves hash as SHA-256(0x00 || data)."""
    assert [leaf_hash(leaf).hex() for leaf in rfc6962_leaves] == rfc6962_vectors["leaf_hashes"]


def test_roots_match_vectors(rfc6962_vectors: dict[str, Any], rfc6962_leaves: list[bytes]) -> None:
    """The root after each append, and from the store afterwards, is the published one."""
    tree = MemoryTree()
    for size, leaf in enumerate(rfc6962_leaves, start=1):
        tree.append(leaf)
        assert tree.root().hex() == rfc6962_vectors["roots"][str(size)]
    for size in range(1, 9):
        assert tree.root(size).hex() == rfc6962_vectors["roots"][str(size)]


def test_inclusion_proofs_match_vectors(
    rfc6962_vectors: dict[str, Any], rfc6962_leaves: list[bytes]
) -> None:
    """Every PATH(index, D[size]) of the vectors is produced and verifies."""
    tree = _tree(rfc6962_leaves)
    for case in rfc6962_vectors["inclusion"]:
        index, size = case["index"], case["size"]
        proof = tree.inclusion_proof(index, size)
        assert [h.hex() for h in proof] == case["path"]
        root = bytes.fromhex(rfc6962_vectors["roots"][str(size)])
        assert verify_inclusion(leaf_hash(rfc6962_leaves[index]), index, size, proof, root)


def test_consistency_proofs_match_vectors(
    rfc6962_vectors: dict[str, Any], rfc6962_leaves: list[bytes]
) -> None:
    """Every PROOF(first, D[second]) of the vectors is produced and verifies."""
    tree = _tree(rfc6962_leaves)
    roots = rfc6962_vectors["roots"]
    for case in rfc6962_vectors["consistency"]:
        first, second = case["first"], case["second"]
        proof = tree.consistency_proof(first, second)
        assert [h.hex() for h in proof] == case["proof"]
        assert verify_consistency(
            first,
            second,
            bytes.fromhex(roots[str(first)]),
            bytes.fromhex(roots[str(second)]),
            proof,
        )


# --- The recursive definitions -----------------------------------------------------------


@given(st.lists(st.binary(max_size=8), max_size=80))
def test_compact_range_root_is_the_recursive_mth(leaves: list[bytes]) -> None:
    """The O(log n) compact range gives the root of the recursive MTH definition."""
    compact = CompactRange()
    compact.extend(leaf_hash(leaf) for leaf in leaves)
    assert compact.root() == rfc.mth(leaves)
    stored = _tree(leaves)
    for size in range(len(leaves) + 1):
        assert stored.root(size) == rfc.mth(leaves[:size])


@given(st.integers(min_value=1, max_value=70), st.data())
def test_inclusion_proof_is_the_recursive_path(size: int, data: st.DataObject) -> None:
    """inclusion_proof from stored hashes equals PATH(m, D[n]) of RFC 9162 §2.1.3.1."""
    index = data.draw(st.integers(min_value=0, max_value=size - 1))
    assert TREE.inclusion_proof(index, size) == rfc.path(index, LEAVES[:size])


@given(st.integers(min_value=1, max_value=70), st.data())
def test_consistency_proof_is_the_recursive_proof(second: int, data: st.DataObject) -> None:
    """consistency_proof from stored hashes equals PROOF(m, D[n]) of RFC 9162 §2.1.4.1."""
    first = data.draw(st.integers(min_value=1, max_value=second))
    assert TREE.consistency_proof(first, second) == rfc.proof(first, LEAVES[:second])


def test_every_inclusion_proof_verifies() -> None:
    """For every size up to 70 and every index, the inclusion proof verifies."""
    for size in range(1, 71):
        root = TREE.root(size)
        for index in range(size):
            proof = TREE.inclusion_proof(index, size)
            assert verify_inclusion(TREE.leaf_hash(index), index, size, proof, root)


def test_every_consistency_proof_verifies() -> None:
    """For every 0 <= m <= n <= 70, the consistency proof verifies."""
    for second in range(0, 71):
        for first in range(0, second + 1):
            proof = TREE.consistency_proof(first, second)
            assert verify_consistency(first, second, TREE.root(first), TREE.root(second), proof)


@settings(max_examples=300)
@given(st.integers(min_value=1, max_value=70), st.data())
def test_any_flipped_bit_breaks_an_inclusion_proof(size: int, data: st.DataObject) -> None:
    """A single flipped bit in the leaf, the root or any proof hash fails verification."""
    index = data.draw(st.integers(min_value=0, max_value=size - 1))
    proof, root, leaf = TREE.inclusion_proof(index, size), TREE.root(size), TREE.leaf_hash(index)
    bit = data.draw(st.integers(min_value=0, max_value=255))
    assert not verify_inclusion(_flip(leaf, bit), index, size, proof, root)
    assert not verify_inclusion(leaf, index, size, proof, _flip(root, bit))
    if proof:
        at = data.draw(st.integers(min_value=0, max_value=len(proof) - 1))
        bad = [*proof[:at], _flip(proof[at], bit), *proof[at + 1 :]]
        assert not verify_inclusion(leaf, index, size, bad, root)


@settings(max_examples=300)
@given(st.integers(min_value=1, max_value=70), st.data())
def test_any_flipped_bit_breaks_a_consistency_proof(second: int, data: st.DataObject) -> None:
    """A single flipped bit in either root or any proof hash fails verification."""
    first = data.draw(st.integers(min_value=1, max_value=second))
    proof = TREE.consistency_proof(first, second)
    first_root, second_root = TREE.root(first), TREE.root(second)
    bit = data.draw(st.integers(min_value=0, max_value=255))
    assert not verify_consistency(first, second, _flip(first_root, bit), second_root, proof)
    assert not verify_consistency(first, second, first_root, _flip(second_root, bit), proof)
    if proof:
        at = data.draw(st.integers(min_value=0, max_value=len(proof) - 1))
        bad = [*proof[:at], _flip(proof[at], bit), *proof[at + 1 :]]
        assert not verify_consistency(first, second, first_root, second_root, bad)


@given(st.integers(min_value=1, max_value=70), st.data())
def test_proofs_for_other_positions_fail(size: int, data: st.DataObject) -> None:
    """A proof is bound to its index and size: moved, shortened or lengthened, it fails."""
    index = data.draw(st.integers(min_value=0, max_value=size - 1))
    proof, root, leaf = TREE.inclusion_proof(index, size), TREE.root(size), TREE.leaf_hash(index)
    other = data.draw(st.integers(min_value=0, max_value=size - 1).filter(lambda i: i != index))
    assert not verify_inclusion(leaf, other, size, proof, root)
    assert not verify_inclusion(leaf, index, size, [*proof, root], root)
    if proof:
        assert not verify_inclusion(leaf, index, size, proof[:-1], root)
    assert not verify_inclusion(leaf, index, index, proof, root)


def test_trivial_consistency_cases() -> None:
    """Equal sizes need equal roots and no proof; the empty tree is a prefix of any tree."""
    root = TREE.root(5)
    assert verify_consistency(5, 5, root, root, [])
    assert not verify_consistency(5, 5, root, TREE.root(6), [])
    assert not verify_consistency(5, 5, root, root, [root])
    assert verify_consistency(0, 9, EMPTY_ROOT, TREE.root(9), [])
    assert not verify_consistency(0, 9, root, TREE.root(9), [])
    assert not verify_consistency(6, 5, TREE.root(6), root, [])
    assert not verify_consistency(3, 5, TREE.root(3), root, [])


# --- Storage -------------------------------------------------------------------------------


def test_append_returns_the_nodes_to_store() -> None:
    """Appending yields the leaf and the perfect subtrees it completes, with their hashes."""
    compact = CompactRange()
    rows = [compact.append(leaf) for leaf in LEAVES[:8]]
    assert [[(n.level, n.index) for n in r] for r in rows] == [
        [(0, 0)],
        [(0, 1), (1, 0)],
        [(0, 2)],
        [(0, 3), (1, 1), (2, 0)],
        [(0, 4)],
        [(0, 5), (1, 2)],
        [(0, 6)],
        [(0, 7), (1, 3), (2, 1), (3, 0)],
    ]
    assert rows[-1][-1].hash == rfc.mth(LEAVES[:8])
    assert rows[5][-1].hash == rfc.mth(LEAVES[4:6])


@given(st.integers(min_value=0, max_value=70))
def test_compact_range_reloads_from_the_store(size: int) -> None:
    """A range rebuilt from the stored roots of root_keys continues the log correctly."""
    compact = CompactRange.from_store(TREE.store, size)
    assert compact.root() == TREE.root(size)
    for leaf in LEAVES[size:]:
        compact.append(leaf)
    assert compact.root() == TREE.root()


@given(st.integers(min_value=1, max_value=70), st.data())
def test_proofs_need_only_the_listed_keys(size: int, data: st.DataObject) -> None:
    """A proof computed from just the rows of *_proof_keys (one query) is the full one, and
    needs O(log n) rows."""
    index = data.draw(st.integers(min_value=0, max_value=size - 1))
    first = data.draw(st.integers(min_value=0, max_value=size))
    for keys, make in (
        (inclusion_proof_keys(index, size), lambda s: inclusion_proof(s, index, size)),
        (consistency_proof_keys(first, size), lambda s: consistency_proof(s, first, size)),
        (root_keys(size), lambda s: root_from_store(s, size)),
    ):
        assert len(keys) <= 2 * size.bit_length() + 1
        rows = {(k.level, k.index): TREE.store.get(k.level, k.index) for k in keys}
        assert make(MappingHashStore(rows)) == make(TREE.store)


def test_missing_rows_are_named() -> None:
    """A store without a needed row says which node is missing."""
    with pytest.raises(MissingHashError, match=r"level 0, index 3"):
        inclusion_proof(MappingHashStore({}), 2, 4)
    with pytest.raises(MissingHashError):
        MemoryHashStore().get(0, 0)


def test_impossible_proofs_are_refused() -> None:
    """An index outside the tree or sizes in the wrong order are errors, not empty proofs."""
    with pytest.raises(ProofError):
        TREE.inclusion_proof(5, 5)
    with pytest.raises(ProofError):
        TREE.consistency_proof(6, 5)
    with pytest.raises(ProofError):
        TREE.inclusion_proof(0, 71)


def test_store_refuses_out_of_order_and_rewritten_nodes() -> None:
    """The in-memory store is append-only: a gap or a different hash is refused."""
    store = MemoryHashStore()
    store.put(0, 0, b"a" * 32)
    store.put(0, 0, b"a" * 32)
    with pytest.raises(ValueError):
        store.put(0, 0, b"b" * 32)
    with pytest.raises(ValueError):
        store.put(0, 2, b"a" * 32)


@given(st.integers(min_value=0, max_value=40), st.integers(min_value=0, max_value=40))
def test_ranges_hashed_in_blocks_merge_to_the_root(cut: int, more: int) -> None:
    """Blocks hashed separately (as the verifier's workers do) merge to the same root."""
    leaves = LEAVES[: cut + more]
    left, right = CompactRange(), CompactRange(begin=cut)
    left.extend(leaf_hash(x) for x in leaves[:cut])
    right.extend(leaf_hash(x) for x in leaves[cut:])
    for node in right.subtrees:
        left.append_subtree(node.level, node.hash)
    assert left.root() == rfc.mth(leaves)
    assert left.end == len(leaves)


def test_node_hash_is_prefixed() -> None:
    """Interior nodes hash as SHA-256(0x01 || left || right)."""
    left, right = b"l" * 32, b"r" * 32
    assert node_hash(left, right) == hashlib.sha256(b"\x01" + left + right).digest()


@given(st.integers(min_value=0, max_value=40), st.integers(min_value=0, max_value=30))
def test_append_entries_from_a_store(size: int, more: int) -> None:
    """Appending from stored rows returns exactly the nodes a full tree stores, and its root;
    it reads only the rows of root_keys."""
    keys = root_keys(size)
    rows = {(k.level, k.index): TREE.store.get(k.level, k.index) for k in keys}
    nodes, root = append_entries(MappingHashStore(rows), size, LEAVES[size : size + more])
    assert root == TREE.root(size + more)
    for level, index, digest in nodes:
        assert TREE.store.get(level, index) == digest
    assert sum(1 for n in nodes if n.level == 0) == more


@given(st.integers(min_value=0, max_value=300), st.integers(min_value=0, max_value=300))
def test_extend_levels_completes_what_append_completes(begin: int, count: int) -> None:
    """Appending leaves a level at a time gives the nodes that appending them one by one
    gives, exactly those completed_ranges names, and the same range."""
    from commune.ledger.merkle import completed_ranges

    leaves = [hashlib.sha256(str(i).encode()).digest() for i in range(begin + count)]
    one_by_one, by_levels = CompactRange(), CompactRange()
    one_by_one.extend(leaves[:begin])
    by_levels.extend(leaves[:begin])
    expected = {}
    for leaf in leaves[begin:]:
        for node in one_by_one.append_leaf_hash(leaf):
            expected[(node.level, node.index)] = node.hash
    levels = by_levels.extend_levels(leaves[begin:])
    assert {(lvl, a + k): h for lvl, a, hs in levels for k, h in enumerate(hs)} == expected
    assert [(lvl, a, a + len(hs)) for lvl, a, hs in levels] == completed_ranges(
        begin, begin + count
    )
    assert by_levels.subtrees == one_by_one.subtrees and by_levels.root() == one_by_one.root()
