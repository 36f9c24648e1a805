"""Results of record: an election held before Commune kept its ballots (the 26 March 1871
elections), entered from the sources as they give it.

Such a result is not counted: nobody can recount it, since no ballot was kept. It says so
wherever it is shown; the figures the sources give are printed with their source, those
they do not give are left empty, never estimated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from commune import clock
from commune.communes import access
from commune.communes.access import Actor
from commune.communes.models import Commune
from commune.elections.models import Candidacy, Election
from commune.errors import InvalidInput
from commune.journal.record import append_entry
from commune.members.models import Person, Section
from commune.text import clean_text


@dataclass(frozen=True, slots=True)
class CandidateOfRecord:
    name: str
    person: Person | None
    votes: int | None  # None: the sources read give no figure
    elected: bool


def do_record_election(
    commune: Commune,
    *,
    actor: Actor,
    title: str,
    section: Section | None,
    seats: int,
    opened_at: dt.datetime,
    closed_at: dt.datetime,
    candidates: Sequence[CandidateOfRecord],
    registered: int | None,
    voters: int | None,
    source: str,
) -> Election:
    """Enter a past election's result as its sources give it (status counted, of record)."""
    access.require_clerk(actor, commune)
    if closed_at > clock.now() or closed_at <= opened_at:
        raise InvalidInput("a result of record is of an election already held")
    winners = [c.name for c in candidates if c.elected]
    if len(winners) > seats:
        raise InvalidInput(f"{len(winners)} elected for {seats} seat(s)")
    election = Election(
        commune=commune,
        section=section,
        title=clean_text(title, what="title", max_length=200),
        seats=seats,
        method="block",
        ballot_rules="strict",
        validity_threshold="",
        opens_at=opened_at,
        closes_at=closed_at,
        status=Election.Status.COUNTED,
        num_registered=registered,
        created_at=clock.now(),
        result={
            "of_record": True,
            "method": "block",
            "seats": seats,
            "winners": winners,
            "candidates": [c.name for c in candidates],
            "figures": {c.name: c.votes for c in candidates},
            "rounds": [],
            "unfilled": seats - len(winners),
            "registered": registered,
            "voters": voters,
            "blank": None,
            "abstentions": None if registered is None or voters is None else registered - voters,
            "source": source,
        },
    )
    with transaction.atomic():
        election.save(force_insert=True)
        now = clock.now()
        Candidacy.objects.bulk_create(
            [
                Candidacy(election=election, person=c.person, name=c.name, filed_at=now)
                for c in candidates
            ]
        )
        append_entry(
            commune,
            "election.recorded",
            {
                "election": election.pk,
                "title": election.title,
                "section": section.number if section else None,
                "seats": seats,
                "opened_at": clock.iso(opened_at),
                "closed_at": clock.iso(closed_at),
                "winners": winners,
                "figures": {c.name: c.votes for c in candidates},
                "registered": registered,
                "voters": voters,
                "source": source,
            },
            actor=actor,
        )
    return election
