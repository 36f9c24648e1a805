"""Writers of one SQLite database take turns in a queue instead of in SQLite's busy wait.

SQLite has one writer at a time. A connection that finds the write lock taken sleeps in
SQLite's busy handler (1, 2, 5 … 100 ms) and tries again, far longer than a hot write holds
the lock, and the waits grow with the queue. Around the hot paths' transactions (casting a
ballot, signing a petition) the threads of a process queue on a lock, and the processes on
an advisory lock of a file beside the database (`flock`): each waiter is woken as soon as
the writer before it is done. Other writers still meet them in the busy handler, as before.
On PostgreSQL, whose row locks queue writers already, this is nothing.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
from collections.abc import Iterator

from django.db import connection

_threads = threading.Lock()
#: (process, database file) → the descriptor of its lock file. Keyed by process too: a
#: descriptor inherited through fork shares its lock with the parent, so a child opens its own.
_files: dict[tuple[int, str], int] = {}


def _lock_file(database: str) -> int | None:
    if not database or database == ":memory:" or database.startswith("file:"):
        return None  # an in-memory database has no other process to queue with
    key = (os.getpid(), database)
    descriptor = _files.get(key)
    if descriptor is None:
        descriptor = os.open(database + ".writers", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        _files[key] = descriptor
    return descriptor


@contextlib.contextmanager
def one_writer() -> Iterator[None]:
    """Hold the turn to write for the block (wrap the transaction in it, not the reverse:
    the turn must be taken before SQLite's write lock, which BEGIN IMMEDIATE takes)."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield  # PostgreSQL; or already inside a transaction, whose lock is held
        return
    with _threads:
        descriptor = _lock_file(str(connection.settings_dict["NAME"]))
        if descriptor is None:
            yield
            return
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
