"""Sittings: convened with an order of the day, opened, the roll called, closed.

Clerks keep a sitting's record; a member may also declare themselves present while it is
open (the quorum counts those present, and a division is taken only with a quorum).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.db.models import Max

from commune import clock
from commune.assemblies import queries
from commune.assemblies.access import member_of
from commune.assemblies.actions.common import lock_body
from commune.assemblies.errors import NotAMember, WrongState
from commune.assemblies.models import AgendaItem, Attendance, Body, Motion, Sitting
from commune.communes import access
from commune.communes.access import Actor
from commune.errors import InvalidInput
from commune.journal.record import append_entry
from commune.members.models import Person
from commune.text import clean_text

#: Motions that may be placed on an order of the day.
PLACEABLE = (Motion.State.TABLED, Motion.State.REPORTED, Motion.State.ON_AGENDA)


def do_convene_sitting(
    body: Body, *, actor: Actor, scheduled_for: dt.datetime, agenda: Sequence[str] = ()
) -> Sitting:
    """Convene the next sitting of `body`, with an order of the day in words (motions are
    placed on it with `do_place_on_agenda`)."""
    access.require_clerk(actor, body.commune)
    titles = [clean_text(t, what="agenda", max_length=300) for t in agenda if t.strip()]
    with transaction.atomic():
        body = lock_body(body)
        number = (Sitting.objects.filter(body=body).aggregate(n=Max("number"))["n"] or 0) + 1
        sitting = Sitting.objects.create(body=body, number=number, scheduled_for=scheduled_for)
        AgendaItem.objects.bulk_create(
            AgendaItem(sitting=sitting, position=i, title=title)
            for i, title in enumerate(titles, start=1)
        )
        append_entry(
            body.commune,
            "sitting.convened",
            {
                "body": body.pk,
                "sitting": sitting.pk,
                "number": number,
                "scheduled_for": clock.iso(scheduled_for),
                "agenda": titles,
            },
            actor=actor,
        )
    return sitting


def _locked(sitting: Sitting) -> Sitting:
    return (
        Sitting.objects.select_for_update(of=("self",))
        .select_related("body", "body__commune")
        .get(pk=sitting.pk)
    )


def _changed(kind: str, sitting: Sitting, actor: Actor) -> None:
    append_entry(
        sitting.body.commune,
        kind,
        {
            "body": sitting.body_id,
            "sitting": sitting.pk,
            "number": sitting.number,
            "present": queries.present_names(sitting),
        },
        actor=actor,
    )


def do_open_sitting(sitting: Sitting, *, actor: Actor) -> Sitting:
    access.require_clerk(actor, sitting.body.commune)
    with transaction.atomic():
        lock_body(sitting.body)  # one sitting in progress per body
        sitting = _locked(sitting)
        if sitting.opened_at is not None:
            raise WrongState(f"sitting {sitting.number} is already open")
        current = queries.current_sitting(sitting.body)
        if current is not None:
            raise WrongState(f"sitting {current.number} of {sitting.body.name} is still open")
        sitting.opened_at = clock.now()
        sitting.save(update_fields=["opened_at"])
        _changed("sitting.opened", sitting, actor)
    return sitting


def do_close_sitting(sitting: Sitting, *, actor: Actor) -> Sitting:
    access.require_clerk(actor, sitting.body.commune)
    with transaction.atomic():
        sitting = _locked(sitting)
        if sitting.opened_at is None or sitting.closed_at is not None:
            raise WrongState(f"sitting {sitting.number} is not in progress")
        if sitting.divisions.filter(closed_at__isnull=True).exists():
            raise WrongState("close the division in progress before the sitting")
        sitting.closed_at = clock.now()
        sitting.save(update_fields=["closed_at"])
        _changed("sitting.closed", sitting, actor)
    return sitting


def _record(sitting: Sitting, people: Sequence[Person], actor: Actor) -> list[str]:
    """Add `people` to the roll of an open sitting; the names added (already present: none)."""
    if sitting.opened_at is None or sitting.closed_at is not None:
        raise WrongState(f"sitting {sitting.number} is not in progress: no roll to call")
    now = clock.now()
    for person in people:
        if not queries.is_member(sitting.body, person, at=now):
            raise NotAMember(f"{person.full_name} is not a member of {sitting.body.name}")
    known = set(sitting.attendance.values_list("person_id", flat=True))
    new = [p for p in dict.fromkeys(people) if p.pk not in known]
    Attendance.objects.bulk_create(
        Attendance(sitting=sitting, person=p, recorded_at=now) for p in new
    )
    names = sorted(p.full_name for p in new)
    if names:
        append_entry(
            sitting.body.commune,
            "attendance.recorded",
            {"body": sitting.body_id, "sitting": sitting.pk, "members": names},
            actor=actor,
        )
    return names


def do_record_attendance(sitting: Sitting, people: Sequence[Person], *, actor: Actor) -> list[str]:
    """The clerk calls the roll: each named member is present (a non-member refuses all)."""
    access.require_clerk(actor, sitting.body.commune)
    with transaction.atomic():
        return _record(_locked(sitting), people, actor)


def do_declare_present(sitting: Sitting, *, actor: Actor) -> bool:
    """A member of the body says they are present; False if they already were."""
    person = member_of(actor, sitting.body)
    with transaction.atomic():
        return bool(_record(_locked(sitting), [person], actor))


def do_place_on_agenda(
    sitting: Sitting, *, actor: Actor, motion: Motion | None = None, title: str = ""
) -> AgendaItem:
    """Put a motion (or an item in words, such as a report) on a sitting's order of the day."""
    access.require_clerk(actor, sitting.body.commune)
    with transaction.atomic():
        sitting = _locked(sitting)
        if sitting.closed_at is not None:
            raise WrongState(f"sitting {sitting.number} is closed")
        if motion is not None:
            motion = Motion.objects.select_for_update().get(pk=motion.pk)
            if motion.body_id != sitting.body_id:
                raise InvalidInput(f"motion {motion.number} is not before {sitting.body.name}")
            if motion.state not in PLACEABLE and not (
                motion.urgent and motion.state == Motion.State.REFERRED
            ):
                raise WrongState(
                    f"motion {motion.number} is {motion.get_state_display()}: "
                    "only a tabled or reported motion goes on the agenda"
                )
            if sitting.agenda.filter(motion=motion).exists():
                raise WrongState(f"motion {motion.number} is already on this agenda")
            title = title.strip() or motion.title
        title = clean_text(title, what="title", max_length=300)
        position = (sitting.agenda.aggregate(n=Max("position"))["n"] or 0) + 1
        item = AgendaItem.objects.create(
            sitting=sitting, position=position, motion=motion, title=title
        )
        if motion is not None and motion.state != Motion.State.ON_AGENDA:
            motion.state = Motion.State.ON_AGENDA
            motion.save(update_fields=["state"])
        append_entry(
            sitting.body.commune,
            "agenda.item_added",
            {
                "body": sitting.body_id,
                "sitting": sitting.pk,
                "position": position,
                "title": title,
                "motion": motion.number if motion else None,
            },
            actor=actor,
        )
    return item
