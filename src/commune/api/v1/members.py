"""Communes and sections: public, read-only, one bounded page at a time.

Lists take `limit` (1 to 1,000, default 100) and `offset`, and say how many there are
in all in the `X-Total-Count` header, so a client pages through any number of them.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema
from pydantic import Field

from commune.api.schemas import CommuneOut, Error, SectionOut
from commune.communes import access
from commune.communes import queries as commune_queries
from commune.communes.models import Commune
from commune.members import access as member_access
from commune.members import queries
from commune.members.queries import SectionSummary

router = Router(tags=["communes and sections"])

MAX_PAGE = 1000


class Page(Schema):
    limit: int = Field(100, ge=1, le=MAX_PAGE, description="how many to return (at most 1,000)")
    offset: int = Field(0, ge=0, description="how many to skip")


def _commune_out(commune: Commune, sections: list[SectionSummary]) -> CommuneOut:
    return CommuneOut(
        slug=commune.slug,
        name=commune.name,
        description=commune.description,
        constitution_version=commune.constitution_version,
        constitution=commune.constitution,
        num_sections=len(sections),
        num_seats=sum(s.seats for s in sections),
    )


def _section_out(slug: str, summary: SectionSummary) -> SectionOut:
    return SectionOut(
        id=summary.id,
        commune=slug,
        number=summary.number,
        name=summary.name,
        population=summary.population,
        num_registered_declared=summary.num_registered_declared,
        num_members=summary.num_members,
        seats=summary.seats,
        source=summary.source,
    )


@router.get(
    "/communes",
    response={200: list[CommuneOut], 400: Error},
    summary="Communes on this server, by name (a page at a time)",
)
def list_communes(
    request: HttpRequest, response: HttpResponse, page: Query[Page]
) -> list[CommuneOut]:
    response["X-Total-Count"] = str(commune_queries.count_communes())
    communes = commune_queries.list_communes(limit=page.limit, offset=page.offset)
    return [_commune_out(c, queries.list_sections(c)) for c in communes]


@router.get(
    "/communes/{slug}", response={200: CommuneOut, 404: Error}, summary="One commune and its rules"
)
def get_commune(request: HttpRequest, slug: str) -> CommuneOut:
    commune = access.access_commune(request.user, slug)
    return _commune_out(commune, queries.list_sections(commune))


@router.get(
    "/sections",
    response={200: list[SectionOut], 400: Error, 404: Error},
    summary="Sections with their seats and members on the roll (a page at a time)",
)
def list_sections(
    request: HttpRequest, response: HttpResponse, page: Query[Page], commune: str | None = None
) -> list[SectionOut]:
    one = access.access_commune(request.user, commune) if commune else None
    response["X-Total-Count"] = str(queries.count_sections(one))
    rows = queries.list_sections_page(one, limit=page.limit, offset=page.offset)
    slugs = commune_queries.slugs_by_id({s.commune_id for s in rows})
    return [_section_out(slugs[s.commune_id], s) for s in rows]


@router.get("/sections/{section_id}", response={200: SectionOut, 404: Error}, summary="One section")
def get_section(request: HttpRequest, section_id: int) -> SectionOut:
    section = member_access.access_section(request.user, section_id)
    return _section_out(section.commune.slug, queries.get_section_summary(section))
