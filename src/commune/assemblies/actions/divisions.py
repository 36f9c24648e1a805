"""Divisions: a body votes on a motion during a sitting, by roll-call, one vote each.

A division opens only during a sitting in progress, with the quorum present, on a motion whose
amendments are all decided; a body takes one division at a time (a constraint), so no text
changes while a division is open. Each vote is public and journaled by name. Closing applies
the majority the motion names and records the rule and the arithmetic; an adopted amendment
is applied to its motion's text there and then.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from commune import clock
from commune.assemblies import hooks, majorities, queries, texts
from commune.assemblies.access import member_of
from commune.assemblies.actions.common import lock_body
from commune.assemblies.actions.motions import PENDING
from commune.assemblies.errors import AlreadyVoted, NoQuorum, StaleAmendment, WrongState
from commune.assemblies.models import Attendance, Body, Division, DivisionVote, Motion
from commune.communes import access
from commune.communes.access import Actor
from commune.communes.constitution import parse_share, validate_constitution
from commune.elections import actions as elections
from commune.elections.actions import Receipt
from commune.elections.errors import AlreadyVoted as ElectionAlreadyVoted
from commune.elections.errors import NotOpen as ElectionNotOpen
from commune.errors import InvalidInput
from commune.journal.record import append_entry

#: Above this many members, the journal does not list the absent by name (a section's
#: general assembly may have 100,000 members; the roll-call lists every vote anyway).
ABSENT_LISTED = 500


#: The options of a secret division's ballot; a blank ballot abstains.
FOR, AGAINST = "For", "Against"
#: A secret division stays open until its chair closes it, at the latest this long.
SECRET_LONGEST = dt.timedelta(days=30)


def do_open_division(
    motion: Motion, *, actor: Actor, mode: str = Division.Mode.ROLL_CALL
) -> Division:
    """A clerk puts `motion` to the vote in the body's sitting in progress: by roll-call, or
    by secret ballot (an election of two options among the body's members, with receipts and
    published ballots, closed when the chair closes the division)."""
    access.require_clerk(actor, motion.body.commune)
    if mode not in Division.Mode.values:
        raise InvalidInput(f"a division is roll_call or secret, not {mode!r}", field="mode")
    with transaction.atomic():
        body = lock_body(motion.body)
        motion = (
            Motion.objects.select_for_update(of=("self",))
            .select_related("amends")
            .get(pk=motion.pk)
        )
        if motion.state not in PENDING:
            raise WrongState(f"motion {motion.number} is {motion.get_state_display()}")
        if motion.state == Motion.State.REFERRED and not motion.urgent:
            raise WrongState(f"motion {motion.number} awaits the report of {motion.referred_to}")
        sitting = queries.current_sitting(body)
        if sitting is None:
            raise WrongState(f"{body.name} is not sitting: open a sitting first")
        if queries.open_division(body) is not None:
            raise WrongState(f"{body.name} is already voting: close that division first")
        pending = queries.pending_amendments(motion)
        if pending:
            numbers = ", ".join(str(a.number) for a in pending)
            raise WrongState(
                f"decide the amendments to motion {motion.number} first (amendment {numbers})"
            )
        if motion.amends is not None and texts.digest(motion.amends.current_text) != (
            motion.base_digest
        ):
            raise StaleAmendment(
                f"the text of motion {motion.amends.number} has changed since amendment "
                f"{motion.number} was tabled: table it again against the current text"
            )
        rules = validate_constitution(body.commune.constitution).assemblies
        members = queries.count_members(body)
        present = queries.count_present(sitting)
        needed = majorities.quorum_needed(members, parse_share(rules.quorum))
        if present < needed:
            raise NoQuorum(
                f"{present} of {members} members present: the quorum ({rules.quorum}) "
                f"needs {needed}"
            )
        now = clock.now()
        election = None
        if mode == Division.Mode.SECRET:
            election = elections.do_call_election(
                body.commune,
                actor=actor,
                title=f"{body.name}: secret division on motion {motion.number}, {motion.title}"[
                    :200
                ],
                opens_at=now,
                closes_at=now + SECRET_LONGEST,
                options=[FOR, AGAINST],
                roll=queries.list_members(body, limit=members),
            )
            election = elections.do_settle_election(election)  # opens it now
        division = Division.objects.create(
            body=body,
            motion=motion,
            sitting=sitting,
            mode=mode,
            majority=motion.majority,
            quorum=rules.quorum,
            members=members,
            present=present,
            opened_at=now,
            election=election,
        )
        append_entry(
            body.commune,
            "division.opened",
            {
                "body": body.pk,
                "division": division.pk,
                "motion": motion.number,
                "sitting": sitting.number,
                "mode": mode,
                "majority": motion.majority,
                "quorum": rules.quorum,
                "members": members,
                "present": present,
                "election": election.pk if election else None,
            },
            actor=actor,
        )
    return division


def do_cast_secret_vote(division: Division, *, actor: Actor, choice: str) -> Receipt:
    """A member votes yes, no or abstain in a secret division: an anonymous ballot and a
    receipt, through the elections' casting (one member, one vote; nothing names them)."""
    if choice not in DivisionVote.Choice.values:
        raise InvalidInput(f"a vote is yes, no or abstain, not {choice!r}", field="choice")
    member_of(actor, division.body)
    if division.election is None:
        raise WrongState("this division is by roll-call: vote by name")
    marks = {"yes": [FOR], "no": [AGAINST], "abstain": None}[choice]
    try:
        return elections.do_cast_ballot(division.election, actor=actor, marks=marks)
    except ElectionAlreadyVoted:
        raise AlreadyVoted("you have already voted in this division") from None
    except ElectionNotOpen:
        raise WrongState("this division is closed: the vote was not counted") from None


