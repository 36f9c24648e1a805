"""Appending to the Journal officiel, inside the caller's transaction.

Every action that changes public record calls `append_entry` before it returns,
in the same `transaction.atomic` block as its change: either both the change and
its entry are committed, or neither is. The commune's tree head row is locked
first, so concurrent writers (many web processes on PostgreSQL; on SQLite
`BEGIN IMMEDIATE` already serialises them) get consecutive indices, and the new
perfect-subtree hashes are stored beside the entry (RFC 9162 §2.1, see
`commune.ledger.merkle`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.db import connection

from commune import clock
from commune.actors import Actor, actor_label
from commune.communes.models import Commune
from commune.errors import Fault
from commune.journal import kinds, signing
from commune.journal.models import JournalEntry, SigningKey, TreeHead, TreeNode
from commune.journal.store import DatabaseHashStore
from commune.ledger.entry import make_entry
from commune.ledger.errors import EntryError
from commune.ledger.merkle import EMPTY_ROOT, CompactRange, root_keys


class JournalError(Fault):
    """Programming error: an entry appended outside a transaction, or with a malformed kind."""

    code = "journal_error"


def origin_for(commune: Commune) -> str:
    """The log's name in checkpoints: `<host>/<slug>`, fixed when the journal begins."""
    return f"{settings.COMMUNE_JOURNAL_HOST}/{commune.slug}"


def _begin_journal(commune: Commune) -> None:
    """Create the tree head and the first signing key of a commune's journal."""
    origin = origin_for(commune)
    _, created = TreeHead.objects.get_or_create(
        commune=commune, defaults={"origin": origin, "root_hash": EMPTY_ROOT}
    )
    if created and not SigningKey.objects.filter(commune=commune).exists():
        key, file_name = signing.create_signer(origin)
        SigningKey.objects.create(
            commune=commune,
            verifier_key=str(key.verifier_key),
            key_file=file_name,
            created_at=clock.now(),
        )


def locked_head(commune: Commune) -> TreeHead:
    """The commune's tree head, locked until the caller's transaction ends (the journal is
    begun if it was not). Read by one plain statement: every act of every room reads it."""
    head = _read_locked_head(commune)
    if head is None:
        _begin_journal(commune)
        head = _read_locked_head(commune)
        assert head is not None
    return head


def _read_locked_head(commune: Commune) -> TreeHead | None:
    table = connection.ops.quote_name(TreeHead._meta.db_table)
    lock = " FOR UPDATE" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, size, root_hash, origin FROM {table} WHERE commune_id = %s{lock}",
            [commune.pk],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    pk, size, root_hash, origin = row
    fields = ["id", "commune_id", "size", "root_hash", "origin"]  # the model's order
    return TreeHead.from_db(connection.alias, fields, [pk, commune.pk, size, root_hash, origin])


ROWS_PER_STATEMENT = 250


def _insert(table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Insert rows in bulk: the ORM's per-object work would cost more than hashing them
    (see bench/journal_db.py), and these rows are never loaded back here.

    PostgreSQL takes them through COPY (one stream, no statement to parse); SQLite, which
    has no network round trip, through statements of many rows each.
    """
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # the psycopg cursor under Django's wrapper
            with raw.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        one = "(" + ", ".join(["%s"] * len(columns)) + ")"
        for start in range(0, len(rows), ROWS_PER_STATEMENT):
            chunk = rows[start : start + ROWS_PER_STATEMENT]
            cursor.execute(
                f"INSERT INTO {quote(table)} ({names}) VALUES " + ", ".join([one] * len(chunk)),
                [v for row in chunk for v in row],
            )


def append_entries(
    commune: Commune, acts: Sequence[tuple[str, Mapping[str, Any]]], *, actor: Actor
) -> int:
    """Append several acts `(kind, payload)` in order under one lock; returns the first index.

    Every act of an action is appended here, in the action's transaction. Each kind must
    be registered and its payload must match the kind's schema (`commune.journal.kinds`);
    the actor is named in every entry as `by`, so no action can forget to say who acted.
    """
    if not connection.in_atomic_block:
        raise JournalError("journal entries must be appended inside the action's transaction")
    by = actor_label(actor)
    checked = [
        (kind, {**kinds.check_payload(kind, payload), kinds.BY: by}) for kind, payload in acts
    ]
    head = locked_head(commune)
    tree = CompactRange.from_store(DatabaseHashStore(commune, root_keys(head.size)), head.size)
    first = tree.end
    at = clock.now()
    at_db = JournalEntry._meta.get_field("at").get_db_prep_value(at, connection)
    entry_rows: list[tuple[Any, ...]] = []
    node_rows: list[tuple[Any, ...]] = []
    for kind, payload in checked:
        index = tree.end
        try:
            data = make_entry(commune=commune.slug, index=index, kind=kind, at=at, payload=payload)
        except EntryError as error:
            raise JournalError(f"{kind}: {error}") from None
        nodes = tree.append(data)
        entry_rows.append((commune.pk, index, kind, at_db, data.decode("utf-8"), nodes[0].hash))
        node_rows += [(commune.pk, n.level, n.index, n.hash) for n in nodes]
    _insert(
        JournalEntry._meta.db_table,
        ["commune_id", "index", "kind", "at", "data", "leaf_hash"],
        entry_rows,
    )
    _insert(TreeNode._meta.db_table, ["commune_id", "level", "index", "hash"], node_rows)
    head.size = tree.end
    head.root_hash = tree.root()
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {connection.ops.quote_name(TreeHead._meta.db_table)} "
            "SET size = %s, root_hash = %s WHERE id = %s",
            [head.size, head.root_hash, head.pk],
        )
    return first


def append_entry(commune: Commune, kind: str, payload: Mapping[str, Any], *, actor: Actor) -> int:
    """Append one act to the commune's journal (inside the action's transaction); its index."""
    return append_entries(commune, [(kind, payload)], actor=actor)
