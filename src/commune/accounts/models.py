"""Counters of sign-in attempts, one row per key, in a table that is never culled."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


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
