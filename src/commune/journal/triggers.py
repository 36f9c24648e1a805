"""The database triggers that make the journal's tables append-only.

Installed by migration 0002 and, again, by every migration that alters these
tables: on SQLite, Django alters a table by rebuilding it, which drops its
triggers. `tests/journal/test_append_only.py` checks every table after all
migrations, so a forgotten reinstall fails the suite.

What they refuse, on every journal table:

- UPDATE and DELETE (and TRUNCATE on PostgreSQL), while the guard is locked;
- on SQLite, any INSERT whose primary or unique key is already taken, always: `INSERT OR
  REPLACE` (and `REPLACE`) resolve such a conflict by deleting the old row *without firing
  its DELETE trigger*; a BEFORE INSERT trigger runs before conflict resolution, so it stops
  them. (`INSERT … ON CONFLICT DO UPDATE` fires the UPDATE trigger on both databases; there
  is no REPLACE on PostgreSQL.)

The guard is the one-row table `journal_guard`; the journal is locked unless it holds rows
and every one says 0 (so a row added to it unlocks nothing, and a guard that is gone or
empty locks). It is protected by the same triggers while locked: only DDL, dropping its
triggers (:func:`unlock`), lifts it, which the test suite does to empty its scratch
database. Anyone who may run DDL could drop the journal's triggers as well: they are a
barrier against mistakes and against writes through the application's statements, not
against the database's owner. Against that, `do_sign_checkpoint` never signs a head that
does not extend the last one it signed, and every verifier sees the rewrite.
"""

from __future__ import annotations

from typing import Any

TABLES = (
    "journal_journalentry",
    "journal_treenode",
    "journal_checkpoint",
    "journal_signingkey",
)
GUARD = "journal_guard"

# Fail closed: locked unless the guard has rows and all of them say 0.
_LOCKED = f"COALESCE((SELECT MAX(locked) FROM {GUARD}), 1) <> 0"


def install(schema_editor: Any) -> None:
    """(Re)create the guard table and every trigger; safe to run more than once."""
    execute = schema_editor.execute
    connection = schema_editor.connection
    execute(f"CREATE TABLE IF NOT EXISTS {GUARD} (locked integer NOT NULL)")
    execute(f"INSERT INTO {GUARD} (locked) SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM {GUARD})")
    if connection.vendor == "sqlite":
        for table in TABLES:
            for verb in ("UPDATE", "DELETE"):
                _sqlite_trigger(execute, table, verb)
            _sqlite_no_replace(execute, connection, table)
    elif connection.vendor == "postgresql":
        execute(
            "CREATE OR REPLACE FUNCTION journal_append_only() RETURNS trigger AS $$ "
            "BEGIN "
            f"IF {_LOCKED} THEN "
            "RAISE EXCEPTION 'the Journal officiel is append-only: % on % refused', "
            "TG_OP, TG_TABLE_NAME; "
            "END IF; "
            "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; "
            "RETURN NEW; "
            "END; $$ LANGUAGE plpgsql;",
            params=None,  # the % signs belong to PL/pgSQL, not to the driver
        )
        for table in TABLES:
            _postgresql_triggers(execute, table)
    else:
        raise NotImplementedError(f"append-only triggers for {connection.vendor}")
    _protect_guard(execute, connection.vendor)


def uninstall_hardening(schema_editor: Any) -> None:
    """Drop what migration 0004 added (the REPLACE and guard triggers): its reverse."""
    execute = schema_editor.execute
    if schema_editor.connection.vendor == "sqlite":
        for table in TABLES:
            execute(f"DROP TRIGGER IF EXISTS {table}_no_replace")
    _unprotect_guard(execute, schema_editor.connection.vendor)


def unlock(connection: Any) -> None:
    """Lift the guard (DDL: drop its own triggers first), so that a test suite can empty its
    scratch database. Never called in service; :func:`lock` puts everything back."""
    with connection.cursor() as cursor:
        _unprotect_guard(cursor.execute, connection.vendor)
        cursor.execute(f"UPDATE {GUARD} SET locked = 0")


