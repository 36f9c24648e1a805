"""Rows kept a moment in a process's memory, for hot paths whose every request reads them.

A ballot reads its election and the names on it; a signature reads its petition. Through
the ORM those reads cost more CPU than the write they serve, and what the hot path relies
on in them does not change while the election or petition is open; what does change (a
status, a state) the action reads again under its lock, in its own transaction. So an entry
a moment stale can only make a refusal come from the transaction rather than before it.

Entries expire after a few seconds. Identifiers are not reused in production (PostgreSQL's
sequences; SQLite's AUTOINCREMENT, short of a rolled-back creation, which is never kept);
the tests, whose rollbacks do reuse them, call `forget_everything` before each test.
"""

from __future__ import annotations

import threading
import time
from typing import Generic, TypeVar

T = TypeVar("T")

_all: list[Memo[object]] = []


class Memo(Generic[T]):
    """Values by integer key, each kept `seconds` after it was put."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._entries: dict[int, tuple[float, T]] = {}
        self._lock = threading.Lock()
        _all.append(self)  # type: ignore[arg-type]

    def get(self, key: int) -> T | None:
        entry = self._entries.get(key)
        if entry is None or entry[0] < time.monotonic():
            return None
        return entry[1]

    def put(self, key: int, value: T) -> None:
        with self._lock:
            self._entries[key] = (time.monotonic() + self.seconds, value)
            if len(self._entries) > 1000:  # a bound: drop what has expired
                now = time.monotonic()
                self._entries = {k: e for k, e in self._entries.items() if e[0] >= now}

    def forget(self) -> None:
        with self._lock:
            self._entries.clear()


def forget_everything() -> None:
    for memo in _all:
        memo.forget()
