"""Statistics for SQLite's query planner, refreshed where the tables change by the thousand.

SQLite keeps no statistics unless ANALYZE is run, and without them it ranks an index by how
many of its columns a query constrains by equality: asked for a person's open membership of a
section, it took the index on (section, ended_at), two equalities, over the index on the
person, one, and walked every open membership of the section. With statistics it knows that
a person has one or two memberships and a section thousands.

The hot queries are written so that the right index is chosen without statistics (a unique
index, or the person's index alone); statistics are a second guard for the rest. They are
taken after `migrate` (an upgraded database gets them for its new indexes) and after a member
list is imported (the roll grows by thousands at once): `analysis_limit` bounds the work to
about a thousand rows an index, 6 ms on an 80 MB database. A table still empty gets no
statistics, so the planner keeps its defaults for it. Statistics go stale as the tables grow,
but they keep the ratios that matter (members per section against memberships per person).

A connection reads the statistics when it opens: the server's open connections see the new
ones after they reconnect (the next start, or a health check's reconnection).

PostgreSQL keeps its own (autovacuum analyses tables as they change): this does nothing there.
"""

from __future__ import annotations

from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections

#: Rows sampled per index (SQLite's `PRAGMA analysis_limit`): enough to tell a few from many.
ANALYSIS_LIMIT = 1000


def refresh_statistics(using: str = DEFAULT_DB_ALIAS) -> None:
    """Run ANALYZE on SQLite, sampling at most `ANALYSIS_LIMIT` rows an index."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
        cursor.execute("ANALYZE")


def refresh_statistics_after_migrate(using: str = DEFAULT_DB_ALIAS, **_kwargs: Any) -> None:
    """The `post_migrate` receiver (connected once, by the members app)."""
    refresh_statistics(using)
