"""The public record of the assemblies: anyone may read it, no sign-in.

Bodies, their motions with amendments and the difference they made, sittings with agenda and
roll, divisions with the roll-call by name, decrees with the text in force, and a person's
record in the bodies they sat in.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema
from pydantic import Field

from commune.api.schemas import Error
from commune.api.v1.assemblies import shapes
from commune.api.v1.assemblies.shapes import MAX_PAGE
from commune.assemblies import access, queries
from commune.assemblies.models import Body, Decree, Division, Motion, Sitting
from commune.communes import access as commune_access
from commune.communes.access import Actor
from commune.communes.models import Commune
from commune.errors import NotFound
from commune.members import queries as member_queries

router = Router(tags=["assemblies"])

BODY = "/communes/{slug}/bodies/{body_id}"


class Page(Schema):
    limit: int = Field(100, ge=1, le=MAX_PAGE, description="how many to return (at most 1,000)")
    offset: int = Field(0, ge=0, description="how many to skip")


class MotionPage(Page):
    state: Motion.State | None = Field(None, description="only motions in this state")


# ── Lookups shared with the writes: a missing thing is a 404 that names it ─────────────────


def get_body(actor: Actor, slug: str, body_id: int) -> Body:
    commune = commune_access.access_commune(actor, slug)
    return access.access_body(actor, commune, body_id)


def get_sitting(body: Body, number: int) -> Sitting:
    sitting = queries.get_sitting(body, number)
    if sitting is None:
        raise NotFound(f"no sitting {number} of {body.name}")
    return sitting


def get_division(body: Body, division_id: int) -> Division:
    division = queries.get_division(body, division_id)
    if division is None:
        raise NotFound(f"no division {division_id} in {body.name}")
    return division


def get_decree(commune: Commune, number: int) -> Decree:
    decree = queries.get_decree(commune, number)
    if decree is None:
        raise NotFound(f"no decree {number} of {commune.name}")
    return decree


# ── Bodies ────────────────────────────────────────────────────────────────────────────────


@router.get(
    "/communes/{slug}/bodies",
    response={200: list[shapes.BodyOut], 404: Error},
    summary="The council, the commissions and the sections' assemblies, with their members",
)
def list_bodies(request: HttpRequest, slug: str) -> Any:
    commune = commune_access.access_commune(request.user, slug)
    # An assembly's members are its section's roll: counted with the sections, in one read.
    roll = {s.id: s.num_members for s in member_queries.list_sections(commune)}
    return [
        shapes.body_out(
            b, roll.get(b.section_id, 0) if b.section_id else getattr(b, "open_seats", 0)
        )
        for b in queries.list_bodies(commune)
    ]


@router.get(
    BODY,
    response={200: shapes.BodyDetail, 404: Error},
    summary="One body: who sits in it, and what it is doing now",
)
def get_body_detail(request: HttpRequest, slug: str, body_id: int) -> Any:
    body = get_body(request.user, slug, body_id)
    if body.kind == Body.Kind.ASSEMBLY:
        members: list[dict[str, Any]] = []  # the roll of a section is not published by name
        num_members = queries.count_members(body)
    else:
        seats = queries.list_seats(body)
        members = [
            {"name": s.person.full_name, "origin": s.origin, "since": s.started_at} for s in seats
        ]
        num_members = len(seats) if len(seats) < 1000 else queries.count_members(body)
    sitting = queries.current_sitting(body)
    division = queries.open_division(body)
    return {
        **shapes.body_out(body, num_members),
        "members": members,
        "current_sitting": sitting.number if sitting else None,
        "open_division": division.pk if division else None,
    }


# ── Motions ───────────────────────────────────────────────────────────────────────────────


@router.get(
    f"{BODY}/motions",
    response={200: shapes.MotionList, 400: Error, 404: Error},
    summary="A body's motions, newest first (amendments are listed with their motion)",
)
def list_motions(
    request: HttpRequest, response: HttpResponse, slug: str, body_id: int, page: Query[MotionPage]
) -> Any:
    body = get_body(request.user, slug, body_id)
    state = page.state.value if page.state else None
    response["X-Total-Count"] = str(queries.count_motions(body, state=state))
    rows = queries.list_motions(body, state=state, limit=page.limit, offset=page.offset)
    return {"motions": [shapes.motion_out(m) for m in rows]}


@router.get(
    f"{BODY}/motions/{{number}}",
    response={200: shapes.MotionDetail, 404: Error},
    summary="A motion or amendment: its texts, the difference, amendments and divisions",
)
def get_motion(request: HttpRequest, slug: str, body_id: int, number: int) -> Any:
    body = get_body(request.user, slug, body_id)
    return shapes.motion_detail(access.access_motion(request.user, body, number))


# ── Sittings and divisions ────────────────────────────────────────────────────────────────


@router.get(
    f"{BODY}/sittings",
    response={200: shapes.SittingList, 400: Error, 404: Error},
    summary="A body's sittings, latest first",
)
def list_sittings(
    request: HttpRequest, response: HttpResponse, slug: str, body_id: int, page: Query[Page]
) -> Any:
    body = get_body(request.user, slug, body_id)
    response["X-Total-Count"] = str(queries.count_sittings(body))
    rows = queries.list_sittings(body, limit=page.limit, offset=page.offset)
    return {"sittings": [shapes.sitting_out(s, getattr(s, "present", 0)) for s in rows]}


@router.get(
    f"{BODY}/sittings/{{number}}",
    response={200: shapes.SittingDetail, 404: Error},
    summary="A sitting: its order of the day, those present, the divisions taken",
)
def get_sitting_detail(request: HttpRequest, slug: str, body_id: int, number: int) -> Any:
    body = get_body(request.user, slug, body_id)
    return shapes.sitting_detail(get_sitting(body, number))


@router.get(
    f"{BODY}/divisions/{{division_id}}",
    response={200: shapes.DivisionDetail, 404: Error},
    summary="A division, live while open: counts, who voted how, the outcome and its arithmetic",
)
def get_division_detail(request: HttpRequest, slug: str, body_id: int, division_id: int) -> Any:
    body = get_body(request.user, slug, body_id)
    return shapes.division_detail(get_division(body, division_id))


# ── Decrees ───────────────────────────────────────────────────────────────────────────────


@router.get(
    "/communes/{slug}/decrees",
    response={200: shapes.DecreeList, 400: Error, 404: Error},
    summary="The commune's decrees, newest first",
)
def list_decrees(request: HttpRequest, response: HttpResponse, slug: str, page: Query[Page]) -> Any:
    commune = commune_access.access_commune(request.user, slug)
    response["X-Total-Count"] = str(queries.count_decrees(commune))
    rows = queries.list_decrees(commune, limit=page.limit, offset=page.offset)
    return {"decrees": [shapes.decree_out(d) for d in rows]}


@router.get(
    "/communes/{slug}/decrees/{number}",
    response={200: shapes.DecreeDetail, 404: Error},
    summary="A decree: its text, the text in force, what amended or repealed it, its division",
)
def get_decree_detail(request: HttpRequest, slug: str, number: int) -> Any:
    commune = commune_access.access_commune(request.user, slug)
    return shapes.decree_detail(get_decree(commune, number))


# ── A person's record ─────────────────────────────────────────────────────────────────────

RECORD_LIMIT = 200


@router.get(
    "/communes/{slug}/people/{person_id}/record",
    response={200: shapes.PersonRecord, 404: Error},
    summary="What a person did in the bodies: seats held, roll-call votes, sittings attended",
)
def get_person_record(request: HttpRequest, slug: str, person_id: int) -> Any:
    commune = commune_access.access_commune(request.user, slug)
    person = queries.get_person(commune, person_id)
    missing = NotFound(f"no public record of person {person_id} in {commune.name}")
    if person is None:
        raise missing
    seats = queries.seats_of(person)
    votes = queries.voting_record(person, limit=RECORD_LIMIT)
    sittings = queries.attendance_record(person, limit=RECORD_LIMIT)
    if not (seats or votes or sittings):
        # A member who never sat, voted nor attended has no public record: their name is on
        # the roll only, which is not published (the same answer as for nobody).
        raise missing
    return {
        "id": person.pk,
        "name": person.full_name,
        "seats": [
            {
                "body": s.body_id,
                "body_name": s.body.name,
                "kind": s.body.kind,
                "origin": s.origin,
                "started_at": s.started_at,
                "ended_at": s.ended_at,
            }
            for s in seats
        ],
        "votes": [
            {
                "division": v.division_id,
                "body": v.division.body_id,
                "motion": v.division.motion.number,
                "motion_title": v.division.motion.title,
                "choice": v.choice,
                "opened_at": v.division.opened_at,
            }
            for v in votes
        ],
        "sittings": [
            {
                "body": s.body_id,
                "body_name": s.body.name,
                "sitting": s.number,
                "scheduled_for": s.scheduled_for,
            }
            for s in sittings
        ],
    }
