"""Refusals of mandates, instructions and recall."""

from __future__ import annotations

from commune.errors import Conflict, InvalidInput, PermissionDenied


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


class StandsAgainstOwnRecall(InvalidInput):
    """The delegate under recall stands to replace themselves on the recall's own ballot."""

    code = "recalled_may_not_stand"


class NoSameBallot(Conflict):
    """The petition has no recall ballot with its replacement open (not that option, not yet
    open, or already settled)."""

    code = "no_same_ballot"


class PairedWithRecall(Conflict):
    """A recall vote and the replacement on its ballot open and close together, and only the
    recall's outcome cancels the replacement: a clerk changes neither's times nor cancels."""

    code = "paired_with_recall"
