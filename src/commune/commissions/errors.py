"""Refusals of the commissions."""

from __future__ import annotations

from commune.errors import Conflict, InvalidInput


class WrongState(Conflict):
    """The act does not fit the task's or referral's state."""

    code = "commission_wrong_state"


class BadAttachment(InvalidInput):
    """An attachment too large or of a type that is not accepted."""

    code = "bad_attachment"
