"""Domain errors → HTTP statuses, by class, in one table for the API and the pages.

The pure packages' errors (the counting engine's, the ledger's) are bad input when they
reach an interface: 400 with their code and message, like `InvalidInput`.
"""

from __future__ import annotations

import logging
from typing import cast

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from commune.errors import (
    CommuneError,
    Conflict,
    Fault,
    InvalidInput,
    NotFound,
    PermissionDenied,
    Unavailable,
)
from commune.ledger.errors import LedgerError
from commune.socialchoice.errors import SocialChoiceError

logger = logging.getLogger("commune.errors")

# The most specific class first: a subclass is found before its base.
STATUS_BY_CLASS: list[tuple[type[Exception], int]] = [
    (NotFound, 404),
    (PermissionDenied, 403),
    (Conflict, 409),
    (InvalidInput, 400),
    (Unavailable, 503),
    (Fault, 500),
    (SocialChoiceError, 400),
    (LedgerError, 400),
]
#: Every error the table knows: what interfaces turn into an answer instead of a 500.
DOMAIN_ERRORS = (CommuneError, SocialChoiceError, LedgerError)


def status_for(error: Exception) -> int:
    """The HTTP status of a domain error: its nearest class in the table."""
    for cls, status in STATUS_BY_CLASS:
        if isinstance(error, cls):
            return status
    return 400  # a bare CommuneError is a refusal of the request as made


def message_of(error: Exception) -> str:
    return str(getattr(error, "message", None) or error)


def log_if_fault(error: Exception) -> None:
    """Faults are the operator's to repair: they reach the log with their traceback."""
    if isinstance(error, Fault):
        logger.error("%s: %s", error.code, error.message, exc_info=error)


#: What a client is told of a fault: its message (a path, a key's name) is for the log.
FAULT_MESSAGE = "the server cannot do this now; its operator has been told; nothing was changed"


def body_for(error: Exception) -> dict[str, object]:
    """What a client is told: a fault's message and details stay in the server's log."""
    code = getattr(error, "code", "error")
    if isinstance(error, Fault):
        return {"code": code, "message": FAULT_MESSAGE, "details": None}
    return {"code": code, "message": message_of(error), "details": getattr(error, "details", None)}


#: Ninja's refusals before a view runs, by status: the code and the message a client gets.
NINJA_REFUSALS: dict[int, tuple[str, str]] = {
    400: ("invalid_input", "the request body is not valid JSON"),
    401: ("not_signed_in", "sign in first: this needs your session cookie"),
    403: (
        "csrf_failed",
        "the CSRF token is missing or wrong: send the csrftoken cookie's value "
        "in the X-CSRFToken header",
    ),
}


def install(api: NinjaAPI) -> None:
    """Render every domain error as `{"code", "message", "details"}` with its status."""

    def _domain_error(request: HttpRequest, error: Exception | type[Exception]) -> HttpResponse:
        raised = cast(Exception, error)  # ninja hands the raised instance
        log_if_fault(raised)
        return api.create_response(request, body_for(raised), status=status_for(raised))

    for cls in DOMAIN_ERRORS:
        api.add_exception_handler(cls, _domain_error)

    @api.exception_handler(HttpError)
    def _http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
        # Ninja's own refusals (no session, a failed CSRF check, a body that is not JSON) in
        # the one shape of every error, instead of ninja's `{"detail": …}`.
        code, message = NINJA_REFUSALS.get(error.status_code, ("refused", str(error)))
        return api.create_response(
            request, {"code": code, "message": message, "details": None}, status=error.status_code
        )

    @api.exception_handler(ValidationError)
    def _bad_parameters(request: HttpRequest, error: ValidationError) -> HttpResponse:
        # Parameters that do not parse are bad input like any other: 400, one shape.
        problems = [
            f"{'.'.join(str(p) for p in item.get('loc', ())[1:]) or 'request'}: {item.get('msg')}"
            for item in error.errors
        ]
        return api.create_response(
            request,
            {"code": "invalid_input", "message": "; ".join(problems), "details": error.errors},
            status=400,
        )
