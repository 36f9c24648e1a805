"""The acts of the commissions that the Journal officiel records: execution is public."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from commune.commissions.models import Task
from commune.journal.kinds import EntryKind, Payload


class DecreeReferred(Payload):
    decree: int
    commission: int
    commission_name: str


class TaskCreated(Payload):
    decree: int
    commission: int
    task: int
    title: str
    description: str
    responsible: str
    due_on: str


class TaskStateChanged(Payload):
    decree: int
    commission: int
    task: int
    state: str
    was: str


class TaskReported(Payload):
    decree: int
    commission: int
    task: int
    author: str
    text: str
    attachment: str | None
    attachment_sha256: str | None


class CommissionReported(Payload):
    decree: int
    commission: int
    commission_name: str
    text: str
    tasks_done: int
    tasks_open: int
    tasks_overdue: int


def _state(value: Any) -> Any:
    """A task state's label, in the reader's language (the value itself if unknown)."""
    return Task.State(value).label if value in Task.State.values else value


KINDS = [
    EntryKind(
        "decree.referred",
        _("Decree referred to a commission"),
        DecreeReferred,
        lambda p: _("decree %(decree)s to %(commission_name)s") % p,
    ),
    EntryKind(
        "task.created", _("Task created"), TaskCreated, lambda p: _("%(title)s, due %(due_on)s") % p
    ),
    EntryKind(
        "task.state_changed",
        _("Task state changed"),
        TaskStateChanged,
        lambda p: (
            _("task %(task)s: %(was)s → %(state)s")
            % {**p, "was": _state(p["was"]), "state": _state(p["state"])}
        ),
    ),
    EntryKind(
        "task.reported", _("Report on a task"), TaskReported, lambda p: _("task %(task)s") % p
    ),
    EntryKind(
        "commission.reported",
        _("Commission reported to the council"),
        CommissionReported,
        lambda p: _("%(commission_name)s on decree %(decree)s") % p,
    ),
]
