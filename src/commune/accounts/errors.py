"""Refusals about invitations: each is a class of `commune.errors`, so its status follows."""

from __future__ import annotations

from commune.errors import Conflict, NotFound


class UnknownInvitation(NotFound):
    """No invitation has this token (mistyped, or replaced by a newer invitation)."""

    code = "unknown_invitation"


class InvitationUsed(Conflict):
    """The invitation already made a login: a token is used once."""

    code = "invitation_used"


class InvitationExpired(Conflict):
    """The invitation's time ran out: a clerk may send a new one."""

    code = "invitation_expired"


class NotInvitable(Conflict):
    """The person cannot be invited now (no longer on the roll, or already signs in)."""

    code = "not_invitable"