def lock(connection: Any) -> None:
    """Lock the guard again and protect it (after :func:`unlock`)."""
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {GUARD} SET locked = 1")
        _protect_guard(cursor.execute, connection.vendor)


def installed(connection: Any) -> dict[str, bool]:
    """Which journal tables, and the guard, carry their triggers (for tests and checks)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            names = {row[0] for row in cursor.fetchall()}
            verbs = ("update", "delete", "replace")
            status = {t: {f"{t}_no_{verb}" for verb in verbs} <= names for t in TABLES}
            status[GUARD] = {f"{GUARD}_no_update", f"{GUARD}_no_delete"} <= names
            return status
        cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        names = {row[0] for row in cursor.fetchall()}
        return {t: {f"{t}_append_only", f"{t}_no_truncate"} <= names for t in (*TABLES, GUARD)}


# --- SQLite -----------------------------------------------------------------------------------


def _refusal(what: str) -> str:
    return f"SELECT RAISE(ABORT, 'the Journal officiel is append-only: {what} refused');"


def _sqlite_trigger(execute: Any, table: str, verb: str) -> None:
    name = f"{table}_no_{verb.lower()}"
    execute(f"DROP TRIGGER IF EXISTS {name}")
    execute(
        f"CREATE TRIGGER {name} BEFORE {verb} ON {table} WHEN {_LOCKED} "
        f"BEGIN {_refusal(f'{verb} on {table}')} END;"
    )


def _sqlite_unique_keys(connection: Any, table: str) -> list[list[str]]:
    """The primary key and every unique index of ``table``, as lists of columns, read from
    the schema itself so that a unique constraint added later is covered too."""
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA table_info({table})")
        # Columns: cid, name, type, notnull, default, pk (position in the key, 0 if not).
        primary = [row[1] for row in sorted(cursor.fetchall(), key=lambda r: r[5]) if row[5]]
        keys = [primary] if primary else []
        cursor.execute(f"PRAGMA index_list({table})")
        unique = [row[1] for row in cursor.fetchall() if row[2]]  # seq, name, unique, ...
        for index in unique:
            cursor.execute(f"PRAGMA index_info({index})")
            columns = [row[2] for row in sorted(cursor.fetchall())]
            if columns and None not in columns and columns not in keys:
                keys.append(columns)
    return keys


def _sqlite_no_replace(execute: Any, connection: Any, table: str) -> None:
    name = f"{table}_no_replace"
    clashes = " OR ".join(
        f"EXISTS (SELECT 1 FROM {table} WHERE "
        + " AND ".join(f'"{column}" = NEW."{column}"' for column in key)
        + ")"
        for key in _sqlite_unique_keys(connection, table)
    )
    execute(f"DROP TRIGGER IF EXISTS {name}")
    execute(
        f"CREATE TRIGGER {name} BEFORE INSERT ON {table} WHEN {clashes} "
        f"BEGIN {_refusal(f'INSERT over an existing row of {table} (REPLACE or UPSERT)')} END;"
    )


# --- PostgreSQL -------------------------------------------------------------------------------


def _postgresql_triggers(execute: Any, table: str) -> None:
    execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
    execute(
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION journal_append_only();"
    )
    execute(
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION journal_append_only();"
    )


# --- The guard --------------------------------------------------------------------------------


def _protect_guard(execute: Any, vendor: str) -> None:
    if vendor == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            _sqlite_trigger(execute, GUARD, verb)
    else:
        _postgresql_triggers(execute, GUARD)


def _unprotect_guard(execute: Any, vendor: str) -> None:
    if vendor == "sqlite":
        for verb in ("update", "delete"):
            execute(f"DROP TRIGGER IF EXISTS {GUARD}_no_{verb}")
    else:
        execute(f"DROP TRIGGER IF EXISTS {GUARD}_append_only ON {GUARD}")
        execute(f"DROP TRIGGER IF EXISTS {GUARD}_no_truncate ON {GUARD}")
