"""The base of every domain error: a stable snake_case code and a translatable message.

Interfaces map error *classes* to HTTP statuses in one table (`commune.api.errors`,
used by the API and the pages alike): a new error is a subclass of one of the five
below and gets its status by inheritance. The CLI prints the message and exits
non-zero. Never raise a bare `Exception`.
"""

from __future__ import annotations

from typing import Any


class CommuneError(Exception):
    """A refusal the person can act on; `code` is stable, `message` names the problem."""

    code: str = "error"

    def __init__(self, message: str, *, details: Any = None, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details
        # The input at fault, when there is one: forms show the message beside it.
        self.field = field

    def __str__(self) -> str:
        return str(self.message)


class NotFound(CommuneError):
    """Missing, or not visible to the actor: the same error for both, so ids leak nothing."""

    code = "not_found"


class PermissionDenied(CommuneError):
    """The actor is known but may not perform this action."""

    code = "permission_denied"


class InvalidInput(CommuneError):
    """The request is malformed or breaks a rule; nothing was changed."""

    code = "invalid_input"


class Conflict(CommuneError):
    """The request clashes with the current state (a duplicate, a closed period)."""

    code = "conflict"


class Fault(CommuneError):
    """The server cannot do what was asked, through no fault of the person asking: a
    programming error or a broken deployment (a missing key). Logged; nothing changed."""

    code = "fault"


class Unavailable(Fault):
    """The deployment lacks something it needs (a key file, a consistent journal) and must
    be repaired by its operator before the request can succeed."""

    code = "unavailable"
