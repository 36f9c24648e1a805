"""Reads about elections: lists, candidates, turnout, the published ballots."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q

from commune import clock
from commune.communes.models import Commune
from commune.elections.ballots import sheet_ballots
from commune.elections.models import (
    Ballot,
    Candidacy,
    CountSheet,
    Election,
    PollingStation,
    RollEntry,
    Voted,
)
from commune.members.models import Person, Section

#: A page of elections in lists.
PER_PAGE = 50


def list_elections(
    commune: Commune | None, *, limit: int = PER_PAGE, offset: int = 0
) -> list[Election]:
    """Elections newest first (of one commune, or of all), a bounded page at a time."""
    rows = Election.objects.select_related("section", "commune")
    if commune is not None:
        rows = rows.filter(commune=commune)
    return list(rows.order_by("-opens_at", "-pk")[offset : offset + min(limit, 1000)])


def list_coming_elections(
    section: Section, *, at: dt.datetime | None = None, limit: int = 20
) -> list[Election]:
    """Elections a member of `section` may take part in that have not closed at `at`: the
    section's and the whole commune's, open or still to open, soonest first (bounded)."""
    at = at or clock.now()
    return list(
        Election.objects.filter(
            Q(section=section) | Q(section__isnull=True, commune_id=section.commune_id),
            closes_at__gt=at,
            # Still to vote in: a draft opens by the clock (settled on first access); a
            # closed, counted or cancelled one is over whatever its closing instant says.
            status__in=[Election.Status.DRAFT, Election.Status.OPEN],
        )
        .select_related("section", "commune")
        .order_by("opens_at", "pk")[: min(limit, 100)]
    )


def count_elections(commune: Commune | None) -> int:
    rows = Election.objects.all()
    return (rows.filter(commune=commune) if commune is not None else rows).count()


def find_election(commune: Commune, title: str) -> Election | None:
    """The newest election of that title (for the operator's commands and the demo)."""
    return Election.objects.filter(commune=commune, title=title).order_by("-pk").first()


def get_election(pk: int) -> Election | None:
    return Election.objects.select_related("section", "commune").filter(pk=pk).first()


def list_candidacies(election: Election, *, with_withdrawn: bool = False) -> list[Candidacy]:
    """The names on the ballot, in ballot order (the order they were filed)."""
    rows = Candidacy.objects.filter(election=election).select_related("person")
    if not with_withdrawn:
        rows = rows.filter(withdrawn_at__isnull=True)
    return list(rows.order_by("pk"))


def ballot_names(election: Election) -> list[str]:
    """The names on the ballot, in ballot order (one query, names only: casting reads it)."""
    rows = Candidacy.objects.filter(election=election, withdrawn_at__isnull=True).order_by("pk")
    return list(rows.values_list("name", flat=True))


@dataclass(frozen=True, slots=True)
class Turnout:
    registered: int | None
    voters: int
    ballots: int
    blank: int

    @property
    def abstentions(self) -> int | None:
        return None if self.registered is None else self.registered - self.voters


def turnout(election: Election) -> Turnout:
    return Turnout(
        registered=election.num_registered,
        voters=Voted.objects.filter(election=election).count(),
        ballots=Ballot.objects.filter(election=election).count(),
        blank=Ballot.objects.filter(election=election, is_blank=True).count(),
    )


def has_voted(election: Election, person: Person) -> bool:
    return Voted.objects.filter(election=election, person=person).exists()


def is_on_roll(election: Election, person: Person) -> bool:
    return RollEntry.objects.filter(election=election, person=person).exists()


def iter_ballots(election: Election) -> Iterator[tuple[str, str]]:
    """Every ballot as (receipt, marks), sorted by receipt: the published order."""
    rows = (
        Ballot.objects.filter(election=election).order_by("receipt").values_list("receipt", "marks")
    )
    yield from rows.iterator(chunk_size=10_000)


def find_ballot(election: Election, receipt: str) -> Ballot | None:
    return Ballot.objects.filter(election=election, receipt=receipt).first()


def roll_person_id(election: Election, user_id: int) -> int | None:
    """The member record through which the user votes in `election`, if it is on the roll
    (one query: the roll entry of the user's member record in the election's commune)."""
    # Plain SQL: every ballot runs it (the ORM's compilation cost more than the query).
    roll = connection.ops.quote_name(RollEntry._meta.db_table)
    people = connection.ops.quote_name(Person._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT r.person_id FROM {roll} r JOIN {people} p ON p.id = r.person_id "
            "WHERE r.election_id = %s AND p.user_id = %s AND p.commune_id = %s LIMIT 1",
            [election.pk, user_id, election.commune_id],
        )
        row = cursor.fetchone()
    return None if row is None else int(row[0])


def voter_person(election: Election, user_id: int | None) -> Person | None:
    """The signed-in user's member record in the election's commune, if any."""
    if user_id is None:
        return None
    return Person.objects.filter(commune_id=election.commune_id, user_id=user_id).first()


def list_stations(election: Election) -> list[PollingStation]:
    """The election's polling stations with their count sheets (if entered)."""
    return list(
        PollingStation.objects.filter(election=election).select_related("sheet").order_by("pk")
    )


def get_station(election: Election, station_id: int) -> PollingStation | None:
    return PollingStation.objects.filter(election=election, pk=station_id).first()


def confirmed_sheets(election: Election) -> list[CountSheet]:
    return list(
        CountSheet.objects.filter(station__election=election, confirmed_at__isnull=False)
        .select_related("station")
        .order_by("station_id")
    )


def sheet_lines(election: Election, names: list[str]) -> list[tuple[int, tuple[int, ...]]]:
    """The confirmed sheets as weighted ballot lines, station by station (`sheet_ballots`)."""
    return [
        line
        for sheet in confirmed_sheets(election)
        for line in sheet_ballots(
            [int(sheet.votes.get(name, 0)) for name in names],
            sheet.signatures - sheet.blank - sheet.spoilt,
        )
    ]


def awaiting_sheets(election: Election) -> int:
    """Polling stations whose count sheet is not yet confirmed: the count waits for them."""
    return (
        PollingStation.objects.filter(election=election)
        .exclude(sheet__confirmed_at__isnull=False)
        .count()
    )
