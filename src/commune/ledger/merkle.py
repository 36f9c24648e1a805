"""The RFC 9162 §2.1 Merkle tree of the Journal officiel, its proofs, and their storage.

Hashing (RFC 9162 §2.1.1, unchanged from RFC 6962): SHA-256; the hash of the empty tree is
``SHA-256("")``; a leaf hashes as ``SHA-256(0x00 || entry bytes)``; an interior node as
``SHA-256(0x01 || left || right)``; a tree of n > 1 leaves splits at the largest power of two
k < n into a left tree of k leaves and a right tree of n - k.

Storage. Every node of every tree head is the root of a *perfect subtree*: 2**level leaves
starting at leaf ``index * 2**level``. We name it ``(level, index)``; its hash never changes
once the log holds its last leaf. Appending a leaf creates the leaf node and the perfect
subtrees it completes (:meth:`CompactRange.append` returns them, two on average): a database
stores them under ``(level, index)`` and never updates them. From those stored hashes alone,

- the root of any size n is the fold of the perfect subtrees given by the bits of n
  (:func:`root_keys`, at most log2(n) reads);
- an inclusion or consistency proof is a list of perfect subtrees, plus at most one
  "ephemeral" node on the right edge of the tree that is itself the fold of a few perfect
  subtrees (:func:`inclusion_proof_keys`, :func:`consistency_proof_keys`: O(log n) keys a
  database reads in one query, then :func:`inclusion_proof` computes the proof).

The idea is that of the compact ranges of transparency-dev/merkle; the code is ours.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import NamedTuple, Protocol

from commune.ledger.errors import MissingHashError, ProofError

__all__ = [
    "EMPTY_ROOT",
    "HASH_SIZE",
    "CompactRange",
    "HashStore",
    "MappingHashStore",
    "MemoryHashStore",
    "MemoryTree",
    "Node",
    "NodeKey",
    "append_entries",
    "completed_ranges",
    "consistency_proof",
    "consistency_proof_keys",
    "inclusion_proof",
    "inclusion_proof_keys",
    "leaf_hash",
    "node_hash",
    "range_subtrees",
    "root_from_store",
    "root_keys",
    "verify_consistency",
    "verify_inclusion",
]

HASH_SIZE = 32
_sha256 = hashlib.sha256
_LEAF_PREFIX = b"\x00"  # RFC 9162 §2.1.1: domain separation of leaves ...
_NODE_PREFIX = b"\x01"  # ... and interior nodes, against second-preimage attacks.

#: MTH({}) = SHA-256() (RFC 9162 §2.1.1).
EMPTY_ROOT = _sha256(b"").digest()


def leaf_hash(data: bytes) -> bytes:
    """``SHA-256(0x00 || data)``: the hash of a leaf (RFC 9162 §2.1.1)."""
    return _sha256(_LEAF_PREFIX + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """``SHA-256(0x01 || left || right)``: the hash of an interior node (RFC 9162 §2.1.1)."""
    return _sha256(_NODE_PREFIX + left + right).digest()


class NodeKey(NamedTuple):
    """A perfect subtree: ``2**level`` leaves starting at leaf ``index * 2**level``."""

    level: int
    index: int  # type: ignore[assignment]  # shadows tuple.index(): the RFC's word for it


class Node(NamedTuple):
    """A perfect subtree and its hash: one row for the store."""

    level: int
    index: int  # type: ignore[assignment]  # shadows tuple.index(), as in NodeKey
    hash: bytes


class HashStore(Protocol):
    """Where the hashes of perfect subtrees are kept. ``get`` raises MissingHashError."""

    def get(self, level: int, index: int) -> bytes: ...


class MappingHashStore:
    """A store over a mapping ``(level, index) -> hash``: wrap the rows a database returned
    for :func:`inclusion_proof_keys` (one query), then call :func:`inclusion_proof`."""

    __slots__ = ("_hashes",)

    def __init__(self, hashes: Mapping[tuple[int, int], bytes]) -> None:
        self._hashes = hashes

    def get(self, level: int, index: int) -> bytes:
        try:
            return self._hashes[(level, index)]
        except KeyError:
            raise MissingHashError(
                f"no stored hash for node (level {level}, index {index})"
            ) from None


class MemoryHashStore:
    """Every perfect-subtree hash of a log, in one ``bytearray`` per level (32 bytes a node).

    Nodes must be put in the order a log creates them: at each level, index 0, 1, 2, ...
    """

    __slots__ = ("_levels",)

    def __init__(self) -> None:
        self._levels: list[bytearray] = []

    def get(self, level: int, index: int) -> bytes:
        if 0 <= level < len(self._levels) and index >= 0:
            row = self._levels[level]
            start = index * HASH_SIZE
            if start + HASH_SIZE <= len(row):
                return bytes(row[start : start + HASH_SIZE])
        raise MissingHashError(f"no stored hash for node (level {level}, index {index})")

    def put(self, level: int, index: int, digest: bytes) -> None:
        levels = self._levels
        while len(levels) <= level:
            levels.append(bytearray())
        row = levels[level]
        count = len(row) // HASH_SIZE
        if index == count and len(digest) == HASH_SIZE:
            row += digest
        elif index < count and row[index * HASH_SIZE : (index + 1) * HASH_SIZE] == digest:
            pass  # the same node again: storing is idempotent
        else:
            raise ValueError(f"node (level {level}, index {index}) out of order or different")

    def put_many(self, nodes: Iterable[Node]) -> None:
        for level, index, digest in nodes:
            self.put(level, index, digest)

    def count(self, level: int) -> int:
        """How many nodes of ``level`` are stored."""
        return len(self._levels[level]) // HASH_SIZE if level < len(self._levels) else 0


class CompactRange:
    """The fewest perfect subtrees that cover leaves ``[begin, end)``, left to right.

    For ``begin == 0`` these are the subtrees given by the bits of ``end`` (largest first)
    and :meth:`root` is the tree head of size ``end``. Appending is O(log n) and amortised
    O(1) hashing. Ranges with ``begin > 0`` let workers hash blocks of a log in parallel; the
    caller merges them in order with :meth:`append_subtree`.
    """

    __slots__ = ("_hashes", "_levels", "begin", "end")

    def __init__(self, begin: int = 0) -> None:
        if begin < 0:
            raise ValueError("a range cannot begin before leaf 0")
        self.begin = begin
        self.end = begin
        self._levels: list[int] = []
        self._hashes: list[bytes] = []

    @classmethod
    def from_store(cls, store: HashStore, size: int) -> CompactRange:
        """The range ``[0, size)`` from the stored roots of :func:`root_keys` (size)."""
        result = cls()
        for level, index in root_keys(size):
            result.append_subtree(level, store.get(level, index))
        return result

    @property
    def subtrees(self) -> list[Node]:
        """The covering perfect subtrees, left to right."""
        nodes = []
        position = self.begin
        for level, digest in zip(self._levels, self._hashes, strict=True):
            nodes.append(Node(level, position >> level, digest))
            position += 1 << level
        return nodes

    def append(self, data: bytes) -> list[Node]:
        """Append a leaf; return the nodes to store: the leaf, then each subtree it completes."""
        return self.append_leaf_hash(_sha256(_LEAF_PREFIX + data).digest())

    def append_leaf_hash(self, digest: bytes) -> list[Node]:
        """Append a leaf given its leaf hash; return the new nodes as :meth:`append` does."""
        position = self.end
        nodes = [Node(0, position, digest)]
        end = self.end = position + 1
        levels, hashes = self._levels, self._hashes
        level = 0
        # The new node (level, end/2**level - 1) is a right child when its index is odd; its
        # left sibling is then the last subtree of the range (unless it begins before `begin`).
        while not (end >> level) & 1 and levels and levels[-1] == level:
            levels.pop()
            digest = _sha256(_NODE_PREFIX + hashes.pop() + digest).digest()
            level += 1
            nodes.append(Node(level, (end >> level) - 1, digest))
        levels.append(level)
        hashes.append(digest)
        return nodes

    def extend(self, leaf_hashes: Iterable[bytes]) -> None:
        """Append many leaves by their leaf hashes, storing nothing (the verifier's loop)."""
        levels, hashes = self._levels, self._hashes
        end = self.end
        sha, prefix = _sha256, _NODE_PREFIX
        for digest in leaf_hashes:
            end += 1
            level = 0
            while not (end >> level) & 1 and levels and levels[-1] == level:
                levels.pop()
                digest = sha(prefix + hashes.pop() + digest).digest()
                level += 1
            levels.append(level)
            hashes.append(digest)
        self.end = end

    def extend_levels(self, leaf_hashes: Sequence[bytes]) -> list[tuple[int, int, list[bytes]]]:
        """Append leaves by their leaf hashes, hashing a level at a time (one list
        comprehension per level, as :func:`range_subtrees`), and return every node they
        complete: ``(level, index of the first, hashes)`` per level, the nodes
        :func:`completed_ranges` (begin, end) names, for a store to compare with its own."""
        if self.begin != 0:
            raise ValueError("only a range that begins at leaf 0 is extended by levels")
        begin = self.end
        end = begin + len(leaf_hashes)
        # The subtree of level l of the range [0, begin) is the left sibling of the first
        # new node of level l when that node's index, begin >> l, is odd.
        left = dict(zip(self._levels, self._hashes, strict=True))
        sha, prefix = _sha256, _NODE_PREFIX
        levels: list[tuple[int, int, list[bytes]]] = []
        nodes, first, level = list(leaf_hashes), begin, 0
        while nodes:
            levels.append((level, first, nodes))
            row = [left[level], *nodes] if first & 1 else nodes
            nodes = [sha(prefix + a + b).digest() for a, b in zip(row[::2], row[1::2])]  # noqa: B905 - an odd last node waits for its sibling
            first >>= 1
            level += 1
        computed = {lvl: (start, hashes) for lvl, start, hashes in levels}
        self._levels, self._hashes = [], []
        self.end = 0
        for key in root_keys(end):
            start, hashes = computed.get(key.level, (0, []))
            if start <= key.index < start + len(hashes):
                self.append_subtree(key.level, hashes[key.index - start])
            else:  # a subtree of [0, begin) that the new leaves did not complete
                self.append_subtree(key.level, left[key.level])
        return levels

    def append_subtree(self, level: int, digest: bytes) -> None:
        """Append the perfect subtree of ``2**level`` leaves starting at :attr:`end`."""
        if self.end & ((1 << level) - 1):
            raise ValueError(f"a subtree of level {level} cannot start at leaf {self.end}")
        levels, hashes = self._levels, self._hashes
        end = self.end = self.end + (1 << level)
        while not (end >> level) & 1 and levels and levels[-1] == level:
            levels.pop()
            digest = _sha256(_NODE_PREFIX + hashes.pop() + digest).digest()
            level += 1
        levels.append(level)
        hashes.append(digest)

    def root(self) -> bytes:
        """The Merkle tree hash of the leaves in the range (RFC 9162 §2.1.1)."""
        if self.begin != 0:
            raise ValueError("only a range that begins at leaf 0 is a tree head")
        return _fold(self._hashes)

    def __repr__(self) -> str:
        return f"CompactRange(begin={self.begin}, end={self.end})"


def range_subtrees(begin: int, leaf_hashes: Sequence[bytes]) -> list[tuple[int, bytes]]:
    """The ``(level, hash)`` of the perfect subtrees covering leaves ``[begin, begin + n)``
    given their n leaf hashes, left to right: the :attr:`CompactRange.subtrees` of
    ``CompactRange(begin)`` extended with them, hashed a level at a time (the verifier's
    blocks: one list comprehension per level instead of a loop step per leaf)."""
    if begin < 0:
        raise ValueError("a range cannot begin before leaf 0")
    left: list[tuple[int, bytes]] = []
    right: list[tuple[int, bytes]] = []
    nodes = list(leaf_hashes)
    position, level = begin, 0  # the index at this level of nodes[0]
    sha, prefix = _sha256, _NODE_PREFIX
    while nodes:
        if position & 1:  # a right child whose left sibling lies before the range
            left.append((level, nodes[0]))
            del nodes[0]
            position += 1
        if len(nodes) & 1:  # a left child whose right sibling lies beyond the range
            right.append((level, nodes.pop()))
        nodes = [sha(prefix + a + b).digest() for a, b in zip(nodes[::2], nodes[1::2], strict=True)]
        position >>= 1
        level += 1
    right.reverse()
    return left + right


def append_entries(
    store: HashStore, size: int, entries: Iterable[bytes]
) -> tuple[list[Node], bytes]:
    """Append entries to a log of ``size`` leaves whose nodes are in ``store``.

    Returns the new nodes to store (each once, never updated) and the new root. Reads only
    the rows of :func:`root_keys` (size): a database fetches those in one query, wraps them in
    a :class:`MappingHashStore`, and calls this inside the transaction that appends.
    """
    compact = CompactRange.from_store(store, size)
    nodes: list[Node] = []
    for data in entries:
        nodes.extend(compact.append(data))
    return nodes, compact.root()


def _fold(hashes: Sequence[bytes]) -> bytes:
    # MTH of consecutive perfect subtrees of decreasing size: the largest is the left child
    # of the root, the rest is the right child, recursively (RFC 9162 §2.1.1).
    if not hashes:
        return EMPTY_ROOT
    digest = hashes[-1]
    for left in reversed(hashes[:-1]):
        digest = _sha256(_NODE_PREFIX + left + digest).digest()
    return digest


def _range_keys(begin: int, end: int) -> list[NodeKey]:
    """Perfect subtrees covering [begin, end), largest first, when ``begin`` is aligned to a
    power of two at least ``end - begin`` (true of every range this module folds)."""
    keys = []
    size = end - begin
    for level in range(size.bit_length() - 1, -1, -1):
        if size >> level & 1:
            keys.append(NodeKey(level, begin >> level))
            begin += 1 << level
    return keys


def root_keys(size: int) -> list[NodeKey]:
    """The stored nodes whose fold is the tree head of ``size`` (empty for size 0)."""
    if size < 0:
        raise ProofError(f"tree size {size} is negative")
    return _range_keys(0, size)


def completed_ranges(begin: int, end: int) -> list[tuple[int, int, int]]:
    """The perfect subtrees that appending leaves ``begin`` to ``end - 1`` completes (those
    :meth:`CompactRange.append` returns), as ``(level, first index, stop index)`` per level:
    node ``(level, i)`` ends at leaf ``(i + 1)·2**level``, so it is completed by the range
    when ``begin < (i + 1)·2**level ≤ end``."""
    if not 0 <= begin <= end:
        raise ProofError(f"no range of leaves from {begin} to {end}")
    ranges = []
    level = 0
    while (end >> level) > (begin >> level):
        ranges.append((level, begin >> level, end >> level))
        level += 1
    return ranges


def root_from_store(store: HashStore, size: int) -> bytes:
    """The tree head of ``size`` from stored hashes (:func:`root_keys` reads)."""
    return _fold([store.get(level, index) for level, index in root_keys(size)])


def _path_plan(level: int, index: int, size: int) -> list[list[NodeKey]]:
    """The audit path of node (level, index) in the tree of ``size`` leaves, bottom up.

    Each item is a list of perfect subtrees whose fold is one hash of the path. Below the
    level where the paths of ``index`` and of the last leaf meet ("inner"), siblings are
    perfect, except the one at the meeting level, which spans the ragged right edge of the
    tree; above it ("border"), the node lies on the right edge and its only siblings are
    perfect left siblings.
    """
    last = (size - 1) >> level
    inner = (index ^ last).bit_length()
    plan = [[NodeKey(level + i, (index >> i) ^ 1)] for i in range(inner - 1)]
    if inner:
        top = level + inner - 1
        plan.append(_range_keys((last >> (inner - 1)) << top, size))
    for i in range(inner, last.bit_length()):
        if index >> i & 1:
            plan.append([NodeKey(level + i, (index >> i) - 1)])
    return plan


def _inclusion_plan(index: int, size: int) -> list[list[NodeKey]]:
    if not 0 <= index < size:
        raise ProofError(f"leaf {index} is not in a tree of size {size}")
    return _path_plan(0, index, size)


def _consistency_plan(first: int, second: int) -> list[list[NodeKey]]:
    if not 0 <= first <= second:
        raise ProofError(f"no consistency proof from size {first} to size {second}")
    if first == 0 or first == second:
        return []  # RFC 9162 §2.1.4: nothing to prove
    # PROOF(m, D[n]) (RFC 9162 §2.1.4.1) is the largest perfect subtree ending at leaf m,
    # followed by its audit path in the tree of size n; the subtree is left out when m is a
    # power of two, because it is then the first tree head itself.
    level = (first & -first).bit_length() - 1
    index = (first - 1) >> level
    plan = _path_plan(level, index, second)
    if index:
        plan.insert(0, [NodeKey(level, index)])
    return plan


def _unique(plan: list[list[NodeKey]]) -> list[NodeKey]:
    return list(dict.fromkeys(key for item in plan for key in item))


def inclusion_proof_keys(index: int, size: int) -> list[NodeKey]:
    """The stored nodes :func:`inclusion_proof` reads (at most 2·log2(size))."""
    return _unique(_inclusion_plan(index, size))


def consistency_proof_keys(first: int, second: int) -> list[NodeKey]:
    """The stored nodes :func:`consistency_proof` reads (at most 2·log2(second) + 1)."""
    return _unique(_consistency_plan(first, second))


def _materialise(store: HashStore, plan: list[list[NodeKey]]) -> list[bytes]:
    return [_fold([store.get(level, index) for level, index in item]) for item in plan]


def inclusion_proof(store: HashStore, index: int, size: int) -> list[bytes]:
    """PATH(index, D[size]) of RFC 9162 §2.1.3.1, from stored hashes."""
    return _materialise(store, _inclusion_plan(index, size))


def consistency_proof(store: HashStore, first: int, second: int) -> list[bytes]:
    """PROOF(first, D[second]) of RFC 9162 §2.1.4.1, from stored hashes (empty when
    ``first`` is 0 or equals ``second``)."""
    return _materialise(store, _consistency_plan(first, second))


def verify_inclusion(
    leaf: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> bool:
    """Whether ``proof`` shows the leaf hash ``leaf`` at ``index`` in the tree head ``root`` of
    ``size`` leaves: the algorithm of RFC 9162 §2.1.3.2, step by step."""
    # 1. leaf_index >= tree_size fails.
    if not 0 <= index < size:
        return False
    # 2. fn = leaf_index, sn = tree_size - 1.  3. r = hash.
    fn, sn = index, size - 1
    r = leaf
    # 4. For each value p in the inclusion_path array:
    for p in proof:
        # a. If sn is 0, stop and fail.
        if sn == 0:
            return False
        # b. If LSB(fn) is set, or if fn is equal to sn:
        if fn & 1 or fn == sn:
            # i. r = HASH(0x01 || p || r)
            r = _sha256(_NODE_PREFIX + p + r).digest()
            # ii. If LSB(fn) is not set, right-shift fn and sn equally until either LSB(fn)
            # is set or fn is 0.
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            # Otherwise: r = HASH(0x01 || r || p)
            r = _sha256(_NODE_PREFIX + r + p).digest()
        # c. Right-shift both fn and sn one time.
        fn >>= 1
        sn >>= 1
    # 5. sn must be 0 and r must equal root_hash.
    return sn == 0 and r == root


def verify_consistency(
    first: int, second: int, first_root: bytes, second_root: bytes, proof: Sequence[bytes]
) -> bool:
    """Whether ``proof`` shows the tree head ``second_root`` of size ``second`` extends the
    tree head ``first_root`` of size ``first``: RFC 9162 §2.1.4.2, step by step, after the two
    cases with nothing to prove (§2.1.4: equal sizes need equal roots; the empty tree is a
    prefix of every tree)."""
    if not 0 <= first <= second:
        return False
    if first == second:
        return not proof and first_root == second_root
    if first == 0:
        return not proof and first_root == EMPTY_ROOT
    # 1. An empty consistency_path fails.
    if not proof:
        return False
    path = list(proof)
    # 2. If first is an exact power of 2, prepend first_hash to the consistency_path array.
    if first & (first - 1) == 0:
        path.insert(0, first_root)
    # 3. fn = first - 1, sn = second - 1.
    fn, sn = first - 1, second - 1
    # 4. If LSB(fn) is set, right-shift fn and sn equally until LSB(fn) is not set.
    while fn & 1:
        fn >>= 1
        sn >>= 1
    # 5. fr = sr = the first value of the path.
    fr = sr = path[0]
    # 6. For each subsequent value c in the consistency_path array:
    for c in path[1:]:
        # a. If sn is 0, stop and fail.
        if sn == 0:
            return False
        # b. If LSB(fn) is set, or if fn is equal to sn:
        if fn & 1 or fn == sn:
            # i. fr = HASH(0x01 || c || fr); sr = HASH(0x01 || c || sr)
            fr = _sha256(_NODE_PREFIX + c + fr).digest()
            sr = _sha256(_NODE_PREFIX + c + sr).digest()
            # ii. If LSB(fn) is not set, right-shift fn and sn equally until either LSB(fn)
            # is set or fn is 0.
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            # Otherwise: sr = HASH(0x01 || sr || c)
            sr = _sha256(_NODE_PREFIX + sr + c).digest()
        # c. Right-shift both fn and sn one time.
        fn >>= 1
        sn >>= 1
    # 7. fr must equal first_hash, sr must equal second_hash, and sn must be 0.
    return fr == first_root and sr == second_root and sn == 0


class MemoryTree:
    """A whole log in memory: a :class:`CompactRange` for appending and a
    :class:`MemoryHashStore` of every node for proofs. The verifier's and the tests' tree; the
    Django app keeps the same nodes in its database instead."""

    __slots__ = ("_range", "store")

    def __init__(self) -> None:
        self._range = CompactRange()
        self.store = MemoryHashStore()

    @property
    def size(self) -> int:
        return self._range.end

    def append(self, data: bytes) -> list[Node]:
        return self.append_leaf_hash(_sha256(_LEAF_PREFIX + data).digest())

    def append_leaf_hash(self, digest: bytes) -> list[Node]:
        nodes = self._range.append_leaf_hash(digest)
        put = self.store.put
        for level, index, node_digest in nodes:
            put(level, index, node_digest)
        return nodes

    def extend(self, entries: Iterable[bytes]) -> None:
        for data in entries:
            self.append(data)

    def root(self, size: int | None = None) -> bytes:
        if size is None or size == self.size:
            return self._range.root()
        if not 0 <= size <= self.size:
            raise ProofError(f"the tree has {self.size} leaves, not {size}")
        return root_from_store(self.store, size)

    def leaf_hash(self, index: int) -> bytes:
        return self.store.get(0, index)

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        size = self.size if size is None else size
        if size > self.size:
            raise ProofError(f"the tree has {self.size} leaves, not {size}")
        return inclusion_proof(self.store, index, size)

    def consistency_proof(self, first: int, second: int | None = None) -> list[bytes]:
        second = self.size if second is None else second
        if second > self.size:
            raise ProofError(f"the tree has {self.size} leaves, not {second}")
        return consistency_proof(self.store, first, second)

    def __iter__(self) -> Iterator[bytes]:
        """The leaf hashes in order."""
        return (self.store.get(0, index) for index in range(self.size))
