"""Reads of the assemblies that are more than a lookup."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from commune import clock
from commune.assemblies.models import (
    AgendaItem,
    Body,
    Decree,
    Division,
    DivisionVote,
    Motion,
    Seat,
    Sitting,
)
from commune.communes.models import Commune
from commune.members.models import Membership, Person


def get_council(commune: Commune) -> Body | None:
    return Body.objects.filter(commune=commune, kind=Body.Kind.COUNCIL).first()


def list_bodies(commune: Commune) -> list[Body]:
    """The council first, then the commissions, then the sections' assemblies."""
    order = {Body.Kind.COUNCIL: 0, Body.Kind.COMMISSION: 1, Body.Kind.ASSEMBLY: 2}
    bodies = list(
        Body.objects.filter(commune=commune)
        .select_related("section")
        .annotate(open_seats=Count("seats", filter=Q(seats__ended_at__isnull=True)))
    )
    return sorted(bodies, key=lambda b: (order[Body.Kind(b.kind)], b.name))


def get_body(commune: Commune, body_id: int) -> Body | None:
    return Body.objects.filter(commune=commune, pk=body_id).select_related("section").first()


def person_of(commune: Commune, user_id: int | None) -> Person | None:
    """The signed-in user's member record in `commune`, if any."""
    if user_id is None:
        return None
    return Person.objects.filter(commune=commune, user_id=user_id).first()


def _members_q(body: Body, at: dt.datetime) -> QuerySet[Person]:
    if body.kind == Body.Kind.ASSEMBLY:
        open_then = Q(memberships__started_at__lte=at) & (
            Q(memberships__ended_at__isnull=True) | Q(memberships__ended_at__gt=at)
        )
        return Person.objects.filter(open_then, memberships__section=body.section)
    held_then = Q(seats__started_at__lte=at) & (
        Q(seats__ended_at__isnull=True) | Q(seats__ended_at__gt=at)
    )
    return Person.objects.filter(held_then, seats__body=body)


def is_member(body: Body, person: Person, *, at: dt.datetime | None = None) -> bool:
    """Does `person` sit in `body` (hold a seat, or belong to the assembly's section)?"""
    at = at or clock.now()
    if body.kind == Body.Kind.ASSEMBLY:
        # The sections the person belonged to at `at`, from their own few memberships (the
        # index on person): with the section among the conditions, SQLite without statistics
        # took the index on (section, started_at, ended_at) and walked the section's members.
        sections = Membership.objects.filter(
            Q(started_at__lte=at) & (Q(ended_at__isnull=True) | Q(ended_at__gt=at)),
            person=person,
        ).values_list("section_id", flat=True)
        return body.section_id in set(sections.order_by())
    return _members_q(body, at).filter(pk=person.pk).exists()


def count_members(body: Body, *, at: dt.datetime | None = None) -> int:
    return _members_q(body, at or clock.now()).distinct().count()


def list_members(body: Body, *, at: dt.datetime | None = None, limit: int = 500) -> list[Person]:
    return list(_members_q(body, at or clock.now()).distinct().order_by("full_name")[:limit])


def list_seats(body: Body, *, at: dt.datetime | None = None, limit: int = 1000) -> list[Seat]:
    """The seats of a council or commission held at `at` (now), with their holders, by name."""
    at = at or clock.now()
    return list(
        Seat.objects.filter(body=body, started_at__lte=at)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gt=at))
        .select_related("person", "decision")
        .order_by("person__full_name", "pk")[:limit]
    )


def get_person(commune: Commune, person_id: int) -> Person | None:
    return Person.objects.filter(commune=commune, pk=person_id).first()


def open_seat(body: Body, person: Person) -> Seat | None:
    return Seat.objects.filter(body=body, person=person, ended_at__isnull=True).first()


def list_sittings(body: Body, *, limit: int = 50, offset: int = 0) -> list[Sitting]:
    return list(
        Sitting.objects.filter(body=body)
        .annotate(present=Count("attendance"))
        .order_by("-scheduled_for", "-number")[offset : offset + limit]
    )


