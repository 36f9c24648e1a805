"""The acts of the assemblies that the Journal officiel records.

Bodies deliberate in public: proposers, co-signatories and every roll-call vote are printed
by name, with the rule and arithmetic of each division, and each decree with its full text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from commune.assemblies.models import Division, DivisionVote
from commune.journal.kinds import EntryKind, Payload


class BodyCreated(Payload):
    body: int
    kind: str
    name: str
    competence: str
    section: int | None


class SeatChanged(Payload):
    body: int
    seat: int
    member: str
    origin: str
    at: str
    # An appointment: the number of the council's motion that decided it.
    decision: int | None = None


class SittingConvened(Payload):
    body: int
    sitting: int
    number: int
    scheduled_for: str
    agenda: list[str]


class SittingChanged(Payload):
    body: int
    sitting: int
    number: int
    present: list[str]


class AttendanceRecorded(Payload):
    body: int
    sitting: int
    members: list[str]


class AgendaItemAdded(Payload):
    body: int
    sitting: int
    position: int
    title: str
    motion: int | None


class MotionTabled(Payload):
    body: int
    motion: int
    title: str
    text: str
    proposer: str | None
    majority: str
    urgent: bool
    amends: int | None
    operation: str
    target: str
    position: int | None
    tabled_at: str
    of_record: bool


class MotionCosigned(Payload):
    body: int
    motion: int
    member: str


class MotionWithdrawn(Payload):
    body: int
    motion: int
    reason: str


class MotionReferred(Payload):
    body: int
    motion: int
    commission: int
    commission_name: str


class MotionReported(Payload):
    body: int
    motion: int
    commission: int
    report: str


class DivisionOpened(Payload):
    body: int
    division: int
    motion: int
    sitting: int
    mode: str
    majority: str
    quorum: str
    members: int
    present: int
    # A secret division: the election its ballots are cast in (published and recountable).
    election: int | None = None


class DivisionVoteCast(Payload):
    body: int
    division: int
    member: str
    vote: str


class DivisionClosed(Payload):
    body: int
    division: int
    motion: int
    outcome: str
    arithmetic: str
    yes: list[str]
    no: list[str]
    abstain: list[str]
    absent: list[str]
    text: str | None


class DecreePromulgated(Payload):
    decree: int
    number: int
    body: int
    motion: int
    title: str
    text: str
    promulgated_at: str
    amends: int | None
    repeals: int | None
    division: int | None
    recorded_outcome: str
    source: str


def _motion(p: Mapping[str, Any]) -> str:
    return _("motion %(motion)s") % p


def _label(choices: type[models.TextChoices], value: Any) -> Any:
    """The label of a stored choice, in the reader's language (the value itself if unknown)."""
    return choices(value).label if value in choices.values else value


KINDS = [
    EntryKind("body.created", _("Body created"), BodyCreated, lambda p: _("%(name)s") % p),
    EntryKind(
        "seat.taken", _("Seat taken"), SeatChanged, lambda p: _("%(member)s took a seat") % p
    ),
    EntryKind(
        "seat.vacated",
        _("Seat vacated"),
        SeatChanged,
        lambda p: _("%(member)s left their seat") % p,
    ),
    EntryKind(
        "sitting.convened",
        _("Sitting convened"),
        SittingConvened,
        lambda p: _("sitting %(number)s, %(scheduled_for)s") % p,
    ),
    EntryKind(
        "sitting.opened",
        _("Sitting opened"),
        SittingChanged,
        lambda p: _("sitting %(number)s") % p,
    ),
    EntryKind(
        "sitting.closed",
        _("Sitting closed"),
        SittingChanged,
        lambda p: _("sitting %(number)s") % p,
    ),
    EntryKind(
        "attendance.recorded",
        _("Attendance recorded"),
        AttendanceRecorded,
        lambda p: ", ".join(p["members"])[:200],
    ),
    EntryKind(
        "agenda.item_added",
        _("Item placed on the agenda"),
        AgendaItemAdded,
        lambda p: _("%(position)s. %(title)s") % p,
    ),
    EntryKind(
        "motion.tabled",
        _("Motion tabled"),
        MotionTabled,
        lambda p: _("%(motion)s. %(title)s") % p,
    ),
    EntryKind("motion.cosigned", _("Motion co-signed"), MotionCosigned, _motion),
    EntryKind("motion.withdrawn", _("Motion withdrawn"), MotionWithdrawn, _motion),
    EntryKind(
        "motion.referred",
        _("Motion referred to a commission"),
        MotionReferred,
        lambda p: _("motion %(motion)s to %(commission_name)s") % p,
    ),
    EntryKind("motion.reported", _("Commission reported"), MotionReported, _motion),
    EntryKind("division.opened", _("Division opened"), DivisionOpened, _motion),
    EntryKind(
        "division.vote_cast",
        _("Roll-call vote"),
        DivisionVoteCast,
        lambda p: _("%(member)s: %(vote)s") % {**p, "vote": _label(DivisionVote.Choice, p["vote"])},
    ),
    EntryKind(
        "division.closed",
        _("Division closed"),
        DivisionClosed,
        lambda p: (
            _("motion %(motion)s %(outcome)s")
            % {**p, "outcome": _label(Division.Outcome, p["outcome"])}
        ),
    ),
    EntryKind(
        "decree.promulgated",
        _("Decree promulgated"),
        DecreePromulgated,
        lambda p: _("No. %(number)s, %(title)s") % p,
    ),
]
