"""The Merkle tree's perfect-subtree hashes, read from the database for `commune.ledger`."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from commune.journal.models import TreeNode
from commune.ledger.errors import MissingHashError
from commune.ledger.merkle import NodeKey
from commune.members.models import Commune


class DatabaseHashStore:
    """A `commune.ledger.merkle.HashStore` over the rows of one commune's tree.

    The pure core names the O(log n) nodes a root or proof needs; they are read
    here in a single query, then served from memory.
    """

    def __init__(self, commune: Commune, keys: Iterable[NodeKey]) -> None:
        wanted = list(set(keys))
        self._hashes: dict[tuple[int, int], bytes] = {}
        if wanted:
            match = Q()
            for level, index in wanted:
                match |= Q(level=level, index=index)
            for level, index, digest in TreeNode.objects.filter(match, commune=commune).values_list(
                "level", "index", "hash"
            ):
                self._hashes[(level, index)] = bytes(digest)

    def get(self, level: int, index: int) -> bytes:
        try:
            return self._hashes[(level, index)]
        except KeyError:
            raise MissingHashError(f"no stored hash for node ({level}, {index})") from None
