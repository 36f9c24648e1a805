"""Reads of the commissions' work: boards of tasks, overdue work, reports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from commune import clock
from commune.assemblies.models import Body, Decree
from commune.commissions.models import CouncilReport, Referral, Task, TaskReport
from commune.communes.models import Commune

UNFINISHED = (Task.State.OPEN, Task.State.IN_PROGRESS)


def today() -> dt.date:
    return clock.now().date()


def _overdue(tasks: QuerySet[Task]) -> QuerySet[Task]:
    return tasks.filter(state__in=UNFINISHED, due_on__lt=today())


def referrals_of(commission: Body) -> list[Referral]:
    return list(
        Referral.objects.filter(commission=commission)
        .select_related("decree")
        .annotate(
            open_tasks=Count("tasks", filter=Q(tasks__state__in=UNFINISHED)),
            done_tasks=Count("tasks", filter=Q(tasks__state=Task.State.DONE)),
        )
        .order_by("-decree__number")
    )


def referrals_of_decree(decree: Decree) -> list[Referral]:
    return list(Referral.objects.filter(decree=decree).select_related("commission"))


def get_referral(commission: Body, decree_number: int) -> Referral | None:
    return (
        Referral.objects.filter(commission=commission, decree__number=decree_number)
        .select_related("decree", "commission", "commission__commune")
        .first()
    )


def tasks_of(referral: Referral) -> list[Task]:
    return list(referral.tasks.select_related("responsible").order_by("number"))


def board(commission: Body) -> dict[str, list[Task]]:
    """The commission's tasks by state, the overdue ones first in each column."""
    columns: dict[str, list[Task]] = {state: [] for state in Task.State.values}
    tasks = (
        Task.objects.filter(referral__commission=commission)
        .select_related("responsible", "referral__decree")
        .order_by("due_on", "pk")
    )
    for task in tasks[:1000]:
        columns[task.state].append(task)
    return columns


def overdue_tasks(commune: Commune, *, limit: int = 100) -> list[Task]:
    """Unfinished tasks past their due date, across the commune's commissions (public)."""
    return list(
        _overdue(Task.objects.filter(referral__commission__commune=commune))
        .select_related("responsible", "referral__decree", "referral__commission")
        .order_by("due_on", "pk")[:limit]
    )


def is_overdue(task: Task) -> bool:
    return task.state in UNFINISHED and task.due_on < today()


def get_task(referral: Referral, number: int) -> Task | None:
    return referral.tasks.filter(number=number).select_related("responsible").first()


def task_reports(task: Task) -> list[TaskReport]:
    return list(task.reports.select_related("author", "attachment").order_by("reported_at", "pk"))


def council_reports(referral: Referral) -> list[CouncilReport]:
    return list(referral.council_reports.order_by("presented_at", "pk"))


@dataclass(frozen=True, slots=True)
class Progress:
    done: int
    open: int
    overdue: int


def progress(referral: Referral) -> Progress:
    tasks = referral.tasks.all()
    return Progress(
        done=tasks.filter(state=Task.State.DONE).count(),
        open=tasks.filter(state__in=UNFINISHED).count(),
        overdue=_overdue(tasks).count(),
    )


def get_attachment(commune: Commune, report_id: int) -> TaskReport | None:
    return (
        TaskReport.objects.filter(
            pk=report_id, task__referral__commission__commune=commune, attachment__isnull=False
        )
        .select_related("attachment")
        .first()
    )
