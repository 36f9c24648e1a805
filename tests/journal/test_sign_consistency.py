"""The server never signs a tree head that does not extend the last one it signed.

Each test plays an attacker who can write to the database (here: lifting the guard with
DDL, as anyone who may run it can) but not to the data directory that holds the signing
key, then asks for a checkpoint: `do_sign_checkpoint` refuses loudly and signs nothing.
"""

from __future__ import annotations

import logging

import pytest
from django.db import connection

from commune.journal import actions as journal_actions
from commune.journal import triggers
from commune.journal.errors import JournalInconsistent
from commune.journal.models import Checkpoint, JournalEntry, TreeHead, TreeNode
from commune.ledger.checkpoint import open_checkpoint
from commune.ledger.entry import make_entry, parse_entry
from commune.ledger.errors import InconsistentLogError
from commune.ledger.merkle import MemoryTree
from commune.ledger.note import VerifierKey
from commune.members import actions

pytestmark = pytest.mark.django_db


def _grow(commune, operator, count: int) -> None:
    first = 100 + JournalEntry.objects.filter(commune=commune).count()
    for number in range(first, first + count):
        actions.do_create_section(commune, actor=operator, number=number, name=f"S{number}")


def _rewrite(commune, index: int, *, nodes: bool = True, head: bool = True) -> None:
    """Rewrite entry `index` as a careful attacker would: a valid entry at its own index,
    then (unless told otherwise) every stored hash and the head recomputed to match."""
    triggers.unlock(connection)
    row = JournalEntry.objects.get(commune=commune, index=index)
    old = parse_entry(row.leaf_bytes)
    forged = make_entry(
        commune=old.commune,
        index=old.index,
        kind=old.kind,
        at=old.at,
        payload={**old.payload, "name": "Versailles"},
    )
    JournalEntry.objects.filter(pk=row.pk).update(data=forged.decode())
    if nodes:
        tree = MemoryTree()
        for data in JournalEntry.objects.filter(commune=commune).order_by("index"):
            tree.append(data.leaf_bytes)
        JournalEntry.objects.filter(pk=row.pk).update(leaf_hash=tree.leaf_hash(index))
        TreeNode.objects.filter(commune=commune).delete()
        TreeNode.objects.bulk_create(
            TreeNode(commune=commune, level=level, index=i, hash=tree.store.get(level, i))
            for level in range(tree.size.bit_length())
            for i in range(tree.store.count(level))
        )
        if head:
            TreeHead.objects.filter(commune=commune).update(root_hash=tree.root())
    triggers.lock(connection)


def _refused(commune, caplog, *phrases: str) -> None:
    signed = Checkpoint.objects.filter(commune=commune).count()
    caplog.set_level(logging.CRITICAL, logger="commune.journal")
    with pytest.raises(JournalInconsistent) as refusal:
        journal_actions.do_sign_checkpoint(commune)
    assert refusal.value.code == "journal_inconsistent"
    assert isinstance(refusal.value.__cause__, InconsistentLogError)
    for phrase in phrases:
        assert phrase in refusal.value.message
    assert Checkpoint.objects.filter(commune=commune).count() == signed
    critical = [r for r in caplog.records if r.levelno == logging.CRITICAL]
    assert critical and refusal.value.message in critical[0].getMessage()


def test_a_log_that_only_grew_is_signed(commune, operator):
    """Growth after a checkpoint is signed, and the new checkpoint verifies."""
    first = journal_actions.do_sign_checkpoint(commune)
    _grow(commune, operator, 9)
    second = journal_actions.do_sign_checkpoint(commune)
    assert (first.size, second.size) == (5, 14)
    keys = [
        VerifierKey.parse(k) for k in commune.signing_keys.values_list("verifier_key", flat=True)
    ]
    assert open_checkpoint(second.note, keys).checkpoint.size == 14
    assert journal_actions.do_sign_checkpoint(commune).pk == second.pk


