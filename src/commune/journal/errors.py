"""Refusals of the Journal officiel's service."""

from __future__ import annotations

from commune.errors import Unavailable


class JournalInconsistent(Unavailable):
    """The stored log does not extend the last tree head the server signed (the database was
    written behind the application's back, or restored from an older backup): the server
    signs nothing until its operator repairs it. Pages still show the acts; proofs wait."""

    code = "journal_inconsistent"
