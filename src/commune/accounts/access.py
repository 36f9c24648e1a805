"""Who may use an invitation: whoever holds its link, while it waits and has not expired.

The token is the only credential: it is compared by its SHA-256 (what the database keeps),
and the same refusals serve the page that shows the form and the action that uses it.
"""

from __future__ import annotations

import hashlib
import re

from django.utils.translation import gettext as _

from commune import clock
from commune.accounts.errors import InvitationExpired, InvitationUsed, UnknownInvitation
from commune.accounts.models import Invitation
from commune.communes.access import Actor

#: What `secrets.token_urlsafe(32)` makes; anything else is refused before the database is asked.
TOKEN_SHAPE = re.compile(r"[-_A-Za-z0-9]{20,100}\Z")


def token_hash(token: str) -> str:
    """What is stored of a token: its SHA-256, so the database alone cannot accept one."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def waiting_invitation(token: str, *, lock: bool) -> Invitation:
    """The invitation of `token` (its row locked if `lock`), or why it cannot be used:
    unknown (404), already used or expired (409)."""
    if not isinstance(token, str) or not TOKEN_SHAPE.match(token):
        raise UnknownInvitation(_("This invitation link is not valid. Check that it is complete."))
    rows = Invitation.objects.select_related("person", "person__commune")
    if lock:
        rows = rows.select_for_update(of=("self",))
    invitation = rows.filter(token_hash=token_hash(token)).first()
    if invitation is None:
        raise UnknownInvitation(
            _(
                "This invitation link is not valid: it was mistyped, or a newer invitation "
                "replaced it. Ask a clerk to invite you again."
            )
        )
    if invitation.used_at is not None:
        raise InvitationUsed(
            _("This invitation has already been used to make a login. Sign in with it.")
        )
    if invitation.expires_at <= clock.now():
        raise InvitationExpired(
            _("This invitation expired. Ask a clerk of %(commune)s to invite you again.")
            % {"commune": invitation.person.commune.name}
        )
    return invitation


def access_invitation(actor: Actor, token: str) -> Invitation:
    """The waiting invitation of `token`, for the page that shows its form. Anyone holding
    the link may see it (signed in or not): the token is the credential."""
    return waiting_invitation(token, lock=False)
