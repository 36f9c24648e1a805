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

    assert triggers.installed(connection) == dict.fromkeys((*triggers.TABLES, triggers.GUARD), True)


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


# --- REPLACE, UPSERT and the guard itself (the hardening issue, item 2) ---------------------

# For each journal table, the columns of one of its unique keys and a column to alter.
_UNIQUE_KEYS = {
    "journal_journalentry": (["id"], ["commune_id", "index"], "kind", "'forged.kind'"),
    "journal_treenode": (["id"], ["commune_id", "level", "index"], "hash", "<zero byte>"),
    "journal_checkpoint": (["id"], ["commune_id", "size"], "note", "'forged note'"),
    "journal_signingkey": (["id"], ["verifier_key"], "key_file", "'forged.key'"),
}


def _literal(value: str) -> str:
    if value == "<zero byte>":
        return "X'00'" if connection.vendor == "sqlite" else "'\\x00'::bytea"
    return value


def _columns(table: str) -> list[str]:
    with connection.cursor() as cursor:
        return [c.name for c in connection.introspection.get_table_description(cursor, table)]


def _snapshot(table: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} ORDER BY id")
        return [tuple(bytes(v) if isinstance(v, memoryview) else v for v in r) for r in cursor]


def _forged_copy(table: str, altered: str, value: str, *, keep_id: bool) -> tuple[list[str], str]:
    """The columns, and a SELECT giving the table's first row with one column altered."""
    quote = connection.ops.quote_name
    columns = [c for c in _columns(table) if keep_id or c != "id"]
    select = ", ".join(value if c == altered else quote(c) for c in columns)
    first = f"(SELECT MIN(id) FROM {table})"
    return columns, f"SELECT {select} FROM {table} WHERE id = {first}"


@pytest.fixture
def every_table_has_rows(commune):
    from commune.journal import actions as journal_actions

    journal_actions.do_sign_checkpoint(commune)
    return commune


@pytest.mark.skipif("connection.vendor != 'sqlite'")
@pytest.mark.parametrize("table", sorted(_UNIQUE_KEYS))
@pytest.mark.parametrize("keep_id", [True, False], ids=["same-id", "same-unique-key"])
def test_insert_or_replace_is_refused(every_table_has_rows, table, keep_id):
    """SQLite's INSERT OR REPLACE deletes the clashing row without firing the DELETE trigger:
    a BEFORE INSERT trigger refuses any insert whose primary or unique key is taken."""
    _, _, altered, value = _UNIQUE_KEYS[table]
    value = _literal(value)
    before = _snapshot(table)
    columns, select = _forged_copy(table, altered, value, keep_id=keep_id)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    for verb in ("INSERT OR REPLACE", "REPLACE"):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(f"{verb} INTO {table} ({names}) {select}")
    assert _snapshot(table) == before


@pytest.mark.parametrize("table", sorted(_UNIQUE_KEYS))
def test_upsert_is_refused(every_table_has_rows, table):
    """INSERT … ON CONFLICT DO UPDATE is an update: refused on SQLite and PostgreSQL."""
    id_key, unique_key, altered, value = _UNIQUE_KEYS[table]
    value = _literal(value)
    quote = connection.ops.quote_name
    before = _snapshot(table)
    for key in (id_key, unique_key):
        columns, select = _forged_copy(table, altered, value, keep_id=True)
        names = ", ".join(quote(c) for c in columns)
        target = ", ".join(quote(c) for c in key)
        # "WHERE true" keeps SQLite's parser from reading ON CONFLICT as a join constraint.
        sql = (
            f"INSERT INTO {table} ({names}) {select} AND 1 = 1 "
            f"ON CONFLICT ({target}) DO UPDATE SET {quote(altered)} = {value}"
        )
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    assert _snapshot(table) == before


def test_the_guard_cannot_be_lifted_by_a_write(commune):
    """The guard table is itself append-only while it is locked: no UPDATE, DELETE or
    TRUNCATE lifts it, and a row added to it does not unlock the journal."""
    statements = ["UPDATE journal_guard SET locked = 0", "DELETE FROM journal_guard"]
    if connection.vendor == "postgresql":
        statements.append("TRUNCATE journal_guard")
    for sql in statements:
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO journal_guard (locked) VALUES (0)")
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            JournalEntry.objects.filter(commune=commune).update(kind="forged.kind")
        transaction.set_rollback(True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT locked FROM journal_guard")
        assert [row[0] for row in cursor.fetchall()] == [1]
