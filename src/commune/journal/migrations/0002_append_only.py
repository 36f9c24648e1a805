"""Make the journal append-only in the database itself, not only in Python.

Entries, tree nodes, checkpoints and signing keys can be inserted but never updated or deleted: a trigger
refuses any UPDATE, DELETE (and on PostgreSQL, TRUNCATE) while the one-row
table `journal_guard` holds `locked = 1`, as it always does in service. The
guard exists only so that the test suite can empty its scratch database between
tests; anyone who can flip it could as well drop the trigger, and either way
the Merkle tree and signed checkpoints expose the edit to every verifier.
"""

from django.db import migrations

TABLES = ("journal_journalentry", "journal_treenode", "journal_checkpoint", "journal_signingkey")


def _create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    schema_editor.execute("CREATE TABLE journal_guard (locked integer NOT NULL)")
    schema_editor.execute("INSERT INTO journal_guard (locked) VALUES (1)")
    if vendor == "sqlite":
        for table in TABLES:
            for verb in ("UPDATE", "DELETE"):
                schema_editor.execute(
                    f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                    f"WHEN (SELECT locked FROM journal_guard LIMIT 1) = 1 "
                    f"BEGIN SELECT RAISE(ABORT, 'the Journal officiel is append-only: "
                    f"{verb} on {table} refused'); END;"
                )
    elif vendor == "postgresql":
        schema_editor.execute(
            "CREATE FUNCTION journal_append_only() RETURNS trigger AS $$ "
            "BEGIN "
            "IF (SELECT locked FROM journal_guard LIMIT 1) = 1 THEN "
            "RAISE EXCEPTION 'the Journal officiel is append-only: % on % refused', "
            "TG_OP, TG_TABLE_NAME; "
            "END IF; "
            "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; "
            "RETURN NEW; "
            "END; $$ LANGUAGE plpgsql;",
            params=None,  # the % signs belong to PL/pgSQL, not to the driver
        )
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION journal_append_only();"
            )
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION journal_append_only();"
            )
    else:
        raise NotImplementedError(f"append-only triggers for {vendor}")


def _drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
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
