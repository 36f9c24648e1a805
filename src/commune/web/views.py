"""Views for people: parse → access → query → render. They never write models."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from commune.communes import access
from commune.communes import queries as commune_queries
from commune.communes.constitution import describe_apportionment, validate_constitution
from commune.communes.models import Commune
from commune.errors import NotFound
from commune.members import queries


def _commune_page(request: HttpRequest, commune: Commune) -> HttpResponse:
    sections = queries.list_sections(commune)
    return render(
        request,
        "commune/commune.html",
        {
            "commune": commune,
            "sections": sections,
            "num_seats": sum(s.seats for s in sections),
            "num_members": sum(s.num_members for s in sections),
            "has_population": any(s.population is not None for s in sections),
            "has_registered": any(s.num_registered_declared is not None for s in sections),
            "apportionment_rule": describe_apportionment(
                validate_constitution(commune.constitution).apportionment
            ),
        },
    )


def home(request: HttpRequest) -> HttpResponse:
    """The only commune's page when a server holds one; otherwise the list of communes."""
    communes = commune_queries.list_communes()
    if len(communes) == 1:
        return _commune_page(request, communes[0])
    return render(request, "commune/home.html", {"communes": communes})


def commune_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        commune = access.access_commune(request.user, slug)
    except NotFound as error:
        raise Http404(error.message) from None
    return _commune_page(request, commune)


def section_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    try:
        commune = access.access_commune(request.user, slug)
        section = queries.get_section_by_number(commune, number)
    except NotFound as error:
        raise Http404(error.message) from None
    return render(
        request,
        "commune/section.html",
        {"commune": commune, "section": queries.get_section_summary(section)},
    )
