"""Sections, people and their memberships.

A person belongs to exactly one section of a commune at a time; a move to
another section ends one membership and opens another, so the electoral roll
of any past instant can be rebuilt.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from commune.communes.models import Commune


class Section(models.Model):
    """A constituency of a commune (in 1871, an arrondissement) that elects delegates."""

    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="sections")
    number = models.PositiveIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=200)
    # Declared figures, used when the constitution apportions seats by population or
    # when a historical roll is larger than the people recorded here.
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    num_registered_declared = models.PositiveIntegerField(
        _("registered voters (declared)"), null=True, blank=True
    )
    source = models.TextField(_("source of the figures"), blank=True)
    # Seats on the council, as last apportioned by `do_apportion_seats`.
    seats = models.PositiveIntegerField(_("seats"), default=0)
    # A section merged into another keeps its row, number and history, but no roll or seat.
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_sections",
        verbose_name=_("merged into"),
    )
    dissolved_at = models.DateTimeField(_("dissolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["commune", "number"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "number"], name="section_number_unique"),
            models.UniqueConstraint(fields=["commune", "name"], name="section_name_unique"),
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | Q(dissolved_at__isnull=False),
                name="merged_section_is_dissolved",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    @property
    def is_active(self) -> bool:
        return self.dissolved_at is None


class Person(models.Model):
    """A member as one commune knows them: name, email, and the account they sign in with.

    Each commune keeps its own people. Someone who belongs to two communes is two rows,
    possibly linked to one account, so that nothing one commune records (a name, an
    email, whether someone is a member at all) can be learnt by another commune's clerks.
    """

    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="people")
    full_name = models.CharField(_("full name"), max_length=200)
    # NULL, not "", for "no email": the unique (commune, email) constraint ignores NULLs.
    email = models.EmailField(_("email"), null=True, blank=True)  # noqa: DJ001
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "email"], name="person_email_unique"),
            models.UniqueConstraint(fields=["commune", "user"], name="person_user_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name


class Membership(models.Model):
    """A person's membership of one section, from `started_at` until `ended_at` (open if null)."""

    class EndReason(models.TextChoices):
        MOVED = "moved", _("moved to another section")
        LEFT = "left", _("left the commune")
        REMOVED = "removed", _("removed from the roll")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    # Denormalised from section.commune so that "one open membership per commune"
    # is a database constraint, true under concurrent imports.
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="memberships")
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="memberships")
    started_at = models.DateTimeField(_("started at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    end_reason = models.CharField(
        _("end reason"), max_length=16, choices=EndReason.choices, blank=True
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["section", "person"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "commune"],
                condition=Q(ended_at__isnull=True),
                name="one_open_membership_per_commune",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gt=F("started_at")),
                name="membership_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["section", "started_at", "ended_at"]),
            # Who left a section since an instant: a recall petition's signatures that no
            # longer count are found from the few who left, not by visiting every signer.
            models.Index(fields=["section", "ended_at"], name="membership_section_left"),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.section}"
