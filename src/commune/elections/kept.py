"""Open elections kept a moment in each process, for casting (see `commune.memo`).

Every ballot needs the election's row (with its section and commune) and the names on its
ballot. Read through the ORM, they cost about a third of a cast's CPU, and they do not
change while the election is open: candidacies are fixed at opening (filed and withdrawn
only in draft), and the settings with them. The one thing that does change, the status
(closed by the clock or early by a chair), is never taken from here: the cast reads it
again under the election's write lock. So a stale entry can only make a refusal come
later, from the transaction, never let a ballot in. Only open elections are kept.
"""

from __future__ import annotations

from commune.elections import queries
from commune.elections.models import Election
from commune.memo import Memo

#: How long an open election is trusted from memory (its status is always read afresh).
KEEP_SECONDS = 2.0

_open: Memo[tuple[Election, tuple[str, ...]]] = Memo(KEEP_SECONDS)


def open_election(election_id: int) -> Election | None:
    """The election if it is kept and was open when read; None otherwise (read it the usual
    way then: that also settles it and says why a ballot cannot be cast)."""
    entry = _open.get(election_id)
    return None if entry is None else entry[0]


def ballot_names(election: Election) -> list[str]:
    """The names on an open election's ballot, in ballot order; other elections' names are
    read each time (a draft's candidates may still change)."""
    entry = _open.get(election.pk)
    if entry is not None:
        return list(entry[1])
    names = queries.ballot_names(election)
    if election.status == Election.Status.OPEN:
        _open.put(election.pk, (election, tuple(names)))
    return names
