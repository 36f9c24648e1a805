"""A delegate's mandate: a seat of a body, held for a section, from an election."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from commune.assemblies.models import Seat
from commune.communes.models import Commune
from commune.elections.models import Election
from commune.members.models import Person, Section


class Mandate(models.Model):
    """A seat held by a delegate: revocable at any time, so `ended_at` may come early."""

    class EndReason(models.TextChoices):
        TERM = "term", _("end of term")
        RESIGNATION = "resignation", _("resignation")
        RECALL = "recall", _("recalled")
        DEATH = "death", _("death")
        ANNULMENT = "annulment", _("annulled")

    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="mandates")
    # The body the seat belongs to: the council for now; commissions and federal councils later.
    body = models.CharField(_("body"), max_length=40, default="council")
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, null=True, blank=True, related_name="mandates"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="mandates")
    election = models.ForeignKey(
        Election, on_delete=models.PROTECT, null=True, blank=True, related_name="mandates"
    )
    # The seat in the council the mandate gives (the assemblies room counts its members).
    # Someone elected by two sections holds one seat, as in 1871 (then opts for one).
    seat = models.ForeignKey(
        Seat, on_delete=models.PROTECT, null=True, blank=True, related_name="mandates"
    )
    started_at = models.DateTimeField(_("started at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    end_reason = models.CharField(
        _("end reason"), max_length=16, choices=EndReason.choices, blank=True
    )

    class Meta:
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        ordering = ["commune", "section", "started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "person"],
                condition=Q(election__isnull=False),
                name="one_mandate_per_winner",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gt=F("started_at")),
                name="mandate_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.body})"
