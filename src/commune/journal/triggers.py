"""The database triggers that make the journal's tables append-only.

Installed by migrations 0002 and, again, by every migration that alters these
tables: on SQLite, Django alters a table by rebuilding it, which drops its
triggers. `tests/journal/test_append_only.py` checks every table after all
migrations, so a forgotten reinstall fails the suite.
"""

from __future__ import annotations

from typing import Any

TABLES = (
    "journal_journalentry",
    "journal_treenode",
    "journal_checkpoint",
    "journal_signingkey",
)


def install(schema_editor: Any) -> None:
    """(Re)create the guard table and every trigger; safe to run more than once."""
    vendor = schema_editor.connection.vendor
    schema_editor.execute("CREATE TABLE IF NOT EXISTS journal_guard (locked integer NOT NULL)")
    schema_editor.execute(
        "INSERT INTO journal_guard (locked) SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM journal_guard)"
    )
    if vendor == "sqlite":
        for table in TABLES:
            for verb in ("UPDATE", "DELETE"):
                name = f"{table}_no_{verb.lower()}"
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
                schema_editor.execute(
                    f"CREATE TRIGGER {name} BEFORE {verb} ON {table} "
                    f"WHEN (SELECT locked FROM journal_guard LIMIT 1) = 1 "
                    f"BEGIN SELECT RAISE(ABORT, 'the Journal officiel is append-only: "
                    f"{verb} on {table} refused'); END;"
                )
    elif vendor == "postgresql":
        schema_editor.execute(
            "CREATE OR REPLACE FUNCTION journal_append_only() RETURNS trigger AS $$ "
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
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
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


def installed(connection: Any) -> dict[str, bool]:
    """Which journal tables carry their append-only triggers (for tests and checks)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            names = {row[0] for row in cursor.fetchall()}
            return {t: {f"{t}_no_update", f"{t}_no_delete"} <= names for t in TABLES}
        cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        names = {row[0] for row in cursor.fetchall()}
        return {t: {f"{t}_append_only", f"{t}_no_truncate"} <= names for t in TABLES}
