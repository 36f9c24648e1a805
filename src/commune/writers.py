"""Writers of one SQLite database take turns in a queue instead of in SQLite's busy wait,
and the writes waiting in one process go together in one transaction.

SQLite has one writer at a time. A connection that finds the write lock taken sleeps in
SQLite's busy handler (1, 2, 5 … 100 ms) and tries again, far longer than a hot write holds
the lock, and the waits grow with the queue. Around the hot paths' transactions (casting a
ballot, signing a petition) the threads of a process queue on a lock, and the processes on
an advisory lock of a file beside the database (`flock`): each waiter is woken as soon as
the writer before it is done. Other writers still meet them in the busy handler, as before.
On PostgreSQL, whose row locks queue writers already, this is nothing.

Each commit on SQLite is a write and an fsync of its log (`synchronous=FULL`: an answered
write survives a power cut), and the writer holds the turn through it, so the hot paths
waited on the disk one at a time. `in_turn` gathers them: a request's write waits in its
process's queue; the first to find no one writing takes the whole queue, writes each in its
own savepoint (one refused leaves the others untouched) and commits them at once; each
request then has its own outcome, after the commit, as if it had written alone.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

from django.db import connection, transaction

T = TypeVar("T")

#: The most writes one transaction takes: beyond it, the first waiters would wait too long.
MOST_IN_ONE_COMMIT = 64

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


class _Write(Generic[T]):
    """A write waiting in the queue, and then its outcome."""

    __slots__ = ("error", "result", "settled", "work")

    def __init__(self, work: Callable[[], T]) -> None:
        self.work = work
        self.settled = False
        self.result: T | None = None
        self.error: BaseException | None = None

    def outcome(self) -> T:
        if self.error is not None:
            raise self.error
        return self.result  # type: ignore[return-value]  # set with settled, error unset


_queue: list[_Write[object]] = []
_queue_changed = threading.Condition()
_writing = False  # a thread of this process is writing a batch (guarded by _queue_changed)


def in_turn(work: Callable[[], T]) -> T:
    """`work()` in a write transaction, its turn taken with `one_writer`; on SQLite, in one
    transaction with the writes that wait in this process meanwhile (the module's docstring).
    `work` runs in a savepoint, maybe on another thread of the process (its result or error
    comes back here): it must use the database through `connection`, not hold a cursor."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        with one_writer(), transaction.atomic():
            return work()
    global _writing
    mine: _Write[T] = _Write(work)
    with _queue_changed:
        _queue.append(mine)  # type: ignore[arg-type]  # outcomes are typed at each end
        while _writing and not mine.settled:
            _queue_changed.wait()
        if mine.settled:
            return mine.outcome()
        _writing = True
        batch = _queue[:MOST_IN_ONE_COMMIT]
        del _queue[:MOST_IN_ONE_COMMIT]
    try:
        _write(batch)
    finally:
        with _queue_changed:
            _writing = False
            _queue_changed.notify_all()
    return mine.outcome()


def _write(batch: list[_Write[object]]) -> None:
    """Every write of the batch in one transaction, each in a savepoint; settled after the
    commit (or with the commit's error, if it fails: then none of them was written)."""
    try:
        with one_writer(), transaction.atomic():
            for write in batch:
                try:
                    with transaction.atomic():
                        write.result = write.work()
                except Exception as error:  # refused: its savepoint is rolled back, alone
                    write.error = error
    except BaseException as error:
        for write in batch:
            write.error, write.result = error, None
        raise
    finally:
        for write in batch:
            write.settled = True
