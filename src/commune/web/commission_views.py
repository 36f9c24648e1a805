"""Commissions at work for people: the decrees a commission holds, its board of tasks, a
task with its reports and attachments, overdue work; the acts of its members.

Views parse → access → action or query → render (`commune.web.acting`).
"""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from commune.assemblies import access as assembly_access
from commune.assemblies import queries as assembly_queries
from commune.commissions import access, actions, queries
from commune.commissions.models import Referral, Task
from commune.communes import access as commune_access
from commune.errors import NotFound
from commune.web import forms
from commune.web.acting import Done, act_on, submitted

GET_POST = require_http_methods(["GET", "POST"])


def _referral_url(referral: Referral) -> str:
    commission = referral.commission
    return reverse(
        "web:referral", args=[commission.commune.slug, commission.pk, referral.decree.number]
    )


def _task_url(task: Task) -> str:
    return _referral_url(task.referral) + f"tasks/{task.number}/"


def _open(request: HttpRequest, slug: str, body_id: int, number: int) -> Referral:
    commune = commune_access.access_commune(request.user, slug)
    body = assembly_access.access_body(request.user, commune, body_id)
    commission = access.access_commission(request.user, body)
    return access.access_referral(request.user, commission, number)


def referral_detail(request: HttpRequest, slug: str, body_id: int, number: int) -> HttpResponse:
    referral = _open(request, slug, body_id, number)
    commission = referral.commission
    return render(
        request,
        "commune/commissions/referral.html",
        {
            "commune": commission.commune,
            "body": commission,
            "referral": referral,
            "decree": referral.decree,
            "tasks": [(t, queries.is_overdue(t)) for t in queries.tasks_of(referral)],
            "reports": queries.council_reports(referral),
            "progress": queries.progress(referral),
            "can_work": access.can_work(request.user, commission),
        },
    )


@login_required
@GET_POST
def create_task(request: HttpRequest, slug: str, body_id: int, number: int) -> HttpResponse:
    referral = _open(request, slug, body_id, number)
    commission = referral.commission
    members = [(p.pk, p.full_name) for p in assembly_queries.list_members(commission)]
    form = forms.TaskForm(**submitted(request), members=members)

    def act(data: dict[str, Any]) -> Done:
        responsible = assembly_access.access_person(
            request.user, commission.commune, data["responsible"]
        )
        task = actions.do_create_task(
            referral,
            actor=request.user,
            title=data["title"],
            description=data["description"],
            responsible=responsible,
            due_on=data["due_on"],
        )
        return _("Task %(n)s is set.") % {"n": task.number}, _task_url(task)

    return act_on(
        request,
        form,
        act,
        template="commune/commissions/form.html",
        context={
            "commune": commission.commune,
            "body": commission,
            "referral": referral,
            "heading": _("Set a task"),
        },
    )


@login_required
@GET_POST
def report_to_council(request: HttpRequest, slug: str, body_id: int, number: int) -> HttpResponse:
    referral = _open(request, slug, body_id, number)
    form = forms.CouncilReportForm(**submitted(request))

    def act(data: dict[str, Any]) -> Done:
        actions.do_report_to_council(referral, actor=request.user, text=data["text"])
        return _("The report to the council is recorded."), _referral_url(referral)

    return act_on(
        request,
        form,
        act,
        template="commune/commissions/form.html",
        context={
            "commune": referral.commission.commune,
            "body": referral.commission,
            "referral": referral,
            "heading": _("Report to the council"),
        },
    )


def _task(request: HttpRequest, slug: str, body_id: int, number: int, task_number: int) -> Task:
    referral = _open(request, slug, body_id, number)
    return access.access_task(request.user, referral, task_number)


@GET_POST
def task_detail(
    request: HttpRequest, slug: str, body_id: int, number: int, task_number: int
) -> HttpResponse:
    task = _task(request, slug, body_id, number, task_number)
    referral = task.referral
    commission = referral.commission
    form = forms.TaskReportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )

    def act(data: dict[str, Any]) -> Done:
        upload = data.get("attachment")
        attachment = (upload.name, upload.content_type or "", upload.read()) if upload else None
        actions.do_report_on_task(
            task, actor=request.user, text=data["text"], attachment=attachment
        )
        return _("Your report is recorded."), _task_url(task)

    if request.method == "POST" and not request.user.is_authenticated:
        return HttpResponseRedirect(reverse("web:login") + f"?next={request.path}")
    return act_on(
        request,
        form,
        act,
        template="commune/commissions/task.html",
        context={
            "commune": commission.commune,
            "body": commission,
            "referral": referral,
            "task": task,
            "overdue": queries.is_overdue(task),
            "reports": queries.task_reports(task),
            "moves": [(s, Task.State(s).label) for s in actions.MOVES[Task.State(task.state)]],
            "can_work": access.can_work(request.user, commission),
            "multipart": True,
        },
    )


@login_required
@require_POST
def move_task(
    request: HttpRequest, slug: str, body_id: int, number: int, task_number: int
) -> HttpResponse:
    task = _task(request, slug, body_id, number, task_number)
    task = actions.do_move_task(task, actor=request.user, state=request.POST.get("state", ""))
    messages.success(request, _("The task is now %(state)s.") % {"state": task.get_state_display()})
    return HttpResponseRedirect(_task_url(task))


@login_required
@require_POST
def refer_decree(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    commune = commune_access.access_commune(request.user, slug)
    decree = assembly_access.access_decree(request.user, commune, number)
    raw = request.POST.get("commission", "")
    commission = assembly_access.access_body(
        request.user, commune, int(raw) if raw.isdigit() else 0
    )
    referral = actions.do_refer_decree(decree, actor=request.user, commission=commission)
    messages.success(
        request,
        _("Decree no. %(n)s is referred to %(c)s.") % {"n": decree.number, "c": commission.name},
    )
    return HttpResponseRedirect(_referral_url(referral))


def attachment(request: HttpRequest, slug: str, report_id: int) -> FileResponse:
    """An attachment, always as a download (never rendered by the browser as a page)."""
    commune = commune_access.access_commune(request.user, slug)
    report = queries.get_attachment(commune, report_id)
    if report is None or report.attachment is None:
        raise NotFound(f"no attachment {report_id}")
    stored = report.attachment
    response = FileResponse(
        io.BytesIO(bytes(stored.data)),
        as_attachment=True,
        filename=stored.name,
        content_type=stored.content_type,
    )
    response["Content-Length"] = str(stored.size)
    response["X-Content-Type-Options"] = "nosniff"
    return response
