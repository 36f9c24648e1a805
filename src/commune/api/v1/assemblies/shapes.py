"""The shapes of the assemblies' API: what it answers and what it accepts, and the functions
that turn records (read through `queries`) into answers."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Schema
from pydantic import AwareDatetime, ConfigDict, Field

from commune.assemblies import queries, texts
from commune.assemblies.actions.motions import PENDING
from commune.assemblies.models import Body, Decree, Division, Motion, Sitting

MAX_PAGE = 1000
#: The longest motion, amendment or report the actions accept.
MAX_TEXT = 100_000


class Strict(Schema):
    """A request body: a field it does not name is refused, not ignored."""

    model_config = ConfigDict(extra="forbid")


# ── Answers ───────────────────────────────────────────────────────────────────────────────


class BodyOut(Schema):
    id: int
    kind: str = Field(description="council, commission or assembly (a section's)")
    name: str
    competence: str
    section: int | None = Field(description="an assembly's section (its number); else null")
    num_members: int


class SeatOut(Schema):
    name: str
    origin: str = Field(description="mandate (elected), appointment (by the council) or clerk")
    since: dt.datetime


class BodyDetail(BodyOut):
    members: list[SeatOut] = Field(
        description="who holds a seat now, by name (a council or commission); an assembly's "
        "members are its section's roll, which is not published: only their number"
    )
    current_sitting: int | None = Field(description="the number of the sitting in progress")
    open_division: int | None = Field(description="the id of the division being taken")


class BodyRef(Schema):
    id: int
    name: str


class MotionOut(Schema):
    number: int
    title: str
    state: str = Field(
        description="draft, tabled, referred, reported, on_agenda, adopted, rejected, withdrawn"
    )
    proposer: str | None = Field(description="null for a motion of record (1871)")
    majority: str = Field(description="simple, absolute or two_thirds")
    urgent: bool
    of_record: bool = Field(description="entered from the historical record, without division")
    amends: int | None = Field(description="an amendment: the number of the motion it amends")
    tabled_at: dt.datetime | None
    decided_at: dt.datetime | None


class MotionList(Schema):
    motions: list[MotionOut]


class AmendmentOut(Schema):
    number: int
    title: str
    text: str
    operation: str = Field(description="replace (a passage) or insert (a paragraph)")
    target: str = Field(description="the passage replaced")
    position: int | None = Field(description="inserted after this paragraph (0: at the start)")
    state: str
    proposer: str | None
    stale: bool = Field(
        description="still pending, but the motion's text changed since it was tabled: it "
        "will be refused at its division"
    )


class Change(Schema):
    kind: Literal["same", "removed", "added"]
    text: str


class DivisionSummary(Schema):
    id: int
    sitting: int = Field(description="the number of the sitting")
    motion: int
    mode: str
    majority: str
    is_open: bool
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    yes: int
    no: int
    abstain: int
    outcome: str | None = Field(description="adopted, rejected or no_quorum; null while open")
    arithmetic: str = Field(description="the rule applied and the figures it compared")


class MotionDetail(MotionOut):
    text: str = Field(description="the text as tabled (never changes)")
    current_text: str = Field(description="the text with the adopted amendments applied")
    diff: list[Change] = Field(description="from text to current_text, word by word")
    cosigners: list[str]
    operation: str = Field(description="an amendment's operation; empty for a motion")
    target: str
    position: int | None
    referred_to: BodyRef | None
    report: str
    amendments: list[AmendmentOut]
    divisions: list[DivisionSummary]


class AgendaItemOut(Schema):
    position: int
    title: str
    motion: int | None


class SittingOut(Schema):
    number: int
    state: str = Field(description="convened, open or closed")
    scheduled_for: dt.datetime
    opened_at: dt.datetime | None
    closed_at: dt.datetime | None
    num_present: int


class SittingList(Schema):
    sittings: list[SittingOut]


class SittingDetail(SittingOut):
    agenda: list[AgendaItemOut]
    present: list[str]
    divisions: list[DivisionSummary]


class RollCall(Schema):
    yes: list[str]
    no: list[str]
    abstain: list[str]


class MotionRef(Schema):
    number: int
    title: str


class DivisionDetail(Schema):
    id: int
    body: int
    motion: MotionRef
    sitting: int
    mode: str = Field(
        description="roll_call (each vote public, by name) or secret (ballots with receipts, "
        "counted when the division closes)"
    )
    election: int | None = Field(
        None,
        description="a secret division: the election its ballots are cast in; its ballots "
        "and result are published at /api/v1/elections/{id} once the division closes",
    )
    majority: str
    quorum: str = Field(description="the share of the members who must be present, e.g. 1/2")
    members: int = Field(description="the body's members when the division opened")
    present: int
    is_open: bool
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    yes: int | None = Field(description="none while a secret division is open")
    no: int | None
    abstain: int | None
    outcome: str | None
    arithmetic: str
    roll_call: RollCall


class DecreeOut(Schema):
    number: int
    title: str
    promulgated_at: dt.datetime
    amends: int | None
    repeals: int | None
    recorded_outcome: str = Field(description="a decree of record: the outcome its sources give")


class DecreeList(Schema):
    decrees: list[DecreeOut]


class DecreeChange(Schema):
    number: int
    title: str
    promulgated_at: dt.datetime
    change: Literal["amends", "repeals"]


class DecreeDetail(DecreeOut):
    text: str = Field(description="the text as promulgated")
    source: str
    body: int
    motion: int
    in_force: bool
    text_in_force: str = Field(description="the text after the decrees that amended it")
    history: list[DecreeChange] = Field(description="the later decrees that amended or repealed it")
    repealed_by: int | None
    division: DivisionDetail | None = Field(description="the division that adopted it, if any")


class SeatHeld(Schema):
    body: int
    body_name: str
    kind: str
    origin: str
    started_at: dt.datetime
    ended_at: dt.datetime | None


class VoteOut(Schema):
    division: int
    body: int
    motion: int
    motion_title: str
    choice: str
    opened_at: dt.datetime


class Attended(Schema):
    body: int
    body_name: str
    sitting: int
    scheduled_for: dt.datetime


class PersonRecord(Schema):
    id: int
    name: str
    seats: list[SeatHeld]
    votes: list[VoteOut] = Field(description="the latest 200 roll-call votes, newest first")
    sittings: list[Attended] = Field(description="the latest 200 sittings attended")


class Cosigned(Schema):
    motion: int
    cosigners: list[str]


class VoteCast(Schema):
    division: int
    choice: str
    receipt: str | None = Field(
        None, description="a secret division: the ballot's receipt, to find it once published"
    )


class Presence(Schema):
    sitting: int
    added: bool = Field(description="false: you were already on the roll")
    present: list[str]


# ── Requests ──────────────────────────────────────────────────────────────────────────────


class MotionIn(Strict):
    title: str = Field(min_length=1, max_length=300)
    text: str = Field(min_length=1, max_length=MAX_TEXT)
    majority: Literal["simple", "absolute", "two_thirds"] | None = Field(
        None, description="the majority it needs; null: the constitution's default"
    )
    urgent: bool = False


class AmendmentIn(Strict):
    operation: Literal["replace", "insert"]
    text: str = Field(min_length=1, max_length=MAX_TEXT, description="the new words")
    target: str = Field("", max_length=MAX_TEXT, description="replace: the passage replaced")
    position: int | None = Field(
        None, ge=0, le=10_000, description="insert: after this paragraph (0: at the start)"
    )
    title: str = Field("", max_length=300)


class WithdrawalIn(Strict):
    reason: str = Field("", max_length=2000)


class ReferralIn(Strict):
    commission: int = Field(description="the id of the commission")


class ReportIn(Strict):
    report: str = Field(min_length=1, max_length=MAX_TEXT)


class VoteIn(Strict):
    choice: Literal["yes", "no", "abstain"]


class SittingIn(Strict):
    scheduled_for: AwareDatetime
    agenda: list[str] = Field(
        default_factory=list, max_length=100, description="items in words, in order"
    )


class AgendaItemIn(Strict):
    motion: int | None = Field(None, description="the number of a motion of this body")
    title: str = Field("", max_length=300, description="an item in words, or the motion's title")


class DivisionIn(Strict):
    motion: int = Field(description="the number of the motion (or amendment) put to the vote")
    mode: Literal["roll_call", "secret"] = "roll_call"


class DecreeIn(Strict):
    motion: int = Field(description="the number of a motion the council adopted")
    amends: int | None = Field(None, description="the number of the decree it amends")
    repeals: int | None = Field(None, description="the number of the decree it repeals")


# ── Records → answers ─────────────────────────────────────────────────────────────────────


def body_out(body: Body, num_members: int) -> dict[str, Any]:
    return {
        "id": body.pk,
        "kind": body.kind,
        "name": body.name,
        "competence": body.competence,
        "section": body.section.number if body.section else None,
        "num_members": num_members,
    }


def motion_out(m: Motion) -> dict[str, Any]:
    return {
        "number": m.number,
        "title": m.title,
        "state": m.state,
        "proposer": m.proposer.full_name if m.proposer else None,
        "majority": m.majority,
        "urgent": m.urgent,
        "of_record": m.historical,
        "amends": m.amends.number if m.amends else None,
        "tabled_at": m.tabled_at,
        "decided_at": m.decided_at,
    }


def division_summary(
    d: Division, *, motion: Motion | None = None, sitting: Sitting | None = None
) -> dict[str, Any]:
    """`motion` and `sitting`, when the caller has them, spare a read per division."""
    return {
        "id": d.pk,
        "sitting": (sitting or d.sitting).number,
        "motion": (motion or d.motion).number,
        "mode": d.mode,
        "majority": d.majority,
        "is_open": d.closed_at is None,
        "opened_at": d.opened_at,
        "closed_at": d.closed_at,
        "yes": d.yes,
        "no": d.no,
        "abstain": d.abstain,
        "outcome": d.outcome or None,
        "arithmetic": d.arithmetic,
    }


def motion_detail(m: Motion) -> dict[str, Any]:
    current = texts.digest(m.current_text)
    amendments = [
        {
            "number": a.number,
            "title": a.title,
            "text": a.text,
            "operation": a.operation,
            "target": a.target,
            "position": a.position,
            "state": a.state,
            "proposer": a.proposer.full_name if a.proposer else None,
            "stale": a.state in PENDING and a.base_digest != current,
        }
        for a in queries.list_amendments(m)
    ]
    return {
        **motion_out(m),
        "text": m.text,
        "current_text": m.current_text,
        "diff": [{"kind": c.kind, "text": c.text} for c in texts.word_diff(m.text, m.current_text)],
        "cosigners": queries.cosigners(m),
        "operation": m.operation,
        "target": m.target,
        "position": m.position,
        "referred_to": (
            {"id": m.referred_to.pk, "name": m.referred_to.name} if m.referred_to else None
        ),
        "report": m.report,
        "amendments": amendments,
        "divisions": [division_summary(d, motion=m) for d in queries.list_divisions(m)],
    }


def sitting_state(s: Sitting) -> str:
    if s.opened_at is None:
        return "convened"
    return "open" if s.closed_at is None else "closed"


def sitting_out(s: Sitting, num_present: int) -> dict[str, Any]:
    return {
        "number": s.number,
        "state": sitting_state(s),
        "scheduled_for": s.scheduled_for,
        "opened_at": s.opened_at,
        "closed_at": s.closed_at,
        "num_present": num_present,
    }


def sitting_detail(s: Sitting) -> dict[str, Any]:
    present = queries.present_names(s)
    return {
        **sitting_out(s, len(present)),
        "agenda": [
            {
                "position": item.position,
                "title": item.title,
                "motion": item.motion.number if item.motion else None,
            }
            for item in queries.list_agenda(s)
        ],
        "present": present,
        "divisions": [division_summary(d, sitting=s) for d in queries.list_sitting_divisions(s)],
    }


def division_detail(d: Division, *, motion: Motion | None = None) -> dict[str, Any]:
    """A division as a live page polls it: a handful of indexed reads."""
    motion = motion or d.motion
    tally = queries.roll_call(d)
    is_open = d.closed_at is None
    secret = d.election_id is not None
    # While it is open the counts are the roll-call's so far, and those present the most
    # of those present at its opening and now (closing counts the same way).
    present = max(d.present, queries.count_present(d.sitting)) if is_open else d.present
    return {
        "id": d.pk,
        "body": d.body_id,
        "motion": {"number": motion.number, "title": motion.title},
        "sitting": d.sitting.number,
        "mode": d.mode,
        "majority": d.majority,
        "quorum": d.quorum,
        "members": d.members,
        "present": present,
        "is_open": is_open,
        "opened_at": d.opened_at,
        "closed_at": d.closed_at,
        "election": d.election_id,
        # A secret ballot is counted only when the division closes.
        "yes": (None if secret else len(tally.yes)) if is_open else d.yes,
        "no": (None if secret else len(tally.no)) if is_open else d.no,
        "abstain": (None if secret else len(tally.abstain)) if is_open else d.abstain,
        "outcome": d.outcome or None,
        "arithmetic": d.arithmetic,
        "roll_call": {"yes": tally.yes, "no": tally.no, "abstain": tally.abstain},
    }


def decree_out(d: Decree) -> dict[str, Any]:
    return {
        "number": d.number,
        "title": d.title,
        "promulgated_at": d.promulgated_at,
        "amends": d.amends.number if d.amends else None,
        "repeals": d.repeals.number if d.repeals else None,
        "recorded_outcome": d.recorded_outcome,
    }


def decree_detail(d: Decree) -> dict[str, Any]:
    consolidated = queries.consolidate(d)
    adopting = [x for x in queries.list_divisions(d.motion) if x.outcome == "adopted"]
    # The last division that adopted the motion: the one promulgation names in the journal.
    division = division_detail(adopting[-1], motion=d.motion) if adopting else None
    return {
        **decree_out(d),
        "text": d.text,
        "source": d.source,
        "body": d.motion.body_id,
        "motion": d.motion.number,
        "in_force": consolidated.repealed_by is None,
        "text_in_force": consolidated.text,
        "history": [
            {
                "number": later.number,
                "title": later.title,
                "promulgated_at": later.promulgated_at,
                "change": "repeals" if later.repeals_id == d.pk else "amends",
            }
            for later in consolidated.history
        ],
        "repealed_by": consolidated.repealed_by.number if consolidated.repealed_by else None,
        "division": division,
    }
