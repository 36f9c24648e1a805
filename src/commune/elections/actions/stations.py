"""Paper ballots: polling stations and their count sheets, entered by one clerk and
confirmed by another, then counted with the online ballots.

A sheet that does not add up (more ballots than voters who signed the roll, more votes
for a candidate than valid ballots, more marks than the ballots can carry) is refused
with a message saying which figure is wrong, and nothing is saved.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import IntegrityError, transaction

from commune import clock
from commune.actors import actor_label
from commune.communes import access
from commune.communes.access import Actor
from commune.elections import queries
from commune.elections.actions.lifecycle import count, do_settle_election
from commune.elections.errors import WrongState
from commune.elections.models import CountSheet, Election, PollingStation
from commune.errors import Conflict, InvalidInput, PermissionDenied
from commune.journal.record import append_entry
from commune.socialchoice.methods import get_method
from commune.text import clean_text

#: The methods that count only each candidate's votes, so that a sheet's totals are enough.
PAPER_METHODS = frozenset({"block", "plurality", "approval"})


def do_add_polling_station(election: Election, *, actor: Actor, name: str) -> PollingStation:
    """Add a place where the election's members vote on paper (before it closes)."""
    access.require_clerk(actor, election.commune)
    name = clean_text(name, what="name", max_length=200)
    election = do_settle_election(election)
    if election.status not in (Election.Status.DRAFT, Election.Status.OPEN):
        raise WrongState(f"{election.title} is {election.status}: no polling station can be added")
    if get_method(election.method).name not in PAPER_METHODS:
        raise InvalidInput(
            f"{election.method} counts whole ballots, which a count sheet does not give: paper "
            f"ballots need one of {', '.join(sorted(PAPER_METHODS))}"
        )
    station = PollingStation(election=election, name=name, created_at=clock.now())
    with transaction.atomic():
        try:
            with transaction.atomic():
                station.save(force_insert=True)
        except IntegrityError:
            raise Conflict(f"{election.title} already has a station named {name!r}") from None
        append_entry(
            election.commune,
            "station.added",
            {"election": election.pk, "station": station.pk, "name": name},
            actor=actor,
        )
    return station


def _check_sheet(
    election: Election, votes: Mapping[str, int], blank: int, spoilt: int, signatures: int
) -> dict[str, int]:
    names = queries.ballot_names(election)
    unknown = sorted(set(votes) - set(names))
    if unknown:
        raise InvalidInput(f"{unknown[0][:60]!r} is not a candidate in {election.title}")
    figures = {name: votes.get(name, 0) for name in names}
    for what, value in [
        *figures.items(),
        ("blank", blank),
        ("spoilt", spoilt),
        ("signatures", signatures),
    ]:
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise InvalidInput(f"{what}: {value!r} is not a number of ballots", field=None)
    if blank + spoilt > signatures:
        raise InvalidInput(
            f"{blank} blank and {spoilt} spoilt ballots are more than the {signatures} voters "
            "who signed the roll"
        )
    valid = signatures - blank - spoilt
    for name, value in figures.items():
        if value > valid:
            raise InvalidInput(
                f"{name} has {value} votes, more than the {valid} valid ballots "
                f"({signatures} signed, {blank} blank, {spoilt} spoilt)"
            )
    per_ballot = election.seats if get_method(election.method).name == "block" else 1
    if (
        get_method(election.method).name != "approval"
        and sum(figures.values()) > valid * per_ballot
    ):
        raise InvalidInput(
            f"the votes add up to {sum(figures.values())}, more than {valid} valid ballots "
            f"can carry ({per_ballot} mark(s) each)"
        )
    return figures


def do_enter_count_sheet(
    station: PollingStation,
    *,
    actor: Actor,
    votes: Mapping[str, int],
    blank: int,
    spoilt: int,
    signatures: int,
) -> CountSheet:
    """Enter (or correct, until it is confirmed) a station's count, once the election closed."""
    election = station.election
    access.require_clerk(actor, election.commune)
    election = do_settle_election(election)
    if election.status != Election.Status.CLOSED:
        raise WrongState(
            f"{election.title} is {election.status}: sheets are entered once it closes"
        )
    figures = _check_sheet(election, votes, blank, spoilt, signatures)
    with transaction.atomic():
        sheet = CountSheet.objects.select_for_update().filter(station=station).first()
        if sheet is not None and sheet.confirmed_at is not None:
            raise Conflict(f"the sheet of {station.name} is confirmed: it is final")
        sheet = sheet or CountSheet(station=station)
        sheet.votes, sheet.blank, sheet.spoilt, sheet.signatures = (
            figures,
            blank,
            spoilt,
            signatures,
        )
        sheet.entered_by, sheet.entered_at = actor_label(actor), clock.now()
        sheet.save()
        append_entry(
            election.commune,
            "sheet.entered",
            {
                "election": election.pk,
                "station": station.name,
                "votes": figures,
                "blank": blank,
                "spoilt": spoilt,
                "signatures": signatures,
            },
            actor=actor,
        )
    return sheet


def do_confirm_count_sheet(station: PollingStation, *, actor: Actor) -> CountSheet:
    """A second clerk confirms a station's sheet; the last confirmation counts the election."""
    election = station.election
    access.require_clerk(actor, election.commune)
    with transaction.atomic():
        election = (
            Election.objects.select_for_update(of=("self",))  # the election's row only
            .select_related("commune")
            .get(pk=election.pk)
        )
        sheet = CountSheet.objects.select_for_update().filter(station=station).first()
        if sheet is None:
            raise InvalidInput(f"{station.name} has no sheet to confirm yet")
        if sheet.confirmed_at is not None:
            raise Conflict(f"the sheet of {station.name} is already confirmed")
        if sheet.entered_by == actor_label(actor):
            raise PermissionDenied(
                "a sheet is confirmed by another clerk than the one who entered it"
            )
        sheet.confirmed_by, sheet.confirmed_at = actor_label(actor), clock.now()
        sheet.save(update_fields=["confirmed_by", "confirmed_at"])
        append_entry(
            election.commune,
            "sheet.confirmed",
            {"election": election.pk, "station": station.name},
            actor=actor,
        )
        if election.status == Election.Status.CLOSED and not queries.awaiting_sheets(election):
            count(election)
    return sheet
