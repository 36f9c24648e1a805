"""Casting a secret ballot: one member, one vote, and nothing that links the two.

In one transaction: the election is checked open under its write lock (SQLite's one
writer; on PostgreSQL a NO KEY UPDATE lock of its row, which the count's FOR UPDATE waits
for, so no ballot lands after the count); the who-voted row is inserted (its unique
constraint is the guard: a second ballot is a 409 even under concurrent requests); the
ballot is written. On SQLite the statements are sent from here; on PostgreSQL the same
statements run in one call of a function of the database (`elections_cast_ballot`,
migration 0006), so the turns on the lock are not as long as seven round trips.

Where the ballot is written hides when it was cast. With n ballots already in their
places 0 … n-1, a place is drawn uniformly from 0 … n; the new ballot takes it, and the
ballot that was there moves to the new place n, in a new row with a new random id (if
the draw is n itself, the new ballot takes the new place). This is the "inside-out"
Fisher–Yates shuffle done one insertion at a time: whatever the order of casting, the
places (and the rows, which are created in the order of the places) hold the ballots in
a uniformly random order. On PostgreSQL the table keeps free room in each page, so the
in-place update stays in its page (but see docs/architecture.md on its line pointers).
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection

from commune import clock
from commune.communes.access import Actor
from commune.elections import access, ballots, kept
from commune.elections.actions.lifecycle import do_settle_election
from commune.elections.errors import AlreadyVoted, NotOpen
from commune.elections.models import Ballot, Election, Voted
from commune.writers import in_turn


@dataclass(frozen=True, slots=True)
class Receipt:
    """What the voter is given: the receipt code, and the ballot as it was recorded."""

    code: str
    ballot: list[str | list[str]] | None


def _refuse_unless_open(election: Election, status: str) -> None:
    now = clock.now()
    if status != Election.Status.OPEN or now >= election.closes_at or now < election.opens_at:
        when = "not open yet" if now < election.opens_at else "closed"
        raise NotOpen(f"{election.title} is {when}: no ballot can be cast")


def _check_open(election: Election) -> None:
    """The election's status read under the write lock (SQLite's, taken at BEGIN
    IMMEDIATE: casts take turns, as the shuffle reads the number of ballots)."""
    table = connection.ops.quote_name(Election._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT status FROM {table} WHERE id = %s", [election.pk])
        row = cursor.fetchone()
    _refuse_unless_open(election, row[0])


def _insert_voted(election: Election, person_id: int) -> bool:
    """Record that the person voted; False if they already had. The unique constraint is
    the guard (ON CONFLICT waits for a concurrent insert of the same row to commit or roll
    back), so this holds under concurrent requests, with no savepoint."""
    table = connection.ops.quote_name(Voted._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (election_id, person_id) VALUES (%s, %s) "
            "ON CONFLICT DO NOTHING RETURNING id",
            [election.pk, person_id],
        )
        return cursor.fetchone() is not None


def _write_shuffled(election: Election, marks: str, is_blank: bool, receipt: str) -> None:
    """Write the ballot in a place drawn uniformly from 0 … n (n ballots so far); the ballot
    that was there moves to the new place n (the module's docstring). Plain SQL: this is the
    hot path of an election. The caller holds SQLite's write lock, so n cannot change."""
    table = connection.ops.quote_name(Ballot._meta.db_table)
    key = Ballot._meta.pk
    assert key is not None
    insert = (
        f"INSERT INTO {table} (id, election_id, marks, is_blank, receipt, place) "
        "VALUES (%s, %s, %s, %s, %s, %s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(place) FROM {table} WHERE election_id = %s", [election.pk])
        (last,) = cursor.fetchone()
        n = 0 if last is None else last + 1
        place = secrets.randbelow(n + 1)  # unpredictable, uniform over 0 … n
        new_id = key.get_db_prep_value(uuid.uuid4(), connection)
        if place == n:
            cursor.execute(insert, [new_id, election.pk, marks, is_blank, receipt, n])
        else:
            cursor.execute(
                f"SELECT marks, is_blank, receipt FROM {table} "
                "WHERE election_id = %s AND place = %s",
                [election.pk, place],
            )
            earlier = cursor.fetchone()
            cursor.execute(
                f"UPDATE {table} SET marks = %s, is_blank = %s, receipt = %s "
                "WHERE election_id = %s AND place = %s",
                [marks, is_blank, receipt, election.pk, place],
            )
            cursor.execute(insert, [new_id, election.pk, *earlier, n])


def _cast_in_database(
    election: Election, person_id: int, marks: str, is_blank: bool, receipt: str
) -> None:
    """PostgreSQL: the whole cast in one call of `elections_cast_ballot` (migration 0006),
    its own transaction unless the caller has one: the status under the election's row
    lock, the who-voted row, the shuffled write as on SQLite, and then the exchange of the
    contents of two other ballots drawn at random. PostgreSQL writes an updated row in its
    page's next free slot, so a page's rows are dumped in the order they were last written
    and the newest ballot would come last in its page; with the exchange, the rows written
    lately are mostly old ballots, and the order of the writes no longer follows the order
    of the casts."""
    draws = [secrets.randbits(62) for _ in range(3)]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT elections_cast_ballot(%s, %s, %s::uuid, %s, %s, %s, %s::bigint[])",
            [election.pk, person_id, uuid.uuid4(), marks, is_blank, receipt, draws],
        )
        (outcome,) = cursor.fetchone()
    if outcome == "voted":
        raise AlreadyVoted(f"you have already voted in {election.title}")
    if outcome != "cast":
        _refuse_unless_open(election, outcome)
        raise NotOpen(f"{election.title} is {outcome}: no ballot can be cast")


def do_cast_ballot(
    election: Election, *, actor: Actor, marks: Sequence[ballots.Mark] | None
) -> Receipt:
    """Cast `actor`'s ballot (`marks`: candidates' names, in order for a ranked ballot;
    empty or None for a blank ballot) and give back its receipt."""
    election = do_settle_election(election)  # opened or closed by the clock if it is time
    _refuse_unless_open(election, election.status)
    person_id = access.voter_id_of(actor, election)
    names = kept.ballot_names(election)
    clean = ballots.clean_ballot(
        marks,
        names=names,
        method=election.method,
        rules=election.ballot_rules,
        seats=election.seats,
    )
    receipt = ballots.make_receipt(election.pk, clean.marks)
    if connection.vendor == "postgresql":
        _cast_in_database(election, person_id, clean.marks, clean.is_blank, receipt)
        return Receipt(receipt, ballots.marks_as_names(clean.marks, names) if clean.marks else None)

    def write() -> None:  # in a transaction with the casts that wait beside it (`in_turn`)
        _check_open(election)
        if not _insert_voted(election, person_id):
            raise AlreadyVoted(f"you have already voted in {election.title}")
        _write_shuffled(election, clean.marks, clean.is_blank, receipt)

    in_turn(write)
    return Receipt(receipt, ballots.marks_as_names(clean.marks, names) if clean.marks else None)
