"""The acts on the roll about logins that the Journal officiel records.

Registered when Django starts (`AccountsConfig.ready`). As every roll act, they name
the member only by section and membership number: never a name, an email, a username
or a token (`tests/journal/test_kinds.py`).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from commune.journal.kinds import EntryKind, Payload


class MemberOnRoll(Payload):
    section: int
    membership: int


KINDS = [
    EntryKind(
        "roll.member_invited",
        _("Member invited to make a login"),
        MemberOnRoll,
        lambda p: _("section %(section)s") % p,
    ),
    EntryKind(
        "roll.invitation_accepted",
        _("Member made their login"),
        MemberOnRoll,
        lambda p: _("section %(section)s") % p,
    ),
]