def count_sittings(body: Body) -> int:
    return Sitting.objects.filter(body=body).count()


def list_sitting_divisions(sitting: Sitting) -> list[Division]:
    """The divisions taken during a sitting, in the order they were opened."""
    return list(
        Division.objects.filter(sitting=sitting)
        .select_related("motion")
        .order_by("opened_at", "pk")
    )


def get_sitting(body: Body, number: int) -> Sitting | None:
    return Sitting.objects.filter(body=body, number=number).first()


def current_sitting(body: Body) -> Sitting | None:
    """The sitting in progress (opened, not closed), if any."""
    return (
        Sitting.objects.filter(body=body, opened_at__isnull=False, closed_at__isnull=True)
        .order_by("-opened_at")
        .first()
    )


def next_sitting(body: Body) -> Sitting | None:
    """The sitting in progress, or else the next one convened."""
    return current_sitting(body) or (
        Sitting.objects.filter(body=body, opened_at__isnull=True, scheduled_for__gte=clock.now())
        .order_by("scheduled_for")
        .first()
    )


def list_agenda(sitting: Sitting) -> list[AgendaItem]:
    return list(AgendaItem.objects.filter(sitting=sitting).select_related("motion"))


def present_names(sitting: Sitting) -> list[str]:
    return list(
        sitting.attendance.select_related("person")
        .order_by("person__full_name")
        .values_list("person__full_name", flat=True)
    )


def count_present(sitting: Sitting) -> int:
    return sitting.attendance.count()


def list_motions(
    body: Body, *, state: str | None = None, limit: int = 100, offset: int = 0
) -> list[Motion]:
    """A page of a body's motions (amendments are shown with their motion), newest first."""
    motions = Motion.objects.filter(body=body, amends__isnull=True).select_related("proposer")
    if state:
        motions = motions.filter(state=state)
    return list(motions.order_by("-number")[offset : offset + limit])


def count_motions(body: Body, *, state: str | None = None) -> int:
    motions = Motion.objects.filter(body=body, amends__isnull=True)
    return (motions.filter(state=state) if state else motions).count()


def get_motion(body: Body, number: int) -> Motion | None:
    return (
        Motion.objects.filter(body=body, number=number)
        .select_related("proposer", "amends", "referred_to", "body")
        .first()
    )


def list_amendments(motion: Motion) -> list[Motion]:
    return list(motion.amendments.select_related("proposer").order_by("number"))


def pending_amendments(motion: Motion) -> list[Motion]:
    """Amendments still to be decided: a motion is voted only after all of them."""
    return list(
        motion.amendments.exclude(
            state__in=[Motion.State.ADOPTED, Motion.State.REJECTED, Motion.State.WITHDRAWN]
        ).order_by("number")
    )


def cosigners(motion: Motion) -> list[str]:
    return list(
        motion.cosignatures.order_by("signed_at", "pk").values_list("person__full_name", flat=True)
    )


def open_division(body: Body) -> Division | None:
    return (
        Division.objects.filter(body=body, closed_at__isnull=True)
        .select_related("motion", "sitting")
        .first()
    )


def list_divisions(motion: Motion) -> list[Division]:
    return list(motion.divisions.select_related("sitting").order_by("opened_at", "pk"))


def get_division(body: Body, division_id: int) -> Division | None:
    return (
        Division.objects.filter(body=body, pk=division_id)
        .select_related("motion", "sitting", "body")
        .first()
    )


@dataclass(frozen=True, slots=True)
class Tally:
    yes: list[str]
    no: list[str]
    abstain: list[str]


def roll_call(division: Division) -> Tally:
    """Who voted how, by name (a roll-call is public)."""
    names: dict[str, list[str]] = {"yes": [], "no": [], "abstain": []}
    for name, choice in division.votes.order_by("person__full_name").values_list(
        "person__full_name", "choice"
    ):
        names[choice].append(name)
    return Tally(names["yes"], names["no"], names["abstain"])


def vote_of(division: Division, person: Person) -> str | None:
    return division.votes.filter(person=person).values_list("choice", flat=True).first()


