"""What an election publishes once counted: its result and its anonymised ballots.

Both are derived from the stored ballots on request (they never change once counted);
the BLT file is the very text the count read, so its SHA-256 is the one the journal's
`election.counted` entry printed.
"""

from __future__ import annotations

from typing import Any

from commune.elections import ballots, queries
from commune.elections.actions.lifecycle import published_blt, settings_of
from commune.elections.counting import tally_command
from commune.elections.errors import WrongState
from commune.elections.models import Election
from commune.errors import InvalidInput, NotFound

PUBLISHED = (Election.Status.COUNTED, Election.Status.CERTIFIED)


def _require_counted(election: Election) -> None:
    if election.status not in PUBLISHED:
        raise WrongState(
            f"{election.title} is {election.status}: its ballots and result are published "
            "once it is counted"
        )


def result_document(election: Election) -> dict[str, Any]:
    """The result as published: the engine's result, the turnout, how to recount it."""
    _require_counted(election)
    result = dict(election.result or {})
    return {
        **result,
        "election": election.pk,
        "title": election.title,
        "state": election.status,
        "kind": election.kind,
        "method": election.method,
        "seats": election.seats,
        "rules": election.ballot_rules,
        "recount": (
            None
            if result.get("of_record")
            else tally_command(settings_of(election), f"election-{election.pk}.blt")
        ),
    }


def ballots_file(election: Election, fmt: str) -> tuple[str, str]:
    """The anonymised ballots in `fmt` (blt, csv, json), sorted by receipt, and their type."""
    _require_counted(election)
    if (election.result or {}).get("of_record"):
        raise WrongState(
            f"{election.title} is a result of record, entered from its sources: no ballot "
            "was kept, so there is none to publish"
        )
    names = queries.ballot_names(election)
    if fmt == "blt":
        return published_blt(election), "text/plain; charset=utf-8"
    rows = queries.iter_ballots(election)
    if fmt == "csv":
        sheets = queries.sheet_lines(election, names)
        return ballots.csv_text(names, rows, sheets), "text/csv; charset=utf-8"
    if fmt == "json":
        extra = {
            "election": election.pk,
            "title": election.title,
            "seats": election.seats,
            # The paper ballots, as their polling stations' confirmed count sheets.
            "sheets": (election.result or {}).get("sheets", []),
        }
        return ballots.json_text(names, rows, extra), "application/json"
    raise InvalidInput(f"unknown format {fmt[:20]!r}: blt, csv or json")


def find_receipt(election: Election, code: str) -> dict[str, Any]:
    """The published ballot a receipt names (after the count), or `NotFound`."""
    _require_counted(election)
    receipt = ballots.normalise_receipt(code)
    found = queries.find_ballot(election, receipt)
    if found is None:
        raise NotFound(f"no ballot of {election.title} has the receipt {receipt or code[:20]!r}")
    names = queries.ballot_names(election)
    return {
        "receipt": found.receipt,
        "ballot": ballots.marks_as_names(found.marks, names) if found.marks else None,
    }
