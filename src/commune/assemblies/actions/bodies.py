"""Bodies and their seats.

The council of a commune exists as soon as something needs it (a delegate seated, a motion
tabled). A seat in the council normally comes from a mandate (the mandates room calls
`do_take_seat` when it seats a delegate and journals the mandate itself); a clerk may enter
one by hand where no election has been held in Commune, and the record says so.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from commune import clock
from commune.assemblies import queries
from commune.assemblies.errors import WrongState
from commune.assemblies.models import Body, Motion, Seat
from commune.communes import access
from commune.communes.access import Actor
from commune.communes.models import Commune
from commune.errors import Conflict, InvalidInput
from commune.journal.record import append_entry
from commune.members.models import Person, Section
from commune.text import clean_text


def do_create_body(
    commune: Commune,
    *,
    actor: Actor,
    kind: str,
    name: str,
    competence: str = "",
    section: Section | None = None,
) -> Body:
    """Create the council, a commission, or a section's general assembly."""
    access.require_clerk(actor, commune)
    if kind not in Body.Kind.values:
        raise InvalidInput(f"unknown kind of body {kind!r}", field="kind")
    name = clean_text(name, what="name", max_length=200)
    competence = clean_text(competence, what="competence", max_length=5000, required=False)
    if (kind == Body.Kind.ASSEMBLY) != (section is not None):
        raise InvalidInput("a general assembly belongs to a section, and only it", field="kind")
    if section is not None and section.commune_id != commune.pk:
        raise InvalidInput(f"section {section.number} is not of {commune.name}", field="section")
    try:
        with transaction.atomic():
            body = Body.objects.create(
                commune=commune,
                kind=kind,
                name=name,
                competence=competence,
                section=section,
                created_at=clock.now(),
            )
            append_entry(
                commune,
                "body.created",
                {
                    "body": body.pk,
                    "kind": kind,
                    "name": name,
                    "competence": competence,
                    "section": section.number if section else None,
                },
                actor=actor,
            )
    except IntegrityError:
        raise Conflict(f"{commune.name} already has a body named {name!r}") from None
    return body


def do_ensure_council(commune: Commune, *, actor: Actor) -> Body:
    """The commune's council, created on first need (one per commune, a constraint says)."""
    council = queries.get_council(commune)
    if council is not None:
        return council
    try:
        return do_create_body(
            commune, actor=actor, kind=Body.Kind.COUNCIL, name=str(_("Council of the Commune"))
        )
    except Conflict:
        council = queries.get_council(commune)
        if council is None:
            raise
        return council


def do_take_seat(
    body: Body,
    person: Person,
    *,
    actor: Actor,
    origin: str,
    since: dt.datetime | None = None,
    journal: bool = True,
    decision: Motion | None = None,
) -> Seat:
    """Seat `person` in a council or commission. An appointment to a commission may name the
    council's adopted motion that decided it (`decision`). `journal=False` only for the
    mandates room, whose `mandate.began` entry is the record of the seat."""
    access.require_clerk(actor, body.commune)
    if body.kind == Body.Kind.ASSEMBLY:
        raise InvalidInput("a general assembly has no seats: its members are the section's")
    if origin not in Seat.Origin.values:
        raise InvalidInput(f"unknown origin of a seat {origin!r}", field="origin")
    if person.commune_id != body.commune_id:
        raise InvalidInput(f"{person.full_name} is not of {body.commune.name}", field="person")
    since = since or clock.now()
    if since > clock.now():
        raise InvalidInput("a seat is taken now or at a past instant, not later", field="since")
    if decision is not None and (
        decision.body.kind != Body.Kind.COUNCIL
        or decision.body.commune_id != body.commune_id
        or decision.state != Motion.State.ADOPTED
        or origin != Seat.Origin.APPOINTMENT
    ):
        raise InvalidInput(
            "an appointment is decided by a motion the council adopted", field="decision"
        )
    try:
        with transaction.atomic():
            seat = Seat.objects.create(
                body=body, person=person, origin=origin, started_at=since, decision=decision
            )
            if journal:
                append_entry(
                    body.commune,
                    "seat.taken",
                    {
                        "body": body.pk,
                        "seat": seat.pk,
                        "member": person.full_name,
                        "origin": origin,
                        "at": clock.iso(since),
                        "decision": decision.number if decision else None,
                    },
                    actor=actor,
                )
    except IntegrityError:
        raise Conflict(f"{person.full_name} already sits in {body.name}") from None
    return seat


def do_vacate_seat(
    seat: Seat, *, actor: Actor, at: dt.datetime | None = None, journal: bool = True
) -> Seat:
    """End a seat (resignation, end of a commission's work; the mandates room for a recall)."""
    access.require_clerk(actor, seat.body.commune)
    at = at or clock.now()
    with transaction.atomic():
        seat = Seat.objects.select_for_update().select_related("body", "person").get(pk=seat.pk)
        if seat.ended_at is not None:
            raise WrongState(f"{seat.person.full_name}'s seat is already vacant")
        if at <= seat.started_at:
            raise InvalidInput("a seat ends after it began", field="at")
        seat.ended_at = at
        seat.save(update_fields=["ended_at"])
        if journal:
            append_entry(
                seat.body.commune,
                "seat.vacated",
                {
                    "body": seat.body_id,
                    "seat": seat.pk,
                    "member": seat.person.full_name,
                    "origin": seat.origin,
                    "at": clock.iso(at),
                },
                actor=actor,
            )
    return seat
