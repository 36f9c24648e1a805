"""Make the journal append-only in the database itself, not only in Python.

Entries, tree nodes, checkpoints and signing keys can be inserted but never updated or
deleted: a trigger refuses any UPDATE, DELETE (and on PostgreSQL, TRUNCATE) while the
one-row table `journal_guard` holds `locked = 1`, as it always does in service. The
guard exists only so that the test suite can empty its scratch database between
tests; anyone who can flip it could as well drop the trigger, and either way the
Merkle tree and signed checkpoints expose the edit to every verifier. The SQL is in
`commune.journal.triggers`, shared with later migrations that must reinstall it.
"""

from django.db import migrations

from commune.journal import triggers


def _create(apps, schema_editor):
    triggers.install(schema_editor)


def _drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in triggers.TABLES:
        if vendor == "sqlite":
            for verb in ("update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_{verb}")
        elif vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS journal_append_only()")
    schema_editor.execute("DROP TABLE IF EXISTS journal_guard")


class Migration(migrations.Migration):
    dependencies = [("journal", "0001_initial")]
    operations = [migrations.RunPython(_create, _drop)]