def division_counts(division: Division) -> dict[str, int]:
    counts = dict(division.votes.values_list("choice").annotate(n=Count("pk")))
    return {choice: counts.get(choice, 0) for choice in ("yes", "no", "abstain")}


def list_decrees(commune: Commune, *, limit: int = 100, offset: int = 0) -> list[Decree]:
    return list(
        Decree.objects.filter(commune=commune)
        .select_related("amends", "repeals")
        .order_by("-number")[offset : offset + limit]
    )


def count_decrees(commune: Commune) -> int:
    return Decree.objects.filter(commune=commune).count()


def get_decree(commune: Commune, number: int) -> Decree | None:
    return (
        Decree.objects.filter(commune=commune, number=number)
        .select_related("motion", "motion__body", "amends", "repeals")
        .first()
    )


@dataclass(frozen=True, slots=True)
class Consolidated:
    """A decree as it stands: its text in force (after amending decrees), or its repeal."""

    decree: Decree
    text: str
    history: list[Decree]
    repealed_by: Decree | None


def consolidate(decree: Decree) -> Consolidated:
    """Follow the decrees that amended or repealed `decree`, in the order they came."""
    later = list(Decree.objects.filter(Q(amends=decree) | Q(repeals=decree)).order_by("number"))
    text = decree.text
    repealed_by = None
    for other in later:
        if other.repeals_id == decree.pk:
            repealed_by = other
        else:
            text = other.text
    return Consolidated(decree, text, later, repealed_by)


@dataclass(frozen=True, slots=True)
class VoteLine:
    division: Division
    motion: Motion
    choice: str | None  # None: a member then, but did not vote


def voting_record(person: Person, *, limit: int = 200) -> list[DivisionVote]:
    """Every roll-call vote a person cast, newest first."""
    return list(
        DivisionVote.objects.filter(person=person)
        .select_related("division", "division__motion", "division__body")
        .order_by("-division__opened_at", "-division__pk")[:limit]
    )


def attendance_record(person: Person, *, limit: int = 200) -> list[Sitting]:
    return list(
        Sitting.objects.filter(attendance__person=person)
        .select_related("body")
        .order_by("-scheduled_for")[:limit]
    )


def seats_of(person: Person) -> list[Seat]:
    return list(Seat.objects.filter(person=person).select_related("body").order_by("started_at"))


def sittings_while_seated(person: Person) -> int:
    """Closed sittings of the bodies `person` sat in, held while they held the seat."""
    total = 0
    for seat in Seat.objects.filter(person=person):
        held = Q(body_id=seat.body_id, opened_at__gte=seat.started_at, closed_at__isnull=False)
        if seat.ended_at:
            held &= Q(opened_at__lt=seat.ended_at)
        total += Sitting.objects.filter(held).count()
    return total


def open_membership_section(person: Person) -> int | None:
    return (
        Membership.objects.filter(person=person, ended_at__isnull=True)
        .values_list("section_id", flat=True)
        .first()
    )


def list_commissions(commune: Commune) -> list[Body]:
    return list(Body.objects.filter(commune=commune, kind=Body.Kind.COMMISSION).order_by("name"))


def decree_of(motion: Motion) -> Decree | None:
    return Decree.objects.filter(motion=motion).first()


def pending_motions(body: Body, *, limit: int = 200) -> list[Motion]:
    """A body's motions still before it (not amendments), newest first."""
    return list(
        Motion.objects.filter(
            body=body,
            amends__isnull=True,
            state__in=[
                Motion.State.TABLED,
                Motion.State.REFERRED,
                Motion.State.REPORTED,
                Motion.State.ON_AGENDA,
            ],
        ).order_by("-number")[:limit]
    )


def adopted_motions(body: Body, *, limit: int = 200) -> list[Motion]:
    """A body's adopted motions (not amendments), newest first: the decisions it can cite."""
    return list(
        Motion.objects.filter(body=body, amends__isnull=True, state=Motion.State.ADOPTED).order_by(
            "-number"
        )[:limit]
    )
