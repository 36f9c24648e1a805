"""Communes, the versions of their constitutions, and the clerks who keep their records."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Commune(models.Model):
    """The root every record belongs to: one deployment may hold several communes."""

    slug = models.SlugField(_("short name"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # The current constitution, validated by `commune.communes.constitution.Constitution`;
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


class Clerk(models.Model):
    """A user entrusted with a commune's records (rolls, sections, constitution, seats)."""

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
