"""Stored entries of the Journal officiel and the Merkle tree over them.

Rows here are written only by `commune.journal.record.append_entry`, inside
the transaction of the action whose act they record, and are never updated
or deleted: database triggers (migration 0002) refuse both.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from commune.members.models import Commune


class TreeHead(models.Model):
    """The size of a commune's log: locked by every append so indices have no gap."""

    commune = models.OneToOneField(Commune, on_delete=models.PROTECT, related_name="tree_head")
    size = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("tree head")

    def __str__(self) -> str:
        return f"{self.commune.slug}: {self.size} entries"


class JournalEntry(models.Model):
    """One act, as the exact canonical bytes that are hashed into the log."""

    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="journal")
    index = models.PositiveBigIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=64)
    at = models.DateTimeField(_("at"))
    data = models.BinaryField(_("canonical bytes"))
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


class TreeNode(models.Model):
    """The hash of the perfect subtree of 2**level leaves starting at leaf index * 2**level.

    Level 0 holds the leaf hashes; with these rows any root, inclusion proof or
    consistency proof is computed with O(log n) reads (RFC 9162 §2.1).
    """

    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="tree_nodes")
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
