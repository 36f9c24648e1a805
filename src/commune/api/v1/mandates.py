"""Revocable delegates in the API: mandates, the instructions that bind them, how faithfully
they were held, and the petitions and votes that recall them.

The record is public: anyone may read mandates, fidelity records and petitions (the signers'
names only where the constitution makes signatures public). Acting needs a session and the
CSRF token, as the pages send them (`django_auth` checks both): a member of the delegate's
section opens, signs and withdraws from a petition and proposes instructions; the delegate
explains a departure. Each request is handed to one action; refusals are answered by the
error's class. State that depends on the clock (a petition past its closing instant, a
recall vote past its own) is settled as it is read (ARCHITECTURE.md, rule 5).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status
from ninja.security import django_auth
from pydantic import Field

from commune import clock
from commune.api.schemas import Error
from commune.api.v1.assemblies.shapes import MAX_PAGE, Strict
from commune.assemblies import queries as assembly_queries
from commune.communes import access as commune_access
from commune.communes.constitution import validate_constitution
from commune.communes.models import Commune
from commune.elections import actions as election_actions
from commune.errors import InvalidInput
from commune.mandates import access, actions, queries
from commune.mandates.models import Fidelity, Instruction, Mandate, RecallPetition
from commune.members import queries as member_queries

router = Router(tags=["mandates"])

C = "/communes/{slug}"
#: Every write may be refused for any of these reasons; 401 comes from the sign-in check.
REFUSALS: dict[int, Any] = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error}
#: The most signers' names a petition's page gives (in the order they signed).
MAX_SIGNERS = 1000


# ── Shapes ────────────────────────────────────────────────────────────────────────────────


class MandateOut(Schema):
    id: int
    delegate: str = Field(description="the delegate's name")
    person: int = Field(description="the delegate's id (their record: /people/{id}/record)")
    section: int | None = Field(description="the number of the section that elected them")
    started_at: dt.datetime
    ended_at: dt.datetime | None
    end_reason: str | None = Field(
        description="term, resignation, recall, death or annulment; null while in progress"
    )
    petition: int | None = Field(
        description="the id of the petition collecting signatures or being voted on, if any"
    )


class MandateList(Schema):
    mandates: list[MandateOut]


class MotionRef(Schema):
    number: int
    title: str


class InstructionOut(Schema):
    id: int
    section: int
    motion: MotionRef = Field(description="the council's motion it is about")
    vote: str | None = Field(description="yes, no or abstain; null for an instruction in words")
    text: str
    assembly: int = Field(description="the id of the section's general assembly")
    carrier: int = Field(description="the number of the assembly's motion that carries it")
    state: str = Field(description="the carrier's state: it binds once adopted")
    binds: bool
    created_at: dt.datetime


class FidelityOut(Schema):
    id: int
    division: int
    motion: MotionRef
    instruction: int
    instructed: str = Field(description="how the section instructed its delegates to vote")
    vote: str | None = Field(description="how the delegate voted; null if absent")
    verdict: str = Field(description="followed, departed or absent")
    statement: str = Field(description="the delegate's explanation of a departure")
    statement_at: dt.datetime | None
    recorded_at: dt.datetime


class FidelitySummaryOut(Schema):
    followed: int
    departed: int
    absent: int
    share: float | None = Field(
        description="followed / compared divisions; null before any comparison"
    )


class MandateDetail(MandateOut):
    instructions: list[InstructionOut] = Field(
        description="the section's instructions given during the mandate, newest first (200)"
    )
    fidelity: list[FidelityOut] = Field(description="each division compared, in order")
    fidelity_summary: FidelitySummaryOut


class PetitionOut(Schema):
    id: int
    mandate: int
    delegate: str
    section: int | None
    reason: str
    opened_by: str | None = Field(description="null when the constitution's rule opened it")
    opened_at: dt.datetime
    closes_at: dt.datetime
    registered: int = Field(description="the section's registered members when it opened")
    threshold: int = Field(description="the signatures that open the recall vote")
    signatures: int = Field(description="signatures that count now")
    state: str = Field(description="open, voting, recalled, kept or expired")
    threshold_reached_at: dt.datetime | None
    vote: int | None = Field(description="the recall vote's election (/elections/{id})")
    by_election: int | None = Field(
        description="the election that fills the seat: the by-election called after a recall, "
        "or, with same_ballot, the replacement called with the recall vote at the threshold"
    )
    same_ballot: bool = Field(
        description="the replacement is on the same ballot as the recall "
        "(recall.replacement_on_same_ballot): both open and close together; a carried recall "
        "seats its winner, a failed one cancels it"
    )
    settled_at: dt.datetime | None


class PetitionList(Schema):
    petitions: list[PetitionOut]


class PetitionDetail(PetitionOut):
    signers: list[str] | None = Field(
        description="the signers' names in the order they signed (the first 1,000); null "
        "where the constitution keeps signatures private (recall.public_signatures)"
    )


class SignatureCount(Schema):
    petition: int
    signatures: int
    threshold: int
    state: str = Field(description="voting once this signature reached the threshold")
    vote: int | None = Field(
        description="the recall vote, open from the threshold signature (with the replacement "
        "on the same ballot: called as a draft, opening with it after the candidacy period)"
    )
    by_election: int | None = Field(
        description="with the replacement on the same ballot: the replacement, called with it"
    )


class Page(Schema):
    limit: int = Field(100, ge=1, le=MAX_PAGE, description="how many to return (at most 1,000)")
    offset: int = Field(0, ge=0, description="how many to skip")


class MandatePage(Page):
    current: bool = Field(True, description="only mandates in progress (false: all)")


class PetitionPage(Page):
    state: RecallPetition.State | None = Field(None, description="only petitions in this state")


class PetitionIn(Strict):
    reason: str = Field(min_length=1, max_length=5000)


class InstructionIn(Strict):
    motion: int = Field(description="the number of a pending motion of the council")
    vote: Literal["yes", "no", "abstain"] | None = Field(
        None, description="how the delegates must vote; null: an instruction in words"
    )
    text: str = Field("", max_length=20_000)


class StatementIn(Strict):
    statement: str = Field(min_length=1, max_length=20_000)


# ── Records → answers ─────────────────────────────────────────────────────────────────────


def mandate_out(m: Mandate, petition: int | None) -> dict[str, Any]:
    return {
        "id": m.pk,
        "delegate": m.person.full_name,
        "person": m.person_id,
        "section": m.section.number if m.section else None,
        "started_at": m.started_at,
        "ended_at": m.ended_at,
        "end_reason": m.end_reason or None,
        "petition": petition,
    }


def instruction_out(i: Instruction, section: int) -> dict[str, Any]:
    return {
        "id": i.pk,
        "section": section,
        "motion": {"number": i.motion.number, "title": i.motion.title},
        "vote": i.vote or None,
        "text": i.text,
        "assembly": i.carrier.body_id,
        "carrier": i.carrier.number,
        "state": i.carrier.state,
        "binds": i.carrier.state == "adopted",
        "created_at": i.created_at,
    }


def fidelity_out(f: Fidelity) -> dict[str, Any]:
    motion = f.division.motion
    return {
        "id": f.pk,
        "division": f.division_id,
        "motion": {"number": motion.number, "title": motion.title},
        "instruction": f.instruction_id,
        "instructed": f.instruction.vote,
        "vote": f.vote or None,
        "verdict": f.verdict,
        "statement": f.statement,
        "statement_at": f.statement_at,
        "recorded_at": f.recorded_at,
    }


def petition_out(p: RecallPetition, signatures: int) -> dict[str, Any]:
    mandate = p.mandate
    return {
        "id": p.pk,
        "mandate": mandate.pk,
        "delegate": mandate.person.full_name,
        "section": mandate.section.number if mandate.section else None,
        "reason": p.reason,
        "opened_by": p.opened_by.full_name if p.opened_by else None,
        "opened_at": p.opened_at,
        "closes_at": p.closes_at,
        "registered": p.registered,
        "threshold": p.threshold,
        "signatures": signatures,
        "state": p.state,
        "threshold_reached_at": p.threshold_reached_at,
        "vote": p.vote_id,
        "by_election": p.by_election_id,
        "same_ballot": p.is_same_ballot,
        "settled_at": p.settled_at,
    }


def signed_out(p: RecallPetition, signatures: int | None = None) -> dict[str, Any]:
    return {
        "petition": p.pk,
        "signatures": queries.count_signatures(p) if signatures is None else signatures,
        "threshold": p.threshold,
        "state": p.state,
        "vote": p.vote_id,
        "by_election": p.by_election_id,
    }


# ── Settling what the clock has overtaken (rule 5) ────────────────────────────────────────


def settle(petition: RecallPetition) -> bool:
    """Expire a petition past its time, count a recall vote past its own (which settles the
    petition through the elections' hook). True if anything was due."""
    now = clock.now()
    vote = petition.vote
    due = queries.expired(petition) or (
        petition.state == RecallPetition.State.VOTING and vote is not None and vote.closes_at <= now
    )
    if due:
        petition = actions.do_settle_petition(petition)
        if petition.state == RecallPetition.State.VOTING and vote is not None:
            election_actions.do_settle_election(vote)
    return due


def settle_commune(commune: Commune) -> None:
    for petition in queries.petitions_due(commune):
        settle(petition)


def _commune(request: HttpRequest, slug: str) -> Commune:
    return commune_access.access_commune(request.user, slug)


def _petition(request: HttpRequest, slug: str, petition_id: int) -> RecallPetition:
    commune = _commune(request, slug)
    petition = access.access_petition(request.user, commune, petition_id)
    if settle(petition):
        petition = access.access_petition(request.user, commune, petition_id)
    return petition


# ── Reads ─────────────────────────────────────────────────────────────────────────────────


@router.get(
    f"{C}/mandates",
    response={200: MandateList, 400: Error, 404: Error},
    summary="The commune's delegates (those in office, or all with current=false)",
)
def list_mandates(
    request: HttpRequest, response: HttpResponse, slug: str, page: Query[MandatePage]
) -> Any:
    commune = _commune(request, slug)
    settle_commune(commune)
    response["X-Total-Count"] = str(queries.count_mandates(commune, current=page.current))
    rows = queries.list_mandates(
        commune, current=page.current, limit=page.limit, offset=page.offset
    )
    active = queries.active_petitions_of(rows)
    return {"mandates": [mandate_out(m, active.get(m.pk)) for m in rows]}


@router.get(
    f"{C}/mandates/{{mandate_id}}",
    response={200: MandateDetail, 404: Error},
    summary="A mandate: the instructions that bind it and how faithfully it held them",
)
def get_mandate(request: HttpRequest, slug: str, mandate_id: int) -> Any:
    commune = _commune(request, slug)
    mandate = access.access_mandate(request.user, commune, mandate_id)
    settle_commune(commune)
    records = queries.fidelity_of(mandate)
    summary = queries.fidelity_summary(records)
    section = mandate.section.number if mandate.section else 0
    return {
        **mandate_out(mandate, queries.active_petitions_of([mandate]).get(mandate.pk)),
        "instructions": [
            instruction_out(i, section) for i in queries.instructions_bearing_on(mandate)
        ],
        "fidelity": [fidelity_out(f) for f in records],
        "fidelity_summary": {
            "followed": summary.followed,
            "departed": summary.departed,
            "absent": summary.absent,
            "share": summary.share,
        },
    }


@router.get(
    f"{C}/petitions",
    response={200: PetitionList, 400: Error, 404: Error},
    summary="The commune's recall petitions, newest first",
)
def list_petitions(
    request: HttpRequest, response: HttpResponse, slug: str, page: Query[PetitionPage]
) -> Any:
    commune = _commune(request, slug)
    settle_commune(commune)
    state = page.state.value if page.state else None
    response["X-Total-Count"] = str(queries.count_petitions(commune, state=state))
    rows = queries.list_petitions(commune, state=state, limit=page.limit, offset=page.offset)
    counts = queries.count_signatures_of(rows)
    return {"petitions": [petition_out(p, counts[p.pk]) for p in rows]}


@router.get(
    f"{C}/petitions/{{petition_id}}",
    response={200: PetitionDetail, 404: Error},
    summary="A recall petition: its signatures, its threshold, its vote",
)
def get_petition(request: HttpRequest, slug: str, petition_id: int) -> Any:
    petition = _petition(request, slug, petition_id)
    public = validate_constitution(petition.mandate.commune.constitution).recall.public_signatures
    return {
        **petition_out(petition, queries.count_signatures(petition)),
        "signers": queries.signer_names(petition, limit=MAX_SIGNERS) if public else None,
    }


# ── Writes ────────────────────────────────────────────────────────────────────────────────


@router.post(
    f"{C}/mandates/{{mandate_id}}/petitions",
    auth=django_auth,
    response={201: PetitionDetail, **REFUSALS},
    summary="Open a recall petition against your section's delegate, and sign it",
)
def open_petition(request: HttpRequest, slug: str, mandate_id: int, data: PetitionIn) -> Any:
    commune = _commune(request, slug)
    mandate = access.access_mandate(request.user, commune, mandate_id)
    petition = actions.do_open_petition(mandate, actor=request.user, reason=data.reason)
    return Status(201, get_petition(request, slug, petition.pk))


@router.post(
    f"{C}/petitions/{{petition_id}}/signatures",
    auth=django_auth,
    response={201: SignatureCount, **REFUSALS},
    summary="Sign a petition (members of the section; once). The signature that reaches the "
    "threshold opens the recall vote, and answers with it",
)
def sign_petition(request: HttpRequest, slug: str, petition_id: int) -> Any:
    petition = access.access_petition_to_sign(request.user, _commune(request, slug), petition_id)
    signed = actions.do_sign_petition(petition, actor=request.user)
    return Status(201, signed_out(signed.petition, signed.signatures))


@router.delete(
    f"{C}/petitions/{{petition_id}}/signatures",
    auth=django_auth,
    response={200: SignatureCount, **REFUSALS},
    summary="Withdraw your signature while the petition collects them",
)
def withdraw_signature(request: HttpRequest, slug: str, petition_id: int) -> Any:
    petition = access.access_petition(request.user, _commune(request, slug), petition_id)
    petition = actions.do_withdraw_signature(petition, actor=request.user)
    return signed_out(petition)


@router.post(
    f"{C}/sections/{{number}}/instructions",
    auth=django_auth,
    response={201: InstructionOut, **REFUSALS},
    summary="Propose that your section's general assembly instruct its delegates on a "
    "council motion (it binds once the assembly adopts it)",
)
def propose_instruction(request: HttpRequest, slug: str, number: int, data: InstructionIn) -> Any:
    commune = _commune(request, slug)
    section = member_queries.get_section_by_number(commune, number)
    council = assembly_queries.get_council(commune)
    motion = assembly_queries.get_motion(council, data.motion) if council else None
    if motion is None:
        raise InvalidInput(f"no motion {data.motion} of the council", field="motion")
    instruction = actions.do_propose_instruction(
        section, actor=request.user, motion=motion, vote=data.vote or "", text=data.text
    )
    return Status(201, instruction_out(instruction, section.number))


@router.post(
    f"{C}/fidelity/{{fidelity_id}}/statement",
    auth=django_auth,
    response={200: FidelityOut, **REFUSALS},
    summary="Explain, in public, why you departed from your section's instruction (the delegate)",
)
def explain_departure(request: HttpRequest, slug: str, fidelity_id: int, data: StatementIn) -> Any:
    fidelity = access.access_fidelity(request.user, _commune(request, slug), fidelity_id)
    fidelity = actions.do_explain_departure(fidelity, actor=request.user, statement=data.statement)
    return fidelity_out(fidelity)
