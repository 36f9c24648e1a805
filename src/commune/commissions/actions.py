"""Carrying out decrees: referral to a commission, tasks, their states and reports, and the
commission's report to the council. Every act is journaled in its own transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.db import IntegrityError, transaction
from django.db.models import Max

from commune import clock
from commune.assemblies import queries as assembly_queries
from commune.assemblies.models import Body, Decree
from commune.commissions import queries
from commune.commissions.access import worker_of
from commune.commissions.errors import BadAttachment, WrongState
from commune.commissions.models import Attachment, CouncilReport, Referral, Task, TaskReport
from commune.communes import access
from commune.communes.access import Actor
from commune.errors import Conflict, InvalidInput
from commune.journal.record import append_entry
from commune.members.models import Person
from commune.text import clean_text

MAX_ATTACHMENT = 5 * 1024 * 1024
#: Types served back as downloads; anything else is refused rather than guessed.
ACCEPTED_TYPES = {
    "application/pdf",
    "image/png",
    "image/jpeg",
    "text/plain",
    "text/csv",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
}
#: Moves a task may make. A finished task stays finished: more work is a new task.
MOVES = {
    Task.State.OPEN: {Task.State.IN_PROGRESS, Task.State.DONE, Task.State.CANCELLED},
    Task.State.IN_PROGRESS: {Task.State.OPEN, Task.State.DONE, Task.State.CANCELLED},
    Task.State.DONE: set(),
    Task.State.CANCELLED: set(),
}


def do_refer_decree(decree: Decree, *, actor: Actor, commission: Body) -> Referral:
    """The council hands a decree to a commission to carry out (a clerk records it)."""
    access.require_clerk(actor, decree.commune)
    if commission.kind != Body.Kind.COMMISSION or commission.commune_id != decree.commune_id:
        raise InvalidInput(
            f"{commission.name} is not a commission of {decree.commune.name}", field="commission"
        )
    try:
        with transaction.atomic():
            referral = Referral.objects.create(
                commission=commission, decree=decree, referred_at=clock.now()
            )
            append_entry(
                decree.commune,
                "decree.referred",
                {
                    "decree": decree.number,
                    "commission": commission.pk,
                    "commission_name": commission.name,
                },
                actor=actor,
            )
    except IntegrityError:
        raise Conflict(f"decree {decree.number} is already with {commission.name}") from None
    return referral


def do_create_task(
    referral: Referral,
    *,
    actor: Actor,
    title: str,
    responsible: Person,
    due_on: dt.date,
    description: str = "",
) -> Task:
    """A member of the commission (or a clerk) sets a task, someone responsible, a date."""
    commission = referral.commission
    worker_of(actor, commission)
    title = clean_text(title, what="title", max_length=300)
    description = clean_text(
        description, what="description", max_length=20_000, required=False, multiline=True
    )
    if not assembly_queries.is_member(commission, responsible):
        raise InvalidInput(
            f"{responsible.full_name} does not sit in {commission.name}", field="responsible"
        )
    with transaction.atomic():
        Referral.objects.select_for_update().get(pk=referral.pk)  # numbers without gaps
        number = (referral.tasks.aggregate(n=Max("number"))["n"] or 0) + 1
        task = Task.objects.create(
            referral=referral,
            number=number,
            title=title,
            description=description,
            responsible=responsible,
            due_on=due_on,
            created_at=clock.now(),
        )
        append_entry(
            commission.commune,
            "task.created",
            {
                "decree": referral.decree.number,
                "commission": commission.pk,
                "task": task.pk,
                "title": title,
                "description": description,
                "responsible": responsible.full_name,
                "due_on": due_on.isoformat(),
            },
            actor=actor,
        )
    return task


def do_move_task(task: Task, *, actor: Actor, state: str) -> Task:
    """Move a task on (to do → in progress → done, or cancelled)."""
    referral = task.referral
    worker_of(actor, referral.commission)
    if state not in Task.State.values:
        raise InvalidInput(f"unknown state {state!r}", field="state")
    with transaction.atomic():
        task = Task.objects.select_for_update().get(pk=task.pk)
        if state not in MOVES[Task.State(task.state)]:
            raise WrongState(
                f"a task that is {task.get_state_display()} cannot become {Task.State(state).label}"
            )
        was = task.state
        task.state = state
        task.finished_at = clock.now() if state in (Task.State.DONE, Task.State.CANCELLED) else None
        task.save(update_fields=["state", "finished_at"])
        append_entry(
            referral.commission.commune,
            "task.state_changed",
            {
                "decree": referral.decree.number,
                "commission": referral.commission_id,
                "task": task.pk,
                "state": state,
                "was": was,
            },
            actor=actor,
        )
    return task


def _attachment(name: str, content_type: str, data: bytes) -> Attachment:
    name = clean_text(name.replace("/", "_").replace("\\", "_"), what="attachment", max_length=200)
    if len(data) > MAX_ATTACHMENT:
        raise BadAttachment(
            f"{name} is {len(data):,} bytes: at most {MAX_ATTACHMENT // 2**20} MiB",
            field="attachment",
        )
    if content_type not in ACCEPTED_TYPES:
        raise BadAttachment(
            f"{name}: files of type {content_type or 'unknown'} are not accepted "
            "(PDF, PNG, JPEG, text, CSV, OpenDocument)",
            field="attachment",
        )
    return Attachment.objects.create(
        name=name,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
    )


def do_report_on_task(
    task: Task,
    *,
    actor: Actor,
    text: str,
    attachment: tuple[str, str, bytes] | None = None,
) -> TaskReport:
    """Someone working on a task says what was done, with a file if need be."""
    referral = task.referral
    author = worker_of(actor, referral.commission)
    if author is None:
        raise InvalidInput("a report is signed by a member of the commission", field="text")
    text = clean_text(text, what="text", max_length=20_000, multiline=True)
    with transaction.atomic():
        stored = _attachment(*attachment) if attachment else None
        report = TaskReport.objects.create(
            task=task, author=author, text=text, attachment=stored, reported_at=clock.now()
        )
        append_entry(
            referral.commission.commune,
            "task.reported",
            {
                "decree": referral.decree.number,
                "commission": referral.commission_id,
                "task": task.pk,
                "author": author.full_name,
                "text": text,
                "attachment": stored.name if stored else None,
                "attachment_sha256": stored.sha256 if stored else None,
            },
            actor=actor,
        )
    return report


def do_report_to_council(referral: Referral, *, actor: Actor, text: str) -> CouncilReport:
    """The commission accounts to the council for a decree it holds; the figures of its
    tasks (done, open, overdue) are printed with the report."""
    worker_of(actor, referral.commission)
    text = clean_text(text, what="text", max_length=50_000, multiline=True)
    with transaction.atomic():
        report = CouncilReport.objects.create(
            referral=referral, text=text, presented_at=clock.now()
        )
        figures = queries.progress(referral)
        append_entry(
            referral.commission.commune,
            "commission.reported",
            {
                "decree": referral.decree.number,
                "commission": referral.commission_id,
                "commission_name": referral.commission.name,
                "text": text,
                "tasks_done": figures.done,
                "tasks_open": figures.open,
                "tasks_overdue": figures.overdue,
            },
            actor=actor,
        )
    return report
