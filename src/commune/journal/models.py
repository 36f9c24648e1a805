"""Stored entries of the Journal officiel and the Merkle tree over them.

Rows here are written only by `commune.journal.record.append_entry`, inside
the transaction of the action whose act they record, and are never updated
or deleted: database triggers (migration 0002) refuse both.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from commune.communes.models import Commune

# Rows here are insert-only; their tables' triggers are in migrations/0002_append_only.py.


class TreeHead(models.Model):
    """The size and root of a commune's log: locked by every append so indices have no gap.

    `origin` names the log in its checkpoints (C2SP tlog-checkpoint) and is the name of
    its signing key; it is fixed when the journal begins, so the log keeps one identity.
    """

    commune = models.OneToOneField(Commune, on_delete=models.PROTECT, related_name="tree_head")
    size = models.PositiveBigIntegerField(default=0)
    root_hash = models.BinaryField(max_length=32)
    origin = models.CharField(max_length=255)

    class Meta:
        verbose_name = _("tree head")

    def __str__(self) -> str:
        return f"{self.commune.slug}: {self.size} entries"


class JournalEntry(models.Model):
    """One act, as the exact canonical JSON that is hashed into the log.

    Canonical JSON (RFC 8785) is UTF-8 text with every control character escaped, so it is
    kept as text (searchable by the database) and `leaf_bytes` are its UTF-8 encoding.
    """

    # No index of its own: the unique (commune, index) constraint leads with it.
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="journal", db_index=False
    )
    index = models.PositiveBigIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=64)
    at = models.DateTimeField(_("at"))
    data = models.TextField(_("canonical JSON"))
    leaf_hash = models.BinaryField(_("leaf hash"), max_length=32)

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        ordering = ["commune", "index"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "index"], name="journal_index_unique"),
        ]
        indexes = [models.Index(fields=["commune", "kind", "index"])]

    def __str__(self) -> str:
        return f"{self.commune_id}#{self.index} {self.kind}"

    @property
    def leaf_bytes(self) -> bytes:
        """The exact bytes of the leaf (what is hashed and what the API serves)."""
        return self.data.encode("utf-8")


class TreeNode(models.Model):
    """The hash of the perfect subtree of 2**level leaves starting at leaf index * 2**level.

    Level 0 holds the leaf hashes; with these rows any root, inclusion proof or
    consistency proof is computed with O(log n) reads (RFC 9162 §2.1).
    """

    # No index of its own: the unique (commune, level, index) constraint leads with it.
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="tree_nodes", db_index=False
    )
    level = models.PositiveSmallIntegerField()
    index = models.PositiveBigIntegerField()
    hash = models.BinaryField(max_length=32)

    class Meta:
        verbose_name = _("tree node")
        constraints = [
            models.UniqueConstraint(fields=["commune", "level", "index"], name="tree_node_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.commune_id} L{self.level}#{self.index}"


class Checkpoint(models.Model):
    """A signed tree head as published: the exact note text, kept so monitors can compare."""

    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="checkpoints")
    size = models.PositiveBigIntegerField()
    root_hash = models.BinaryField(max_length=32)
    note = models.TextField()
    signed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("checkpoint")
        constraints = [
            models.UniqueConstraint(fields=["commune", "size"], name="checkpoint_size_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.commune_id}@{self.size}"


class SigningKey(models.Model):
    """The public half of a key that signs a commune's checkpoints (the private half stays
    in the data directory, mode 0600). Only the newest key signs; older ones are kept so
    that old checkpoints still verify."""

    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="signing_keys")
    verifier_key = models.CharField(max_length=255, unique=True)
    # The file holding the private half, in the data directory's journal-keys/ folder.
    key_file = models.CharField(max_length=255)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("signing key")
        ordering = ["commune", "pk"]

    def __str__(self) -> str:
        return self.verifier_key
