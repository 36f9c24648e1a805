"""Ending a mandate: at the end of its term, by resignation, death, annulment, or recall."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from commune import clock
from commune.assemblies.actions import do_vacate_seat
from commune.communes import access
from commune.communes.access import Actor
from commune.errors import InvalidInput
from commune.journal.record import append_entry
from commune.mandates.errors import MandateEnded
from commune.mandates.models import Mandate


def end_mandate(mandate: Mandate, *, actor: Actor, reason: str, at: dt.datetime) -> Mandate:
    """End `mandate` and free its council seat (unless another mandate of the same person
    holds it), inside the caller's transaction."""
    mandate = (
        Mandate.objects.select_for_update(of=("self",))
        .select_related("person", "section", "seat", "commune")
        .get(pk=mandate.pk)
    )
    if mandate.ended_at is not None:
        raise MandateEnded(
            f"{mandate.person.full_name}'s mandate ended on {mandate.ended_at:%Y-%m-%d}"
        )
    if at <= mandate.started_at:
        raise InvalidInput("a mandate ends after it began", field="at")
    mandate.ended_at = at
    mandate.end_reason = reason
    mandate.save(update_fields=["ended_at", "end_reason"])
    seat = mandate.seat
    if seat is not None and seat.ended_at is None:
        others = seat.mandates.filter(ended_at__isnull=True).exclude(pk=mandate.pk)
        if not others.exists():
            do_vacate_seat(seat, actor=access.OPERATOR, at=at, journal=False)
    append_entry(
        mandate.commune,
        "mandate.ended",
        {
            "mandate": mandate.pk,
            "section": mandate.section.number if mandate.section else None,
            "delegate": mandate.person.full_name,
            "reason": reason,
            "ended_at": clock.iso(at),
        },
        actor=actor,
    )
    return mandate


def do_end_mandate(
    mandate: Mandate, *, actor: Actor, reason: str, at: dt.datetime | None = None
) -> Mandate:
    """A clerk records the end of a mandate (term, resignation, death, annulment); a recall
    ends one through the recall vote, never by hand."""
    access.require_clerk(actor, mandate.commune)
    choices = [r for r in Mandate.EndReason.values if r != Mandate.EndReason.RECALL]
    if reason not in choices:
        raise InvalidInput(
            f"a mandate ends by {', '.join(choices)}; a recall ends it through its vote",
            field="reason",
        )
    at = at or clock.now()
    if at > clock.now():
        raise InvalidInput("a mandate is ended now or at a past instant", field="at")
    with transaction.atomic():
        return end_mandate(mandate, actor=actor, reason=reason, at=at)
