"""Refusals of mandates, instructions and recall."""

from __future__ import annotations

from commune.errors import Conflict, PermissionDenied


class MandateEnded(Conflict):
    """The mandate is over: nothing more can be asked of it (a petition, an instruction)."""

    code = "mandate_ended"


class PetitionActive(Conflict):
    """A petition against this mandate is already collecting signatures or being voted on."""

    code = "petition_already_open"


class PetitionClosed(Conflict):
    """The petition no longer takes (or gives back) signatures."""

    code = "petition_closed"


class AlreadySigned(Conflict):
    """One signature each: the first stands."""

    code = "already_signed"


class NotOfSection(PermissionDenied):
    """Only the members of the delegate's section sign, vote and instruct."""

    code = "not_of_section"
