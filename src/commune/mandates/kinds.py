"""The acts of mandates that the Journal officiel records (delegates act in public)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from commune.journal.kinds import EntryKind, Payload


class MandateBegan(Payload):
    mandate: int
    body: str
    section: int | None
    delegate: str
    election: int | None
    started_at: str


KINDS = [
    EntryKind(
        "mandate.began",
        _("Mandate began"),
        MandateBegan,
        lambda p: _("%(delegate)s, section %(section)s") % p,
    ),
]
