"""Motions and amendments: tabled by a member, co-signed, referred to a commission and
reported on, withdrawn by their proposer.

An amendment is a motion against another motion's text: it replaces a passage or inserts a
paragraph. It remembers a digest of the text it was tabled against, and is refused (at its
division) if that text has changed since, so a vote never applies to a text nobody saw.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Max

from commune import clock
from commune.actors import Operator
from commune.assemblies import queries, texts
from commune.assemblies.access import member_of
from commune.assemblies.actions.common import lock_body
from commune.assemblies.errors import BadAmendment, NotAMember, WrongState
from commune.assemblies.models import Body, Cosignature, Majority, Motion
from commune.communes import access
from commune.communes.access import Actor
from commune.communes.constitution import validate_constitution
from commune.errors import Conflict, InvalidInput, PermissionDenied
from commune.journal.record import append_entry
from commune.members.models import Person
from commune.text import clean_text

#: States in which a motion is still before its body (it may be amended, signed, withdrawn).
PENDING = (
    Motion.State.TABLED,
    Motion.State.REFERRED,
    Motion.State.REPORTED,
    Motion.State.ON_AGENDA,
)
MAX_TEXT = 100_000


def default_majority(body: Body) -> str:
    return validate_constitution(body.commune.constitution).assemblies.default_majority


def next_motion_number(body: Body) -> int:
    return (Motion.objects.filter(body=body).aggregate(n=Max("number"))["n"] or 0) + 1


def journal_tabled(motion: Motion, actor: Actor) -> None:
    append_entry(
        motion.body.commune,
        "motion.tabled",
        {
            "body": motion.body_id,
            "motion": motion.number,
            "title": motion.title,
            "text": motion.text,
            "proposer": motion.proposer.full_name if motion.proposer else None,
            "majority": motion.majority,
            "urgent": motion.urgent,
            "amends": motion.amends.number if motion.amends else None,
            "operation": motion.operation,
            "target": motion.target,
            "position": motion.position,
            "tabled_at": clock.iso(motion.tabled_at or clock.now()),
            "of_record": motion.historical,
        },
        actor=actor,
    )


def do_table_motion(
    body: Body,
    *,
    actor: Actor,
    title: str,
    text: str,
    majority: str = "",
    urgent: bool = False,
) -> Motion:
    """A member of `body` tables a motion; its majority defaults to the constitution's."""
    proposer = member_of(actor, body)
    title = clean_text(title, what="title", max_length=300)
    text = clean_text(text, what="text", max_length=MAX_TEXT, multiline=True)
    majority = majority or default_majority(body)
    if majority not in Majority.values:
        raise InvalidInput(
            f"unknown majority {majority!r}: {', '.join(Majority.values)}", field="majority"
        )
    with transaction.atomic():
        body = lock_body(body)
        now = clock.now()
        motion = Motion.objects.create(
            body=body,
            number=next_motion_number(body),
            title=title,
            text=text,
            current_text=text,
            proposer=proposer,
            state=Motion.State.TABLED,
            urgent=urgent,
            majority=majority,
            tabled_at=now,
            created_at=now,
        )
        journal_tabled(motion, actor)
    return motion


def do_table_amendment(
    motion: Motion,
    *,
    actor: Actor,
    operation: str,
    text: str,
    target: str = "",
    position: int | None = None,
    title: str = "",
) -> Motion:
    """A member tables an amendment to a pending motion's current text."""
    proposer = member_of(actor, motion.body)
    if operation not in Motion.Operation.values:
        raise InvalidInput(f"unknown operation {operation!r}: replace or insert", field="operation")
    text = clean_text(text, what="text", max_length=MAX_TEXT, multiline=True)
    target = clean_text(target, what="target", max_length=MAX_TEXT, required=False, multiline=True)
    with transaction.atomic():
        body = lock_body(motion.body)
        motion = Motion.objects.select_for_update().get(pk=motion.pk)
        if motion.is_amendment:
            raise InvalidInput("an amendment is not amended: table a new amendment instead")
        if motion.state not in PENDING:
            raise WrongState(
                f"motion {motion.number} is {motion.get_state_display()}: "
                "it can no longer be amended"
            )
        try:
            texts.apply(motion.current_text, operation, text, target=target, position=position)
        except texts.AmendmentDoesNotApply as error:
            raise BadAmendment(
                str(error), field="target" if operation == "replace" else "position"
            ) from None
        now = clock.now()
        amendment = Motion.objects.create(
            body=body,
            number=next_motion_number(body),
            title=clean_text(
                title or f"Amendment to motion {motion.number}", what="title", max_length=300
            ),
            text=text,
            current_text=text,
            proposer=proposer,
            state=Motion.State.TABLED,
            majority=Majority.SIMPLE,
            amends=motion,
            operation=operation,
            target=target,
            position=position if operation == Motion.Operation.INSERT else None,
            base_digest=texts.digest(motion.current_text),
            tabled_at=now,
            created_at=now,
        )
        journal_tabled(amendment, actor)
    return amendment


