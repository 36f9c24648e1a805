"""Refusals of elections."""

from __future__ import annotations

from commune.errors import Conflict, InvalidInput, PermissionDenied


class AlreadyVoted(Conflict):
    """A member cast a second ballot: the first stands, the second is refused."""

    code = "already_voted"


class NotOpen(Conflict):
    """The election is not open (not yet, or no longer): nothing was cast."""

    code = "election_not_open"


class WrongState(Conflict):
    """The act does not fit the election's state (a candidacy after opening, a count before
    closing…)."""

    code = "election_wrong_state"


class NotOnRoll(PermissionDenied):
    """The person is not on the election's roll (frozen when it opened)."""

    code = "not_on_roll"


class InvalidBallot(InvalidInput):
    """The ballot breaks the election's rules: the message names the problem."""

    code = "invalid_ballot"
