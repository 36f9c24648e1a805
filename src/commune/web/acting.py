"""The pattern every page that acts follows: form → access → action → redirect with a message.

A view builds its form and calls `act_on`, passing the act as a function of the
form's cleaned data. A refusal by the action is shown beside the field it names
(`CommuneError.field`), or above the form, and the page is rendered again with
status 400; a list of bad lines (an import) is shown as a table. Success redirects
(so reloading never repeats the act) with a message saying what was done. A refused
page's status is the error's, by class (`commune.api.errors`): 400, or 409 for a conflict.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render

from commune.api.errors import status_for
from commune.errors import CommuneError, NotFound, PermissionDenied

Done = tuple[str, str]  # (what was done, in words; where to go next)


def act_on(
    request: HttpRequest,
    form: forms.Form,
    act: Callable[[dict[str, Any]], Done],
    *,
    template: str,
    context: Mapping[str, Any],
) -> HttpResponse:
    """Render `form`, or perform `act` with its data and redirect; refusals go beside fields."""
    problems: list[dict[str, Any]] = []
    status = 400
    if request.method == "POST" and form.is_valid():
        try:
            message, next_url = act(form.cleaned_data)
        except (NotFound, PermissionDenied):
            raise  # the error pages answer these (commune.web.errors)
        except CommuneError as error:
            status = status_for(error)
            field = error.field if error.field in form.fields else None
            form.add_error(field, error.message)
            if isinstance(error.details, list) and all(
                isinstance(d, dict) and "line" in d for d in error.details
            ):
                problems = list(error.details)
        else:
            messages.success(request, message)
            return HttpResponseRedirect(next_url)
    response = render(request, template, {**context, "form": form, "problems": problems})
    if request.method == "POST":
        response.status_code = status  # the act was refused (400, or 409 for a conflict)
    return response


def submitted(request: HttpRequest) -> dict[str, Any]:
    """The form's data on a POST, none on a GET (an unbound form shows no errors)."""
    return {"data": request.POST if request.method == "POST" else None}
