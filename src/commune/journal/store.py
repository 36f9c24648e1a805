"""The Merkle tree's perfect-subtree hashes, read from the database for `commune.ledger`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection

from commune.communes.models import Commune
from commune.journal.models import TreeNode
from commune.ledger.errors import MissingHashError
from commune.ledger.merkle import NodeKey


class DatabaseHashStore:
    """A `commune.ledger.merkle.HashStore` over the rows of one commune's tree.

    The pure core names the O(log n) nodes a root or proof needs; they are read
    here in one statement, then served from memory. The statement is written by
    hand because building it through the ORM costs more than running it: on
    SQLite one branch per tree level, each an index lookup on (commune, level,
    index); on PostgreSQL the keys as two arrays joined on that index.
    """

    def __init__(self, commune: Commune, keys: Iterable[NodeKey]) -> None:
        by_level: dict[int, set[int]] = {}
        for level, index in keys:
            by_level.setdefault(level, set()).add(index)
        self._hashes: dict[tuple[int, int], bytes] = {}
        if not by_level:
            return
        quote = connection.ops.quote_name
        table = quote(TreeNode._meta.db_table)
        level_col, index_col = quote("level"), quote("index")
        if connection.vendor == "postgresql":
            # One plan for every proof: the keys as two arrays joined on the unique index.
            pairs = [(level, index) for level, indices in by_level.items() for index in indices]
            sql = (
                f"SELECT n.{level_col}, n.{index_col}, n.hash "
                f"FROM unnest(%s::smallint[], %s::bigint[]) AS k(level, idx) "
                f"JOIN {table} n ON n.commune_id = %s "
                f"AND n.{level_col} = k.level AND n.{index_col} = k.idx"
            )
            params: list[Any] = [[p[0] for p in pairs], [p[1] for p in pairs], commune.pk]
        else:
            branches = []
            params = []
            for level, indices in sorted(by_level.items()):
                # The commune in every branch lets SQLite use the unique index for each one.
                branches.append(
                    f"(commune_id = %s AND {level_col} = %s AND {index_col} IN "
                    f"({', '.join(['%s'] * len(indices))}))"
                )
                params += [commune.pk, level, *sorted(indices)]
            sql = f"SELECT {level_col}, {index_col}, hash FROM {table} WHERE " + " OR ".join(
                branches
            )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for level, index, digest in cursor.fetchall():
                self._hashes[(level, index)] = bytes(digest)

    def get(self, level: int, index: int) -> bytes:
        try:
            return self._hashes[(level, index)]
        except KeyError:
            raise MissingHashError(f"no stored hash for node ({level}, {index})") from None
