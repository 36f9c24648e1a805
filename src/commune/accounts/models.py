"""Counters of sign-in attempts (one row per key, in a table that is never culled), and
invitations to make a login."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from commune.members.models import Person


class SignInAttempts(models.Model):
    """How many sign-in attempts a key (an account from an address, an address, an account)
    made since `window_started_at`. Keys are SHA-256 digests: no username or address is
    stored in clear. Counted with one atomic upsert, so parallel attempts cannot share a slot.
    """

    key = models.CharField(max_length=80, unique=True)
    attempts = models.PositiveIntegerField(default=0)
    window_started_at = models.DateTimeField(_("window started at"), db_index=True)

    class Meta:
        verbose_name = _("sign-in attempts")
        verbose_name_plural = _("sign-in attempts")

    def __str__(self) -> str:
        return f"{self.key[:12]}…: {self.attempts}"


class Invitation(models.Model):
    """A clerk's invitation to a member of the roll to make their login, sent by email.

    Only the SHA-256 of the token is kept: the link in the email is the only copy of the
    token, so a reader of the database cannot accept an invitation. A person has at most one
    invitation waiting (a new one replaces it); accepting sets `used_at` once, under the
    row's lock and only where it is still empty (`do_accept_invitation`).
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(_("token's SHA-256"), max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent at"))
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            # One invitation waiting per person: two clerks inviting at once make one.
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(used_at__isnull=True),
                name="one_waiting_invitation_per_person",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")), name="invitation_expires_after_sent"
            ),
            models.CheckConstraint(
                condition=Q(used_at__isnull=True) | Q(used_at__gte=F("created_at")),
                name="invitation_used_after_sent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.created_at:%Y-%m-%d})"
