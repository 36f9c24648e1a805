"""Open elections kept a moment in each process, for casting.

Every ballot needs the election's row (with its section and commune) and the names on its
ballot. Read through the ORM, they cost about a third of a cast's CPU, and they do not
change while the election is open: candidacies are fixed at opening (filed and withdrawn
only in draft), and the settings with them. The one thing that does change, the status
(closed by the clock or early by a chair), is never taken from here: the cast reads it
again under the election's write lock, in its own transaction. So a stale entry can only
make a refusal come later, from the transaction, never let a ballot in.

Entries live `KEEP_SECONDS` and only for open elections. Identifiers are not reused in
production (PostgreSQL's sequences; SQLite's AUTOINCREMENT, short of a rolled-back
creation, which is never open and so never kept); the tests, whose rollbacks do reuse
them, call `forget_all` before each test.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from commune.elections import queries
from commune.elections.models import Election

#: How long an open election is trusted from memory (its status is always read afresh).
KEEP_SECONDS = 2.0


@dataclass(frozen=True, slots=True)
class _Kept:
    election: Election
    names: tuple[str, ...]
    until: float


_kept: dict[int, _Kept] = {}
_lock = threading.Lock()


def open_election(election_id: int) -> Election | None:
    """The election if it is kept and was open when read; None otherwise (read it the usual
    way then: that also settles it and says why a ballot cannot be cast)."""
    entry = _kept.get(election_id)
    if entry is None or entry.until < time.monotonic():
        return None
    return entry.election


def ballot_names(election: Election) -> list[str]:
    """The names on an open election's ballot, in ballot order; other elections' names are
    read each time (a draft's candidates may still change)."""
    entry = _kept.get(election.pk)
    if entry is not None and entry.until >= time.monotonic():
        return list(entry.names)
    names = queries.ballot_names(election)
    if election.status == Election.Status.OPEN:
        with _lock:
            _kept[election.pk] = _Kept(election, tuple(names), time.monotonic() + KEEP_SECONDS)
    return names


def forget_all() -> None:
    with _lock:
        _kept.clear()