def do_cosign_motion(motion: Motion, *, actor: Actor) -> Cosignature:
    """A member of the body signs a pending motion beside its proposer (once)."""
    person = member_of(actor, motion.body)
    try:
        with transaction.atomic():
            motion = _lock_pending(motion)
            if motion.proposer_id == person.pk:
                raise Conflict("the proposer has signed the motion already")
            signature = Cosignature.objects.create(
                motion=motion, person=person, signed_at=clock.now()
            )
            append_entry(
                motion.body.commune,
                "motion.cosigned",
                {"body": motion.body_id, "motion": motion.number, "member": person.full_name},
                actor=actor,
            )
    except IntegrityError:
        raise Conflict(f"you have already signed motion {motion.number}") from None
    return signature


def _lock_pending(motion: Motion) -> Motion:
    motion = (
        Motion.objects.select_for_update(of=("self",))
        .select_related("body", "body__commune", "proposer")
        .get(pk=motion.pk)
    )
    if motion.state not in PENDING:
        raise WrongState(f"motion {motion.number} is {motion.get_state_display()}")
    if motion.divisions.filter(closed_at__isnull=True).exists():
        raise WrongState(f"motion {motion.number} is being voted on")
    return motion


def do_withdraw_motion(motion: Motion, *, actor: Actor, reason: str = "") -> Motion:
    """The proposer (or a clerk) withdraws a motion not yet decided; its amendments lapse."""
    is_clerk = access.is_clerk(actor, motion.body.commune)
    if not is_clerk:
        proposer = access_person(actor, motion)
        if proposer is None or proposer.pk != motion.proposer_id:
            raise PermissionDenied("only the proposer or a clerk may withdraw a motion")
    reason = clean_text(reason, what="reason", max_length=2000, required=False)
    with transaction.atomic():
        motion = _lock_pending(motion)
        now = clock.now()
        lapsed = [motion, *queries.pending_amendments(motion)]
        for m in lapsed:
            m.state = Motion.State.WITHDRAWN
            m.decided_at = now
            m.save(update_fields=["state", "decided_at"])
            append_entry(
                motion.body.commune,
                "motion.withdrawn",
                {"body": motion.body_id, "motion": m.number, "reason": reason},
                actor=actor,
            )
    return motion


def access_person(actor: Actor, motion: Motion) -> Person | None:
    if isinstance(actor, Operator) or not actor.is_authenticated:
        return None
    return queries.person_of(motion.body.commune, actor.pk)


def do_refer_motion(motion: Motion, *, actor: Actor, commission: Body) -> Motion:
    """The council refers a motion to a commission for a report (a clerk records it)."""
    access.require_clerk(actor, motion.body.commune)
    if commission.kind != Body.Kind.COMMISSION or commission.commune_id != motion.body.commune_id:
        raise InvalidInput(
            f"{commission.name} is not a commission of this commune", field="commission"
        )
    with transaction.atomic():
        motion = _lock_pending(motion)
        if motion.is_amendment:
            raise InvalidInput("an amendment follows its motion: refer the motion")
        motion.state = Motion.State.REFERRED
        motion.referred_to = commission
        motion.save(update_fields=["state", "referred_to"])
        append_entry(
            motion.body.commune,
            "motion.referred",
            {
                "body": motion.body_id,
                "motion": motion.number,
                "commission": commission.pk,
                "commission_name": commission.name,
            },
            actor=actor,
        )
    return motion


def do_report_on_motion(motion: Motion, *, actor: Actor, report: str) -> Motion:
    """The commission a motion was referred to reports on it (a member of it, or a clerk)."""
    report = clean_text(report, what="report", max_length=MAX_TEXT, multiline=True)
    motion = Motion.objects.select_related("referred_to", "body__commune").get(pk=motion.pk)
    commission = motion.referred_to
    if commission is None or motion.state != Motion.State.REFERRED:
        raise WrongState(f"motion {motion.number} awaits no report")
    if not access.is_clerk(actor, motion.body.commune):
        try:
            member_of(actor, commission)
        except (NotAMember, PermissionDenied):
            raise PermissionDenied(f"only the members of {commission.name} may report") from None
    with transaction.atomic():
        motion = _lock_pending(motion)
        motion.state = Motion.State.REPORTED
        motion.report = report
        motion.save(update_fields=["state", "report"])
        append_entry(
            motion.body.commune,
            "motion.reported",
            {
                "body": motion.body_id,
                "motion": motion.number,
                "commission": commission.pk,
                "report": report,
            },
            actor=actor,
        )
    return motion
