"""Seating delegates: certifying an election gives each winner a mandate."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from commune import clock
from commune.assemblies import queries as assembly_queries
from commune.assemblies.actions import do_ensure_council, do_take_seat
from commune.assemblies.models import Seat
from commune.communes import access
from commune.communes.access import Actor
from commune.elections import queries as election_queries
from commune.elections.actions import do_settle_election
from commune.elections.errors import WrongState
from commune.elections.models import Election
from commune.errors import Fault, InvalidInput
from commune.journal import record
from commune.mandates.models import Mandate


def do_certify_election(
    election: Election, *, actor: Actor, seated_at: dt.datetime | None = None
) -> list[Mandate]:
    """Certify a counted election: its result becomes final and each winner takes a seat of
    the council for the election's section, from now (the journal prints both). A result
    of record gives the instant its delegates took their seats (`seated_at`, in the past)."""
    access.require_clerk(actor, election.commune)
    election = do_settle_election(election)
    council = do_ensure_council(election.commune, actor=actor)
    with transaction.atomic():
        election = (
            Election.objects.select_for_update(of=("self",))  # the election's row only
            .select_related("commune", "section")
            .get(pk=election.pk)
        )
        if election.status != Election.Status.COUNTED:
            raise WrongState(
                f"{election.title} is {election.status}: only a counted election is certified"
            )
        result = election.result or {}
        winners = list(result.get("winners", []))
        if seated_at is not None and not (result.get("of_record") and seated_at <= clock.now()):
            raise InvalidInput("only a result of record seats its delegates at a past instant")
        now = seated_at or clock.now()
        mandates: list[Mandate] = []
        if election.kind == Election.Kind.SEATS:
            by_name = {c.name: c for c in election_queries.list_candidacies(election)}
            for name in winners:
                candidacy = by_name.get(name)
                if candidacy is None or candidacy.person is None:
                    raise Fault(f"the winner {name!r} of {election.title} is not a candidate")
                # The mandate's own entry below is the record of the seat.
                seat = assembly_queries.open_seat(council, candidacy.person) or do_take_seat(
                    council,
                    candidacy.person,
                    actor=actor,
                    origin=Seat.Origin.MANDATE,
                    since=now,
                    journal=False,
                )
                mandates.append(
                    Mandate.objects.create(
                        commune=election.commune,
                        section=election.section,
                        person=candidacy.person,
                        election=election,
                        seat=seat,
                        started_at=now,
                    )
                )
        election.status = Election.Status.CERTIFIED
        election.save(update_fields=["status"])
        section = election.section.number if election.section else None
        record.append_entries(
            election.commune,
            [
                (
                    "election.certified",
                    {
                        "election": election.pk,
                        "winners": winners,
                        "unfilled": int(result.get("unfilled", 0)),
                    },
                ),
                *[
                    (
                        "mandate.began",
                        {
                            "mandate": m.pk,
                            "body": m.body,
                            "section": section,
                            "delegate": m.person.full_name,
                            "election": election.pk,
                            "started_at": clock.iso(now),
                        },
                    )
                    for m in mandates
                ],
            ],
            actor=actor,
        )
    return mandates
