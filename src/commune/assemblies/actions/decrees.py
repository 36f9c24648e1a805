"""Decrees: an adopted motion of the council, promulgated with its number, date and text.

Decrees are numbered per commune, without gaps, under the council's row lock. A decree may
amend an earlier one (its text replaces the earlier text in force) or repeal it. A decree of
record (1871) is entered with its date and sources and the outcome the sources give, never
with invented votes.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max

from commune import clock
from commune.assemblies import queries
from commune.assemblies.actions.common import lock_body
from commune.assemblies.actions.motions import journal_tabled, next_motion_number
from commune.assemblies.errors import WrongState
from commune.assemblies.models import Body, Decree, Majority, Motion
from commune.communes import access
from commune.communes.access import Actor
from commune.errors import Conflict, InvalidInput
from commune.journal.record import append_entry
from commune.text import clean_text


def _check_target(decree: Decree | None, commune_id: int, field: str) -> None:
    if decree is not None and decree.commune_id != commune_id:
        raise InvalidInput(f"decree {decree.number} is of another commune", field=field)


def _create(
    motion: Motion,
    *,
    actor: Actor,
    at: dt.datetime,
    amends: Decree | None,
    repeals: Decree | None,
    division_id: int | None,
    source: str = "",
    recorded_outcome: str = "",
) -> Decree:
    commune = motion.body.commune
    if amends is not None and repeals is not None:
        raise InvalidInput("a decree amends a decree or repeals one, not both", field="repeals")
    _check_target(amends, commune.pk, "amends")
    _check_target(repeals, commune.pk, "repeals")
    for target in (amends, repeals):
        if target is not None and queries.consolidate(target).repealed_by is not None:
            raise WrongState(f"decree {target.number} is already repealed")
    number = (Decree.objects.filter(commune=commune).aggregate(n=Max("number"))["n"] or 0) + 1
    decree = Decree.objects.create(
        commune=commune,
        number=number,
        motion=motion,
        title=motion.title,
        text=motion.current_text,
        promulgated_at=at,
        amends=amends,
        repeals=repeals,
        source=source,
        recorded_outcome=recorded_outcome,
    )
    append_entry(
        commune,
        "decree.promulgated",
        {
            "decree": decree.pk,
            "number": number,
            "body": motion.body_id,
            "motion": motion.number,
            "title": decree.title,
            "text": decree.text,
            "promulgated_at": clock.iso(at),
            "amends": amends.number if amends else None,
            "repeals": repeals.number if repeals else None,
            "division": division_id,
            "recorded_outcome": recorded_outcome,
            "source": source,
        },
        actor=actor,
    )
    return decree


def do_promulgate_decree(
    motion: Motion,
    *,
    actor: Actor,
    amends: Decree | None = None,
    repeals: Decree | None = None,
) -> Decree:
    """Promulgate a motion the council adopted as the commune's next decree."""
    access.require_clerk(actor, motion.body.commune)
    with transaction.atomic():
        lock_body(motion.body)
        motion = (
            Motion.objects.select_for_update(of=("self",))
            .select_related("body", "body__commune")
            .get(pk=motion.pk)
        )
        if motion.body.kind != Body.Kind.COUNCIL:
            raise WrongState("only the council's motions become decrees")
        if motion.is_amendment:
            raise WrongState("an amendment becomes part of its motion, not a decree")
        if motion.state != Motion.State.ADOPTED:
            raise WrongState(
                f"motion {motion.number} is {motion.get_state_display()}: only an adopted "
                "motion is promulgated"
            )
        if Decree.objects.filter(motion=motion).exists():
            raise Conflict(f"motion {motion.number} is promulgated already")
        division = motion.divisions.filter(outcome="adopted").order_by("-closed_at").first()
        return _create(
            motion,
            actor=actor,
            at=clock.now(),
            amends=amends,
            repeals=repeals,
            division_id=division.pk if division else None,
        )


def do_enter_decree_of_record(
    council: Body,
    *,
    actor: Actor,
    title: str,
    text: str,
    adopted_on: dt.datetime,
    source: str,
    recorded_outcome: str = "",
) -> Decree:
    """Enter a decree of the historical record: a motion adopted on `adopted_on` and its
    decree, with the sources and the outcome they give (no division: none is invented)."""
    access.require_clerk(actor, council.commune)
    if council.kind != Body.Kind.COUNCIL:
        raise InvalidInput("decrees are the council's")
    title = clean_text(title, what="title", max_length=300)
    text = clean_text(text, what="text", max_length=100_000, multiline=True)
    source = clean_text(source, what="source", max_length=5000)
    recorded_outcome = clean_text(
        recorded_outcome, what="recorded_outcome", max_length=200, required=False
    )
    if adopted_on > clock.now():
        raise InvalidInput("a decree of record was adopted in the past", field="adopted_on")
    with transaction.atomic():
        council = lock_body(council)
        motion = Motion.objects.create(
            body=council,
            number=next_motion_number(council),
            title=title,
            text=text,
            current_text=text,
            state=Motion.State.ADOPTED,
            majority=Majority.SIMPLE,
            historical=True,
            tabled_at=adopted_on,
            decided_at=adopted_on,
            created_at=clock.now(),
        )
        journal_tabled(motion, actor)
        return _create(
            motion,
            actor=actor,
            at=adopted_on,
            amends=None,
            repeals=None,
            division_id=None,
            source=source,
            recorded_outcome=recorded_outcome,
        )
