"""The journal is append-only in the database itself and written in the action's transaction."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from commune.journal.models import JournalEntry
from commune.members import actions
from commune.members.models import Section

pytestmark = pytest.mark.django_db


def test_update_and_delete_are_refused_by_the_database(commune):
    entry = JournalEntry.objects.filter(commune=commune).first()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        JournalEntry.objects.filter(pk=entry.pk).update(kind="forged.kind")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        JournalEntry.objects.filter(pk=entry.pk).delete()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM journal_journalentry")
    assert JournalEntry.objects.filter(commune=commune).count() == 5


def test_failing_action_leaves_neither_change_nor_entry(commune, operator, monkeypatch):
    """A crash after the write and before the commit rolls back both."""
    size = JournalEntry.objects.filter(commune=commune).count()

    def explode(*args, **kwargs):
        raise RuntimeError("crash after the domain write")

    monkeypatch.setattr(actions.sections, "append_entry", explode)
    with pytest.raises(RuntimeError):
        actions.do_create_section(commune, actor=operator, number=42, name="Ghost")
    assert not Section.objects.filter(commune=commune, number=42).exists()
    assert JournalEntry.objects.filter(commune=commune).count() == size


def test_every_journal_table_keeps_its_triggers_after_all_migrations():
    """Altering a table rebuilds it on SQLite and drops its triggers: each alter must reinstall."""
    from commune.journal import triggers

    assert triggers.installed(connection) == dict.fromkeys(triggers.TABLES, True)


@pytest.mark.parametrize("table", ["journal_checkpoint", "journal_signingkey", "journal_treenode"])
def test_other_journal_tables_refuse_deletion(commune, table):
    from commune.journal import actions as journal_actions

    journal_actions.do_sign_checkpoint(commune)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"DELETE FROM {table}")
