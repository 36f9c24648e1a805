"""The base of every domain error: a stable snake_case code and a translatable message.

Interfaces map codes to HTTP statuses in one table (`commune.api.errors`); the
CLI prints the message and exits non-zero. Never raise a bare `Exception`.
"""

from __future__ import annotations

from typing import Any


class CommuneError(Exception):
    """A refusal the person can act on; `code` is stable, `message` names the problem."""

    code: str = "error"

    def __init__(self, message: str, *, details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

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
