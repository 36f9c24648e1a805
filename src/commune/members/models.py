"""Communes, sections, people and their memberships.

A person belongs to exactly one section of a commune at a time; a move to
another section ends one membership and opens another, so the electoral roll
of any past instant can be rebuilt.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Commune(models.Model):
    """The root every record belongs to: one deployment may hold several communes."""

    slug = models.SlugField(_("short name"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # The current constitution, validated by `commune.members.constitution.Constitution`;
    # every version, with the act that adopted it, is kept in ConstitutionVersion.
    constitution = models.JSONField(_("constitution"))
    constitution_version = models.PositiveIntegerField(_("constitution version"), default=1)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ConstitutionVersion(models.Model):
    """One adopted version of a commune's constitution, kept for the record."""

    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField(_("version"))
    rules = models.JSONField(_("rules"))
    adopted_at = models.DateTimeField(_("adopted at"))
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("constitution version")
        verbose_name_plural = _("constitution versions")
        ordering = ["commune", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "version"], name="constitution_version_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commune} v{self.version}"


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

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["commune", "number"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "number"], name="section_number_unique"),
            models.UniqueConstraint(fields=["commune", "name"], name="section_name_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class Person(models.Model):
    """A human being, who may hold memberships in several communes (one section in each)."""

    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("email"), null=True, blank=True, unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name"]

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
        indexes = [models.Index(fields=["section", "started_at", "ended_at"])]

    def __str__(self) -> str:
        return f"{self.person} — {self.section}"


class Clerk(models.Model):
    """A user entrusted with a commune's records (rolls, constitution, seats)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clerkships"
    )
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="clerks")
    appointed_at = models.DateTimeField(_("appointed at"))

    class Meta:
        verbose_name = _("clerk")
        verbose_name_plural = _("clerks")
        constraints = [
            models.UniqueConstraint(fields=["user", "commune"], name="clerk_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.commune}"