def do_cast_division_vote(division: Division, *, actor: Actor, choice: str) -> DivisionVote:
    """A member of the body votes yes, no or abstain, once; voting marks them present."""
    if choice not in DivisionVote.Choice.values:
        raise InvalidInput(f"a vote is yes, no or abstain, not {choice!r}", field="choice")
    if division.mode == Division.Mode.SECRET:
        raise WrongState("this division is by secret ballot: your vote is not recorded by name")
    person = member_of(actor, division.body)
    try:
        with transaction.atomic():
            division = Division.objects.select_related("body__commune", "sitting").get(
                pk=division.pk
            )
            if division.closed_at is not None:
                raise WrongState("this division is closed: the vote was not counted")
            now = clock.now()
            vote = DivisionVote.objects.create(
                division=division, person=person, choice=choice, cast_at=now
            )
            with transaction.atomic():  # a savepoint: being already present is no error
                Attendance.objects.get_or_create(
                    sitting=division.sitting, person=person, defaults={"recorded_at": now}
                )
            append_entry(
                division.body.commune,
                "division.vote_cast",
                {
                    "body": division.body_id,
                    "division": division.pk,
                    "member": person.full_name,
                    "vote": choice,
                },
                actor=actor,
            )
    except IntegrityError:
        raise AlreadyVoted("you have already voted in this division") from None
    return vote


def do_close_division(division: Division, *, actor: Actor) -> Division:
    """Count the votes, decide by the motion's majority, and settle the motion."""
    access.require_clerk(actor, division.body.commune)
    with transaction.atomic():
        lock_body(division.body)
        division = (
            Division.objects.select_for_update(of=("self",))
            .select_related("body__commune", "motion", "motion__amends", "sitting")
            .get(pk=division.pk)
        )
        if division.closed_at is not None:
            raise WrongState("this division is already closed")
        if division.election is not None:
            counted = elections.do_close_election_now(division.election, actor=actor)
            division.election = counted
            result = counted.result or {}
            first = (result.get("rounds") or [{"counts": {}}])[0]["counts"]
            counts = {
                "yes": int(first.get(FOR, 0)),
                "no": int(first.get(AGAINST, 0)),
                "abstain": int(result.get("blank", 0)),
            }
            cast = int(result.get("voters", 0))
        else:
            counts = queries.division_counts(division)
            cast = 0
        present = max(queries.count_present(division.sitting), division.present, cast)
        decision = majorities.decide(
            division.majority,  # type: ignore[arg-type]
            yes=counts["yes"],
            no=counts["no"],
            abstain=counts["abstain"],
            members=division.members,
            present=present,
            quorum=parse_share(division.quorum),
        )
        now = clock.now()
        division.yes, division.no, division.abstain = counts["yes"], counts["no"], counts["abstain"]
        division.present = present
        division.outcome = decision.outcome
        division.arithmetic = decision.arithmetic
        division.closed_at = now
        division.save()
        motion = division.motion
        new_text = None
        if decision.outcome != "no_quorum":
            motion.state = (
                Motion.State.ADOPTED if decision.outcome == "adopted" else Motion.State.REJECTED
            )
            motion.decided_at = now
            motion.save(update_fields=["state", "decided_at"])
            if motion.amends is not None and decision.outcome == "adopted":
                parent = Motion.objects.select_for_update().get(pk=motion.amends.pk)
                parent.current_text = texts.apply(
                    parent.current_text,
                    motion.operation,
                    motion.text,
                    target=motion.target,
                    position=motion.position,
                )
                parent.save(update_fields=["current_text"])
                new_text = parent.current_text
        tally = queries.roll_call(division)
        voters = set(tally.yes + tally.no + tally.abstain)
        absent: list[str] = []
        # Who took part in a secret division is not printed (nor who did not); nor are the
        # absent of a section's assembly: members who never acted in public stay unnamed.
        if (
            division.members <= ABSENT_LISTED
            and division.election is None
            and division.body.kind != Body.Kind.ASSEMBLY
        ):
            absent = [
                p.full_name
                for p in queries.list_members(division.body, limit=ABSENT_LISTED)
                if p.full_name not in voters
            ]
        append_entry(
            division.body.commune,
            "division.closed",
            {
                "body": division.body_id,
                "division": division.pk,
                "motion": motion.number,
                "outcome": decision.outcome,
                "arithmetic": decision.arithmetic,
                "yes": tally.yes,
                "no": tally.no,
                "abstain": tally.abstain,
                "absent": absent,
                "text": new_text,
            },
            actor=actor,
        )
        hooks.division_closed(division)  # bound delegates compared (the mandates room)
    return division
