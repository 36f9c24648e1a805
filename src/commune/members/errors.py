"""Refusals specific to communes, sections and rolls."""

from __future__ import annotations

from commune.errors import Conflict, InvalidInput


class ImportRejected(InvalidInput):
    """A member import had bad lines, listed in `details` as {"line", "problem"}; nothing saved."""

    code = "import_rejected"


class SeatTie(Conflict):
    """The apportionment ends in a tie for the last seat(s): the constitution must decide."""

    code = "seat_tie"


class AlreadyMember(Conflict):
    """The person already holds an open membership in this commune."""

    code = "already_member"
