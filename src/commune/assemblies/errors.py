"""Refusals of the assemblies."""

from __future__ import annotations

from commune.errors import Conflict, InvalidInput, PermissionDenied


class NotAMember(PermissionDenied):
    """Only the members of a body table, sign and vote in it."""

    code = "not_a_member_of_body"


class WrongState(Conflict):
    """The act does not fit the state of the motion, sitting or division."""

    code = "assembly_wrong_state"


class AlreadyVoted(Conflict):
    """A member voted twice in one division: the first vote stands."""

    code = "already_voted"


class NoQuorum(Conflict):
    """Too few members present to take a division."""

    code = "no_quorum"


class StaleAmendment(Conflict):
    """The amended text changed after the amendment was tabled: it no longer applies."""

    code = "stale_amendment"


class BadAmendment(InvalidInput):
    """An amendment that cannot be applied to its motion's text (passage not found…)."""

    code = "bad_amendment"
