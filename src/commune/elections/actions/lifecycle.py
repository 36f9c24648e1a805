"""Calling an election, its settings, and the states the clock moves it through.

Opening, closing and counting are settled on the first access after `opens_at` and
`closes_at` (`do_settle_election`, under the election's row lock), so an election runs
with no worker: whoever first looks at it after the instant moves it on, and the journal
names the clock as the actor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

from django.db import transaction
from django.db.models import Q

from commune import clock
from commune.actors import Operator
from commune.communes import access
from commune.communes.access import Actor
from commune.communes.constitution import validate_constitution
from commune.communes.models import Commune
from commune.elections import ballots, hooks, queries
from commune.elections.counting import CountSettings, count_blt
from commune.elections.errors import WrongState
from commune.elections.models import Ballot, Candidacy, Election, RollEntry, Voted
from commune.errors import Fault, InvalidInput
from commune.journal.record import append_entry
from commune.members.models import Membership, Person, Section
from commune.socialchoice.errors import SocialChoiceError
from commune.socialchoice.limits import MAX_SEATS
from commune.socialchoice.methods import get_method
from commune.socialchoice.rules import get_rules
from commune.text import clean_text

#: Who moves an election on when its instants pass: named so in the journal.
CLOCK = Operator(name="clock")
ROLL_BATCH = 5000


def _check_method(method: str) -> str:
    try:
        spec = get_method(method)
    except ValueError as error:
        raise InvalidInput(str(error), field="method") from None
    if spec.ballot not in ("ranked", "approval"):
        raise InvalidInput(
            f"{spec.name} needs {spec.ballot} ballots, which cannot be cast online yet",
            field="method",
        )
    return spec.name


def _check_rules(rules: str) -> str:
    try:
        return get_rules(rules).name
    except (KeyError, ValueError, SocialChoiceError):
        raise InvalidInput(f"unknown ballot rules {rules!r}", field="ballot_rules") from None


def _check_threshold(text: str) -> str:
    if not text:
        return ""
    try:
        share = Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise InvalidInput(
            f"the threshold {text[:20]!r} is not a share like 1/8", field="validity_threshold"
        ) from None
    if not 0 < share <= 1:
        raise InvalidInput(
            "the threshold must lie above 0 and at most 1", field="validity_threshold"
        )
    return f"{share.numerator}/{share.denominator}"


def _check_times(opens_at: dt.datetime, closes_at: dt.datetime) -> None:
    if opens_at.tzinfo is None or closes_at.tzinfo is None:
        raise InvalidInput("opening and closing instants need a time zone")
    if closes_at <= opens_at:
        raise InvalidInput("the election must close after it opens", field="closes_at")
    if closes_at <= clock.now():
        raise InvalidInput("the closing instant is already past", field="closes_at")


def _check_seats(seats: int) -> int:
    if not 1 <= seats <= MAX_SEATS:
        raise InvalidInput(f"seats must be between 1 and {MAX_SEATS:,}", field="seats")
    return seats


def do_call_election(
    commune: Commune,
    *,
    actor: Actor,
    title: str,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    section: Section | None = None,
    seats: int | None = None,
    options: Sequence[str] = (),
    method: str | None = None,
    ballot_rules: str | None = None,
    validity_threshold: str | None = None,
    complements: Election | None = None,
    roll: Sequence[Person] | None = None,
) -> Election:
    """Call an election of `section` (or of the whole commune) to fill its seats, or, with
    `options`, to decide a question between them (a referendum, a recall vote).

    The method, ballot rules and threshold come from the constitution unless given; every
    setting is printed in the journal, and can be changed by a clerk until the election opens.
    `roll` gives the roll now (a body's secret division: its members) instead of freezing the
    section's at opening.
    """
    access.require_clerk(actor, commune)
    rules = validate_constitution(commune.constitution).elections
    if section is not None and (section.commune_id != commune.pk or section.dissolved_at):
        raise InvalidInput(f"{section} is not an acting section of {commune.name}", field="section")
    question = bool(options)
    if question:
        names = [clean_text(o, what="option", max_length=200) for o in options]
        if len(set(names)) != len(names) or len(names) < 2:
            raise InvalidInput("a question needs at least two different options", field="options")
    if complements is not None:
        # A complementary election fills the seats another left empty (16 April 1871).
        unfilled = int((complements.result or {}).get("unfilled", 0))
        if complements.commune_id != commune.pk or complements.status not in (
            Election.Status.COUNTED,
            Election.Status.CERTIFIED,
        ):
            raise InvalidInput("only a counted election of this commune can be complemented")
        if not unfilled:
            raise InvalidInput(f"{complements.title} left no seat empty", field="seats")
        if section is None or section.pk != complements.section_id:
            raise InvalidInput("a complementary election is held in the same section")
        seats = unfilled if seats is None else seats
        if seats > unfilled:
            raise InvalidInput(f"{complements.title} left {unfilled} seat(s) empty", field="seats")
    if seats is None:
        seats = 1 if question or section is None else section.seats
    seats = _check_seats(seats)
    chosen_method = _check_method(method or ("plurality" if question else rules.method))
    election = Election(
        commune=commune,
        section=section,
        title=clean_text(title, what="title", max_length=200),
        kind=Election.Kind.QUESTION if question else Election.Kind.SEATS,
        seats=seats,
        method=chosen_method,
        ballot_rules=_check_rules(ballot_rules or rules.ballot_rules),
        validity_threshold=_check_threshold(
            validity_threshold
            if validity_threshold is not None
            else ("" if question else rules.validity_threshold)
        ),
        opens_at=opens_at,
        closes_at=closes_at,
        complements=complements,
        fixed_roll=roll is not None,
        created_at=clock.now(),
    )
    _check_times(opens_at, closes_at)
    people = list(dict.fromkeys(roll or []))
    if roll is not None and (not people or any(p.commune_id != commune.pk for p in people)):
        raise InvalidInput("a roll given at the call lists members of this commune", field="roll")
    with transaction.atomic():
        election.save(force_insert=True)
        now = clock.now()
        Candidacy.objects.bulk_create(
            [
                Candidacy(election=election, name=name, filed_at=now)
                for name in (names if question else [])
            ]
        )
        RollEntry.objects.bulk_create(
            RollEntry(election=election, person=person) for person in people
        )
        append_entry(
            commune,
            "election.called",
            {
                "election": election.pk,
                "title": election.title,
                "section": section.number if section else None,
                "kind": election.kind,
                "seats": election.seats,
                "method": election.method,
                "ballot_rules": election.ballot_rules,
                "validity_threshold": election.validity_threshold,
                "opens_at": clock.iso(opens_at),
                "closes_at": clock.iso(closes_at),
                "options": names if question else [],
                "complements": complements.pk if complements else None,
                "fixed_roll": len(people) if roll is not None else None,
            },
            actor=actor,
        )
    return election


def _locked_draft(election: Election) -> Election:
    election = do_settle_election(election)
    election = Election.objects.select_for_update().get(pk=election.pk)
    if election.status != Election.Status.DRAFT:
        raise WrongState(f"{election.title} is {election.status}: its settings are fixed")
    return election


#: What a clerk may change before the election opens, and how each is checked.
SETTINGS = frozenset(
    {"title", "seats", "method", "ballot_rules", "validity_threshold", "opens_at", "closes_at"}
)
CHECKS: dict[str, Callable[[Any], Any]] = {
    "title": lambda v: clean_text(v, what="title", max_length=200),
    "seats": _check_seats,
    "method": _check_method,
    "ballot_rules": _check_rules,
    "validity_threshold": _check_threshold,
}
#: What of the engine's result the journal prints (all of it is on the result's page).
JOURNALED_RESULT = ("rounds", "scores", "quota", "threshold", "num_ballots", "tied_winners", "ties")


def do_change_election_settings(election: Election, *, actor: Actor, **changes: Any) -> Election:
    """Change the settings of an election that has not opened; each change is journaled."""
    access.require_clerk(actor, election.commune)
    unknown = set(changes) - SETTINGS
    if unknown:
        raise InvalidInput("unknown setting(s): " + ", ".join(sorted(unknown)))
    with transaction.atomic():
        election = _locked_draft(election)
        recorded: dict[str, Any] = {}
        for name, value in changes.items():
            value = CHECKS[name](value) if name in CHECKS else value
            if getattr(election, name) != value:
                setattr(election, name, value)
                recorded[name] = clock.iso(value) if isinstance(value, dt.datetime) else value
        if not recorded:
            raise InvalidInput("nothing to change: these are the election's settings already")
        hooks.check_clerk_act(election, ",".join(sorted(recorded)))
        _check_times(election.opens_at, election.closes_at)
        election.save(update_fields=list(recorded))
        append_entry(
            election.commune,
            "election.settings_changed",
            {"election": election.pk, "changes": recorded},
            actor=actor,
        )
    return election


def do_cancel_election(election: Election, *, actor: Actor, reason: str) -> Election:
    """Cancel an election that has not opened (its record stays, marked cancelled)."""
    access.require_clerk(actor, election.commune)
    reason = clean_text(reason, what="reason", max_length=2000)
    with transaction.atomic():
        election = _locked_draft(election)
        hooks.check_clerk_act(election, "cancel")
        cancel(election, actor=actor, reason=reason)
    return election


def cancel(election: Election, *, actor: Actor, reason: str) -> Election:
    """Cancel `election` inside the caller's transaction, the caller holding its row lock:
    a draft a clerk cancels, or (by a rule of a room above) an election not yet certified
    whose purpose fell away, such as the replacement on the ballot of a recall that failed.
    Its ballots and result, if any, stay in the record; nobody is seated from it."""
    if election.status in (Election.Status.CERTIFIED, Election.Status.CANCELLED):
        raise WrongState(f"{election.title} is {election.status}: it cannot be cancelled")
    election.status = Election.Status.CANCELLED
    election.save(update_fields=["status"])
    append_entry(
        election.commune,
        "election.cancelled",
        {"election": election.pk, "reason": reason},
        actor=actor,
    )
    return election


def _needs_settling(election: Election, now: dt.datetime) -> bool:
    status = election.status
    return (status == Election.Status.DRAFT and now >= election.opens_at) or (
        status == Election.Status.OPEN and now >= election.closes_at
    )
    # A closed election waiting for count sheets is counted by the last confirmation.


def do_settle_election(election: Election) -> Election:
    """Bring the election to the state its instants say: open it (freezing the roll), close
    it, count it. A no-op (and no lock) when nothing is due."""
    if not _needs_settling(election, clock.now()):
        return election
    with transaction.atomic():
        hooks.settling(election)  # a recall and the replacement on its ballot: both locked
        # Lock the election's row only: PostgreSQL refuses FOR UPDATE on the nullable side
        # of the outer join to the section (NULL for a vote of the whole commune).
        election = (
            Election.objects.select_for_update(of=("self",))
            .select_related("commune", "section")
            .get(pk=election.pk)
        )
        now = clock.now()
        if election.status == Election.Status.DRAFT and now >= election.opens_at:
            _open(election)
        if election.status == Election.Status.OPEN and now >= election.closes_at:
            _close(election)
        if election.status == Election.Status.CLOSED and not queries.awaiting_sheets(election):
            count(election)
    return election


def _roll_filter(election: Election) -> Q:
    at = election.opens_at
    current = Q(started_at__lte=at) & (Q(ended_at__isnull=True) | Q(ended_at__gt=at))
    if election.section_id is not None:
        return current & Q(section_id=election.section_id)
    return current & Q(commune_id=election.commune_id)


def _open(election: Election) -> None:
    """Freeze the roll as it stood at the opening instant, and open the ballot."""
    people = Membership.objects.filter(_roll_filter(election)).values_list("person_id", flat=True)
    batch: list[RollEntry] = []
    registered = RollEntry.objects.filter(election=election).count()  # a roll given at the call
    for person_id in (
        people.none() if election.fixed_roll else people.iterator(chunk_size=ROLL_BATCH)
    ):
        batch.append(RollEntry(election=election, person_id=person_id))
        if len(batch) == ROLL_BATCH:
            RollEntry.objects.bulk_create(batch)
            registered += len(batch)
            batch = []
    RollEntry.objects.bulk_create(batch)
    registered += len(batch)
    election.status = Election.Status.OPEN
    election.num_registered = registered
    election.save(update_fields=["status", "num_registered"])
    append_entry(
        election.commune,
        "election.opened",
        {
            "election": election.pk,
            "registered": registered,
            "candidates": queries.ballot_names(election),
        },
        actor=CLOCK,
    )


def _close(election: Election, actor: Actor = CLOCK) -> None:
    election.status = Election.Status.CLOSED
    election.save(update_fields=["status"])
    append_entry(
        election.commune,
        "election.closed",
        {"election": election.pk, "voters": Voted.objects.filter(election=election).count()},
        actor=actor,
    )


def do_close_election_now(election: Election, *, actor: Actor) -> Election:
    """Close an open election before its closing instant and count it (a body's secret
    division ends when its chair closes it). Only a vote whose roll was given at the call is
    closed so: a section's election keeps the hours it announced."""
    access.require_clerk(actor, election.commune)
    election = do_settle_election(election)
    with transaction.atomic():
        election = (
            Election.objects.select_for_update(of=("self",))
            .select_related("commune", "section")
            .get(pk=election.pk)
        )
        if not election.fixed_roll:
            raise WrongState(f"{election.title} closes at the instant it announced")
        if election.status != Election.Status.OPEN:
            raise WrongState(f"{election.title} is {election.status}, not open")
        now = clock.now()
        # The closing instant comes after the opening one (a constraint), even within a tick.
        election.closes_at = max(now, election.opens_at + dt.timedelta(microseconds=1))
        election.save(update_fields=["closes_at"])
        _close(election, actor)
        if not queries.awaiting_sheets(election):
            count(election)
    return election


def settings_of(election: Election) -> CountSettings:
    return CountSettings(
        method=election.method,
        seats=election.seats,
        rules=election.ballot_rules,
        threshold=election.validity_threshold,
        registered=election.num_registered,
    )


def published_blt(election: Election) -> str:
    """The counted ballots as the BLT file the server publishes (and counts): the online
    ballots, then the confirmed count sheets of the polling stations."""
    names = queries.ballot_names(election)
    return ballots.blt_text(
        election.title,
        names,
        election.seats,
        (marks for _receipt, marks in queries.iter_ballots(election)),
        queries.sheet_lines(election, names),
    )


def count(election: Election) -> None:
    """Count the ballots with the engine, from the BLT text the server publishes (the caller
    holds the election's row lock, and every polling station's sheet is confirmed)."""
    names = queries.ballot_names(election)
    sheets = queries.confirmed_sheets(election)
    blank = Ballot.objects.filter(election=election, is_blank=True).count()
    blank += sum(s.blank for s in sheets)
    voters = Voted.objects.filter(election=election).count() + sum(s.signatures for s in sheets)
    text = published_blt(election)
    has_ballots = text.splitlines()[1] != "0"  # the line after the header ends the ballots
    if not names or not has_ballots:
        result: dict[str, Any] = {
            "method": election.method,
            "seats": election.seats,
            "winners": [],
            "candidates": names,
            "num_ballots": 0,
            "rounds": [],
            "unfilled": election.seats if election.kind == Election.Kind.SEATS else 0,
        }
    else:
        try:
            result = count_blt(text, settings_of(election)).as_dict()
        except SocialChoiceError as error:  # ballots were checked when cast: a bug if so
            raise Fault(f"the count of {election.title} failed: {error}") from error
    result.update(
        registered=election.num_registered,
        voters=voters,
        blank=blank,
        spoilt=sum(s.spoilt for s in sheets),
        online_voters=Voted.objects.filter(election=election).count(),
        sheets=[
            {
                "station": s.station.name,
                "votes": s.votes,
                "blank": s.blank,
                "spoilt": s.spoilt,
                "signatures": s.signatures,
                "entered_by": s.entered_by,
                "confirmed_by": s.confirmed_by,
            }
            for s in sheets
        ],
        abstentions=(election.num_registered or 0) - voters,
        threshold_share=election.validity_threshold or None,
    )
    election.result = result
    election.status = Election.Status.COUNTED
    election.save(update_fields=["result", "status"])
    append_entry(
        election.commune,
        "election.counted",
        {
            "election": election.pk,
            "method": election.method,
            "seats": election.seats,
            "winners": list(result["winners"]),
            "unfilled": int(result.get("unfilled", 0)),
            "registered": election.num_registered or 0,
            "voters": voters,
            "blank": blank,
            "ballots_sha256": ballots.sha256_hex(text),
            "result": {k: v for k, v in result.items() if k in JOURNALED_RESULT},
        },
        actor=CLOCK,
    )
    hooks.counted(election)  # a recall vote is settled at once (the mandates room)


__all__ = [
    "CLOCK",
    "cancel",
    "do_call_election",
    "do_cancel_election",
    "do_change_election_settings",
    "do_settle_election",
    "published_blt",
    "settings_of",
]
