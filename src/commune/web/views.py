"""Public pages for people: parse → access → query → render. They never write models."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from commune.communes import access
from commune.communes import queries as commune_queries
from commune.communes.constitution import describe_apportionment
from commune.communes.models import Commune
from commune.members import access as member_access
from commune.members import queries


def _commune_page(request: HttpRequest, commune: Commune) -> HttpResponse:
    sections = queries.list_sections(commune)
    num_seats = sum(s.seats for s in sections)
    num_members = sum(s.num_members for s in sections)
    is_clerk = access.is_clerk(request.user, commune)
    return render(
        request,
        "commune/commune.html",
        {
            "commune": commune,
            "sections": sections,
            "num_seats": num_seats,
            "num_members": num_members,
            "has_population": any(s.population is not None for s in sections),
            "has_registered": any(s.num_registered_declared is not None for s in sections),
            "apportionment_rule": describe_apportionment(
                commune_queries.get_constitution(commune).apportionment
            ),
            "is_clerk": is_clerk,
            # The clerk's next steps, in the order a new organisation takes them.
            "steps": [
                ("sections", bool(sections)),
                ("seats", num_seats > 0),
                ("members", num_members > 0),
            ]
            if is_clerk
            else [],
        },
    )


def home(request: HttpRequest) -> HttpResponse:
    """What Commune is, and the communes this server holds (a page of them at a time)."""
    paginator: Paginator[Commune] = Paginator(
        commune_queries.CommuneList(),  # type: ignore[arg-type]  # sliced one page at a time
        commune_queries.COMMUNES_PER_PAGE,
        allow_empty_first_page=True,
    )
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "commune/home.html",
        {
            "page": page,
            "communes": list(page.object_list),
            "can_found": access.can_found_commune(request.user),
        },
    )


def commune_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _commune_page(request, access.access_commune(request.user, slug))


def section_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    commune = access.access_commune(request.user, slug)
    section = member_access.access_section_by_number(request.user, commune, number)
    return render(
        request,
        "commune/section.html",
        {
            "commune": commune,
            "section": queries.get_section_summary(section),
            "merged_into": section.merged_into,
            "is_clerk": access.is_clerk(request.user, commune) and section.dissolved_at is None,
        },
    )
