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
from django.utils import timezone

from commune import clock
from commune.journal import signing
from commune.journal.models import JournalEntry, SigningKey, TreeHead, TreeNode
from commune.journal.store import DatabaseHashStore
from commune.ledger.entry import make_entry
from commune.ledger.errors import EntryError
from commune.ledger.merkle import EMPTY_ROOT, CompactRange, root_keys
from commune.members.models import Commune


class JournalError(Exception):
    """Programming error: an entry appended outside a transaction, or with a malformed kind."""


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
        file_name = signing.first_key_file(commune.slug)
        if (signing.keys_folder() / file_name).exists():
            # Left by a first act that was rolled back: it is this journal's key.
            key = signing.load_signer(file_name)
        else:
            key, file_name = signing.create_signer(origin, file_name)
        SigningKey.objects.create(
            commune=commune,
            verifier_key=str(key.verifier_key),
            key_file=file_name,
            created_at=timezone.now(),
        )


def locked_head(commune: Commune) -> TreeHead:
    head = TreeHead.objects.select_for_update().filter(commune=commune).first()
    if head is None:
        _begin_journal(commune)
        head = TreeHead.objects.select_for_update().get(commune=commune)
    return head


def append_entries(
    commune: Commune, acts: Sequence[tuple[str, Mapping[str, Any]]]
) -> list[JournalEntry]:
    """Append several acts `(kind, payload)` in order, with one lock and two bulk inserts."""
    if not connection.in_atomic_block:
        raise JournalError("journal entries must be appended inside the action's transaction")
    head = locked_head(commune)
    tree = CompactRange.from_store(DatabaseHashStore(commune, root_keys(head.size)), head.size)
    at = clock.now()
    entries: list[JournalEntry] = []
    nodes: list[TreeNode] = []
    for kind, payload in acts:
        index = tree.end
        try:
            data = make_entry(
                commune=commune.slug, index=index, kind=kind, at=at, payload=dict(payload)
            )
        except EntryError as error:
            raise JournalError(f"{kind}: {error}") from None
        new_nodes = tree.append(data)
        entries.append(
            JournalEntry(
                commune=commune,
                index=index,
                kind=kind,
                at=at,
                data=data.decode("utf-8"),
                leaf_hash=new_nodes[0].hash,
            )
        )
        nodes += [
            TreeNode(commune=commune, level=n.level, index=n.index, hash=n.hash) for n in new_nodes
        ]
    JournalEntry.objects.bulk_create(entries, batch_size=500)
    TreeNode.objects.bulk_create(nodes, batch_size=500)
    head.size = tree.end
    head.root_hash = tree.root()
    head.save(update_fields=["size", "root_hash"])
    return entries


def append_entry(commune: Commune, kind: str, payload: Mapping[str, Any]) -> JournalEntry:
    """Append one act to the commune's journal (inside the action's transaction)."""
    return append_entries(commune, [(kind, payload)])[0]
