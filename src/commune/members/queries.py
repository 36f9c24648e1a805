"""Reads about communes, sections and rolls that go beyond a lookup (evaluated, prefetched)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q

from commune import clock
from commune.communes.models import Commune
from commune.errors import NotFound
from commune.members.models import Membership, Person, Section


@dataclass(frozen=True, slots=True)
class SectionSummary:
    """A section as the public pages and the API show it."""

    id: int
    commune_id: int
    number: int
    name: str
    population: int | None
    num_registered_declared: int | None
    num_members: int
    seats: int
    source: str


def _open_at(at: dt.datetime) -> Q:
    return Q(started_at__lte=at) & (Q(ended_at__isnull=True) | Q(ended_at__gt=at))


def count_sections(commune: Commune | None = None) -> int:
    """Sections that act today (merged ones are kept for the record, not counted)."""
    rows = Section.objects.filter(dissolved_at__isnull=True)
    return (rows.filter(commune=commune) if commune is not None else rows).count()


def get_section_by_number(commune: Commune, number: int) -> Section:
    try:
        return Section.objects.get(commune=commune, number=number)
    except Section.DoesNotExist:
        raise NotFound(f"{commune.name} has no section {number}") from None


def list_sections(commune: Commune, *, at: dt.datetime | None = None) -> list[SectionSummary]:
    """Every acting section of a commune with its seats and the members on its roll at `at`."""
    return list_sections_page(commune, at=at, limit=None)


def list_sections_page(
    commune: Commune | None,
    *,
    at: dt.datetime | None = None,
    limit: int | None = 100,
    offset: int = 0,
) -> list[SectionSummary]:
    """A page of acting sections (of one commune, or of all by commune), counted in one query."""
    at = at or clock.now()
    rows = Section.objects.filter(dissolved_at__isnull=True)
    if commune is not None:
        rows = rows.filter(commune=commune)
    rows = rows.annotate(
        num_members=Count(
            "memberships",
            filter=Q(memberships__started_at__lte=at)
            & (Q(memberships__ended_at__isnull=True) | Q(memberships__ended_at__gt=at)),
        )
    ).order_by("commune_id", "number")
    rows = rows[offset : offset + limit] if limit is not None else rows[offset:]
    return [
        SectionSummary(
            id=s.pk,
            commune_id=s.commune_id,
            number=s.number,
            name=s.name,
            population=s.population,
            num_registered_declared=s.num_registered_declared,
            num_members=s.num_members,
            seats=s.seats,
            source=s.source,
        )
        for s in rows
    ]


def get_section_summary(section: Section, *, at: dt.datetime | None = None) -> SectionSummary:
    at = at or clock.now()
    return SectionSummary(
        id=section.pk,
        commune_id=section.commune_id,
        number=section.number,
        name=section.name,
        population=section.population,
        num_registered_declared=section.num_registered_declared,
        num_members=count_registered(section, at=at),
        seats=section.seats,
        source=section.source,
    )


def electoral_roll(section: Section, *, at: dt.datetime | None = None) -> list[Person]:
    """The people entitled to vote in `section` at the instant `at` (now by default)."""
    at = at or clock.now()
    ids = Membership.objects.filter(_open_at(at), section=section).values("person_id")
    return list(Person.objects.filter(pk__in=ids).order_by("full_name", "pk"))


def count_registered(section: Section, *, at: dt.datetime | None = None) -> int:
    """How many are on `section`'s roll at `at`: the base of thresholds like 1871's one eighth."""
    at = at or clock.now()
    return Membership.objects.filter(_open_at(at), section=section).count()


def find_person(commune: Commune, email: str) -> Person | None:
    """A member of `commune` by email (people are kept per commune)."""
    return Person.objects.filter(commune=commune, email=email.strip().lower()).first()


def list_memberships_of(user_id: int | None) -> list[Membership]:
    """The open memberships of the members an account signs in as (one per commune at most),
    with their commune and section, by commune name."""
    if user_id is None:
        return []  # an anonymous visitor is nobody's login
    return list(
        Membership.objects.filter(person__user_id=user_id, ended_at__isnull=True)
        .select_related("commune", "section", "person")
        .order_by("commune__name", "pk")
    )
