"""Domain errors → HTTP statuses, by class, in one table for the API and the pages."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError

from commune.errors import (
    CommuneError,
    Conflict,
    Fault,
    InvalidInput,
    NotFound,
    PermissionDenied,
    Unavailable,
)

logger = logging.getLogger("commune.errors")

# The most specific class first: a subclass is found before its base.
STATUS_BY_CLASS: list[tuple[type[CommuneError], int]] = [
    (NotFound, 404),
    (PermissionDenied, 403),
    (Conflict, 409),
    (InvalidInput, 400),
    (Unavailable, 503),
    (Fault, 500),
]


def status_for(error: CommuneError) -> int:
    """The HTTP status of a domain error: its nearest class in the table."""
    for cls, status in STATUS_BY_CLASS:
        if isinstance(error, cls):
            return status
    return 400  # a bare CommuneError is a refusal of the request as made


def log_if_fault(error: CommuneError) -> None:
    """Faults are the operator's to repair: they reach the log with their traceback."""
    if isinstance(error, Fault):
        logger.error("%s: %s", error.code, error.message, exc_info=error)


#: What a client is told of a fault: its message (a path, a key's name) is for the log.
FAULT_MESSAGE = "the server cannot do this now; its operator has been told; nothing was changed"


def body_for(error: CommuneError) -> dict[str, object]:
    """What a client is told: a fault's message and details stay in the server's log."""
    if isinstance(error, Fault):
        return {"code": error.code, "message": FAULT_MESSAGE, "details": None}
    return {"code": error.code, "message": error.message, "details": error.details}


def install(api: NinjaAPI) -> None:
    """Render every domain error as `{"code", "message", "details"}` with its status."""

    @api.exception_handler(CommuneError)
    def _domain_error(request: HttpRequest, error: CommuneError) -> HttpResponse:
        log_if_fault(error)
        return api.create_response(request, body_for(error), status=status_for(error))

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
