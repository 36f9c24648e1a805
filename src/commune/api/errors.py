"""Domain error codes → HTTP statuses, in one table."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError

from commune.errors import CommuneError

STATUS_BY_CODE: dict[str, int] = {
    "not_found": 404,
    "permission_denied": 403,
    "invalid_input": 400,
    "import_rejected": 400,
    "conflict": 409,
    "already_member": 409,
    "seat_tie": 409,
}


def status_for(error: CommuneError) -> int:
    return STATUS_BY_CODE.get(error.code, 400)


def install(api: NinjaAPI) -> None:
    """Render every domain error as `{"code", "message", "details"}` with its status."""

    @api.exception_handler(CommuneError)
    def _domain_error(request: HttpRequest, error: CommuneError) -> HttpResponse:
        return api.create_response(
            request,
            {"code": error.code, "message": error.message, "details": error.details},
            status=status_for(error),
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
