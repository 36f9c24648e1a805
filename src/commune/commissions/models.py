"""What a commission does with the decrees the council refers to it.

A commission is a body of the assemblies room (its members hold seats there); this room adds
the accountable execution: each decree referred to a commission gets tasks, each task has
someone responsible, a due date and reports; the commission reports to the council on every
decree it holds. Attachments live in the database, so every web process serves them and a
backup of the database holds them; the journal keeps their SHA-256.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from commune.assemblies.models import Body, Decree
from commune.members.models import Person


class Referral(models.Model):
    """A decree handed to a commission to carry out."""

    commission = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="referrals_held")
    decree = models.ForeignKey(Decree, on_delete=models.PROTECT, related_name="referrals")
    referred_at = models.DateTimeField(_("referred at"))

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["commission", "-referred_at"]
        constraints = [
            models.UniqueConstraint(fields=["commission", "decree"], name="referral_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.decree} → {self.commission}"


class Task(models.Model):
    """A piece of work that carries out a referred decree."""

    class State(models.TextChoices):
        OPEN = "open", _("to do")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="tasks")
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("what"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    responsible = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="tasks")
    due_on = models.DateField(_("due on"))
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.OPEN)
    created_at = models.DateTimeField(_("created at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due_on", "number"]
        constraints = [
            models.UniqueConstraint(fields=["referral", "number"], name="task_number_unique"),
            models.CheckConstraint(
                condition=Q(state__in=["done", "cancelled"], finished_at__isnull=False)
                | (~Q(state__in=["done", "cancelled"]) & Q(finished_at__isnull=True)),
                name="task_finished_when_done",
            ),
        ]
        indexes = [models.Index(fields=["state", "due_on"])]

    def __str__(self) -> str:
        return self.title


class Attachment(models.Model):
    """A file joined to a report: kept in the database, served as a download."""

    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    data = models.BinaryField()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


class TaskReport(models.Model):
    """What was done on a task, by whom, with an optional attachment."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="reports")
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="task_reports")
    text = models.TextField(_("report"))
    attachment = models.OneToOneField(
        Attachment, on_delete=models.PROTECT, null=True, blank=True, related_name="report"
    )
    reported_at = models.DateTimeField(_("reported at"))

    class Meta:
        verbose_name = _("task report")
        verbose_name_plural = _("task reports")
        ordering = ["task", "reported_at", "pk"]

    def __str__(self) -> str:
        return f"{self.task}: {self.reported_at:%Y-%m-%d}"


class CouncilReport(models.Model):
    """A commission's account to the council of a decree it holds."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="council_reports")
    text = models.TextField(_("report"))
    presented_at = models.DateTimeField(_("presented at"))

    class Meta:
        verbose_name = _("report to the council")
        verbose_name_plural = _("reports to the council")
        ordering = ["referral", "presented_at", "pk"]

    def __str__(self) -> str:
        return f"{self.referral}: {self.presented_at:%Y-%m-%d}"
