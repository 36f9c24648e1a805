"""Communes and sections: public, read-only."""

from __future__ import annotations

from dataclasses import asdict

from django.http import HttpRequest
from ninja import Router

from commune.api.schemas import CommuneOut, Error, SectionOut
from commune.communes import access
from commune.communes import queries as commune_queries
from commune.communes.models import Commune
from commune.members import access as member_access
from commune.members import queries
from commune.members.queries import SectionSummary

router = Router(tags=["communes and sections"])


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


def _section_out(commune: Commune, summary: SectionSummary) -> SectionOut:
    return SectionOut(commune=commune.slug, **asdict(summary))


@router.get("/communes", response=list[CommuneOut], summary="Every commune on this server")
def list_communes(request: HttpRequest) -> list[CommuneOut]:
    return [_commune_out(c, queries.list_sections(c)) for c in commune_queries.list_communes()]


@router.get(
    "/communes/{slug}", response={200: CommuneOut, 404: Error}, summary="One commune and its rules"
)
def get_commune(request: HttpRequest, slug: str) -> CommuneOut:
    commune = access.access_commune(request.user, slug)
    return _commune_out(commune, queries.list_sections(commune))


@router.get(
    "/sections",
    response={200: list[SectionOut], 404: Error},
    summary="Sections with their seats and members on the roll",
)
def list_sections(request: HttpRequest, commune: str | None = None) -> list[SectionOut]:
    communes = (
        [access.access_commune(request.user, commune)]
        if commune
        else commune_queries.list_communes()
    )
    return [_section_out(c, s) for c in communes for s in queries.list_sections(c)]


@router.get("/sections/{section_id}", response={200: SectionOut, 404: Error}, summary="One section")
def get_section(request: HttpRequest, section_id: int) -> SectionOut:
    section = member_access.access_section(request.user, section_id)
    return _section_out(section.commune, queries.get_section_summary(section))
