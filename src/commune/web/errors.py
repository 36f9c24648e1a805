"""Error pages: a domain error raised by a view becomes a page with its status (by class, from
the one table in `commune.api.errors`), and Django's 400/403/404/500 pages share the site's
look and language."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commune.api.errors import DOMAIN_ERRORS, log_if_fault, message_of, status_for
from commune.errors import Fault

TITLES = {
    400: gettext_lazy("The request cannot be read"),
    403: gettext_lazy("Not allowed"),
    404: gettext_lazy("Not found"),
    409: gettext_lazy("In conflict with the record"),
    500: gettext_lazy("Something went wrong on the server"),
    503: gettext_lazy("Temporarily unavailable"),
}


def _page(request: HttpRequest, status: int, message: str) -> HttpResponse:
    return render(
        request,
        "commune/error.html",
        {"status": status, "title": str(TITLES.get(status, TITLES[400])), "message": message},
        status=status,
    )


class DomainErrorMiddleware:
    """Render a domain error that escaped a view as an error page with its status."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DOMAIN_ERRORS):
            return None
        log_if_fault(exception)
        # A fault's message is for the operator's log; the person is told it is not theirs.
        message = (
            _("The server could not do this; its operator has been told. Nothing was changed.")
            if isinstance(exception, Fault)
            else message_of(exception)
        )
        return _page(request, status_for(exception), message)


def bad_request(request: HttpRequest, exception: Exception, **kwargs: Any) -> HttpResponse:
    return _page(request, 400, _("The request is malformed."))


def permission_denied(request: HttpRequest, exception: Exception, **kwargs: Any) -> HttpResponse:
    return _page(request, 403, _("You may not see this page."))


def page_not_found(request: HttpRequest, exception: Exception, **kwargs: Any) -> HttpResponse:
    return _page(request, 404, _("There is no page at this address."))


def server_error(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    # No context processors: the page must render even when they are what failed.
    try:
        html = loader.render_to_string("commune/error_500.html")
    except Exception:  # the template itself failed: plain text still tells the truth
        return HttpResponse(
            "Server error. Nothing was changed.", status=500, content_type="text/plain"
        )
    return HttpResponse(html, status=500)