def test_a_rewritten_history_is_not_signed(commune, operator, caplog):
    """An entry below the last checkpoint rewritten with every hash recomputed: the stored
    tree no longer gives the signed root, and the new head is not signed."""
    journal_actions.do_sign_checkpoint(commune)
    _rewrite(commune, 2)
    _grow(commune, operator, 3)
    _refused(commune, caplog, "size 5", "rewritten")


def test_deleting_the_checkpoints_does_not_help(commune, operator, caplog):
    """The server remembers what it signed beside its key, out of the database's reach:
    deleting every checkpoint row does not make it forget."""
    journal_actions.do_sign_checkpoint(commune)
    _rewrite(commune, 2)
    _grow(commune, operator, 3)
    triggers.unlock(connection)
    Checkpoint.objects.filter(commune=commune).delete()
    triggers.lock(connection)
    _refused(commune, caplog, "size 5")


def test_an_entry_after_the_checkpoint_is_rehashed(commune, operator, caplog):
    """An entry appended since the last checkpoint whose bytes no longer hash to its stored
    leaf is named."""
    journal_actions.do_sign_checkpoint(commune)
    _grow(commune, operator, 4)
    _rewrite(commune, 6, nodes=False)
    _refused(commune, caplog, "entry 6")


def test_a_rewritten_subtree_after_the_checkpoint_is_named(commune, operator, caplog):
    """A stored subtree hash over new entries that is not the hash of those entries."""
    journal_actions.do_sign_checkpoint(commune)
    _grow(commune, operator, 4)  # 9 entries: the subtree (level 3, index 0) is new
    triggers.unlock(connection)
    TreeNode.objects.filter(commune=commune, level=3, index=0).update(hash=b"\x00" * 32)
    triggers.lock(connection)
    _refused(commune, caplog, "level 3")


def test_a_forged_head_root_is_not_signed(commune, operator, caplog):
    """The head row's root must be the root recomputed from the entries."""
    journal_actions.do_sign_checkpoint(commune)
    _grow(commune, operator, 2)
    TreeHead.objects.filter(commune=commune).update(root_hash=b"\x01" * 32)
    _refused(commune, caplog, "root")


def test_a_rollback_is_not_signed(commune, operator, caplog):
    """A head smaller than the last signed checkpoint is a rollback."""
    _grow(commune, operator, 3)
    journal_actions.do_sign_checkpoint(commune)
    TreeHead.objects.filter(commune=commune).update(size=6)
    _refused(commune, caplog, "6", "8")


def test_a_first_signature_checks_every_entry(commune, caplog):
    """With nothing signed yet, the first checkpoint is recomputed from every entry."""
    _rewrite(commune, 1, nodes=False)
    _refused(commune, caplog, "entry 1")


def test_an_export_of_an_altered_database_names_the_entry(commune, operator, tmp_path):
    """An entry rewritten in the database below the last checkpoint (its stored hashes left
    as they were): the server still signs only the true tree, and the export carries the
    leaf hashes of the stored tree, so the verifier names the altered entry instead of
    reporting only a root mismatch."""
    from django.core.management import call_command

    from commune.ledger.verify import verify_export

    journal_actions.do_sign_checkpoint(commune)
    _grow(commune, operator, 3)
    _rewrite(commune, 2, nodes=False)
    path = tmp_path / "journal.jsonl"
    call_command("journal_export", output=path)
    report = verify_export(path)
    assert not report.ok and report.first_bad_index == 2
    assert {p.code for p in report.problems} == {"entry_altered"}


def test_after_a_key_rotation_the_new_key_signs_only_extensions(commune, operator, caplog):
    """The key brought in by a rotation signs a head that extends what the old key signed,
    and remembers what it signed itself: a rewrite below it is refused, checkpoint rows
    deleted or not."""
    journal_actions.do_sign_checkpoint(commune)
    journal_actions.do_rotate_signing_key(commune, actor=operator)
    _grow(commune, operator, 2)
    assert journal_actions.do_sign_checkpoint(commune).size == 8
    _rewrite(commune, 6)
    _grow(commune, operator, 1)
    triggers.unlock(connection)
    Checkpoint.objects.filter(commune=commune).delete()
    triggers.lock(connection)
    _refused(commune, caplog, "size 8")
