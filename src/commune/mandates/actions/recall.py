"""Recall: a petition of the section's members; at the constitution's threshold, a recall vote
opens in the section in the same request; if the recall carries, the mandate ends at once,
the seat is vacant, and a by-election is called. With the constitution's
`recall.replacement_on_same_ballot`, the threshold calls the recall vote and the replacement
together instead, on one ballot (`same_ballot`).

The threshold-crossing signature is serialised on the petition's row lock, so the vote opens
once, whoever signs last. The vote is an election of two options with secret ballots and
receipts; it is settled the moment it is counted (the elections room calls `settle_recall`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from django.db import IntegrityError, connection, transaction
from django.db.models import F

from commune import clock
from commune.communes.access import Actor, Operator
from commune.communes.constitution import parse_share, validate_constitution
from commune.communes.models import Commune
from commune.elections import actions as elections
from commune.elections import hooks as election_hooks
from commune.elections.models import Election
from commune.journal.record import append_entry
from commune.mandates import queries
from commune.mandates.actions import same_ballot
from commune.mandates.actions.common import KEEP, RECALL, RULE, recall_vote_title
from commune.mandates.actions.ending import end_mandate
from commune.mandates.errors import (
    AlreadySigned,
    MandateEnded,
    NotOfSection,
    PetitionActive,
    PetitionClosed,
)
from commune.mandates.models import Mandate, RecallPetition, Signature
from commune.members import queries as member_queries
from commune.members.models import Person
from commune.text import clean_text
from commune.writers import in_turn

__all__ = ["KEEP", "RECALL"]  # the options of a recall vote's ballot (`common`)


@dataclass(frozen=True, slots=True)
class Signed:
    """A signature given: the petition as it stands after it, and the signatures that count."""

    petition: RecallPetition
    signatures: int


def _signer(mandate: Mandate, actor: Actor) -> Person:
    """The member of the delegate's section that `actor` is, or why they may not act."""
    section = mandate.section
    person = None if section is None else queries.section_member(section, _user_id(actor))
    if section is None or person is None:
        number = section.number if section else "?"
        raise NotOfSection(f"only the members of section {number} may do this")
    return person


def _user_id(actor: Actor) -> int | None:
    if isinstance(actor, Operator) or not actor.is_authenticated:
        return None
    return int(actor.pk)


def open_petition(
    mandate: Mandate, *, actor: Actor, opened_by: Person | None, reason: str
) -> RecallPetition:
    """Open a petition (inside the caller's transaction); its opener, if any, signs it."""
    mandate = (
        Mandate.objects.select_for_update(of=("self",))
        .select_related("person", "section", "commune")
        .get(pk=mandate.pk)
    )
    if mandate.ended_at is not None:
        raise MandateEnded(f"{mandate.person.full_name}'s mandate has already ended")
    if mandate.section is None:
        raise MandateEnded("only a section's delegate is recalled by a section")
    active = queries.active_petition(mandate)
    if active is not None and queries.expired(active):
        # Its time ran out unread: it expires now (rule 5), and leaves the place to this one.
        active = RecallPetition.objects.select_for_update(of=("self",)).get(pk=active.pk)
        if queries.expired(active):
            active.mandate = mandate
            _end(active, RecallPetition.State.EXPIRED)
            active = None
    if active is not None:
        raise PetitionActive(
            f"a petition against {mandate.person.full_name} is already "
            f"{active.get_state_display()} (petition {active.pk}): sign that one"
        )
    rules = validate_constitution(mandate.commune.constitution).recall
    now = clock.now()
    registered = member_queries.count_registered(mandate.section, at=now)
    share = parse_share(rules.petition_threshold)
    threshold = max(1, -(-share.numerator * registered // share.denominator))
    try:
        with transaction.atomic():
            petition = RecallPetition.objects.create(
                mandate=mandate,
                opened_by=opened_by,
                reason=reason,
                opened_at=now,
                closes_at=now + dt.timedelta(days=rules.petition_days),
                registered=registered,
                threshold=threshold,
            )
    except IntegrityError:
        raise PetitionActive(f"a petition against {mandate.person.full_name} is open") from None
    append_entry(
        mandate.commune,
        "recall.petition_opened",
        {
            "petition": petition.pk,
            "mandate": mandate.pk,
            "delegate": mandate.person.full_name,
            "section": mandate.section.number,
            "reason": reason,
            "opened_by": opened_by.full_name if opened_by else None,
            "registered": registered,
            "threshold": threshold,
            "closes_at": clock.iso(petition.closes_at),
        },
        actor=actor,
    )
    if opened_by is not None:
        _sign(petition, opened_by, actor)
    return petition


def do_open_petition(mandate: Mandate, *, actor: Actor, reason: str) -> RecallPetition:
    """A member of the delegate's section opens a recall petition, with a reason, and signs it."""
    person = _signer(mandate, actor)
    reason = clean_text(reason, what="reason", max_length=5000, multiline=True)
    with transaction.atomic():
        return open_petition(mandate, actor=actor, opened_by=person, reason=reason)


def _insert_signature(petition: RecallPetition, person: Person) -> bool:
    """Sign, and count it among the petition's live signatures (the caller holds the
    petition's lock); False if this person's signature is already there. The partial unique
    constraint (one live signature each) is the guard, under concurrent requests too, with
    no savepoint."""
    quote = connection.ops.quote_name
    signed_at = connection.ops.adapt_datetimefield_value(clock.now())
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(Signature._meta.db_table)} (petition_id, person_id, signed_at) "
            "VALUES (%s, %s, %s) ON CONFLICT DO NOTHING RETURNING id",
            [petition.pk, person.pk, signed_at],
        )
        if cursor.fetchone() is None:
            return False
        cursor.execute(
            f"UPDATE {quote(RecallPetition._meta.db_table)} "
            "SET live_signatures = live_signatures + 1 WHERE id = %s",
            [petition.pk],
        )
    return True


def _sign(petition: RecallPetition, person: Person, actor: Actor) -> Signed:
    rules = validate_constitution(petition.mandate.commune.constitution).recall
    if not _insert_signature(petition, person):
        raise AlreadySigned("you have already signed this petition")
    signatures = queries.count_signatures(petition)
    append_entry(
        petition.mandate.commune,
        "recall.signed",
        {
            "petition": petition.pk,
            "signer": person.full_name if rules.public_signatures else None,
            "signatures": signatures,
            "threshold": petition.threshold,
        },
        actor=actor if rules.public_signatures else RULE,
    )
    if signatures >= petition.threshold:
        _open_recall_vote(petition, signatures)
    return Signed(petition, signatures)


def _locked_open(petition: RecallPetition) -> RecallPetition:
    """The petition, its state read again under its row lock (inside the caller's
    transaction; on SQLite the transaction's write lock serves): only an open petition
    against a delegate still in office takes or gives back signatures. While it is open,
    nothing else of it changes but its state, so the rest is taken as the caller read it,
    but for the commune's constitution, read again with the state (it may have been
    amended since the caller read the petition)."""
    quote = connection.ops.quote_name
    petitions, mandates = quote(RecallPetition._meta.db_table), quote(Mandate._meta.db_table)
    communes = quote(Commune._meta.db_table)
    lock = " FOR UPDATE OF p" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT p.state, m.ended_at IS NOT NULL, c.constitution FROM {petitions} p "
            f"JOIN {mandates} m ON m.id = p.mandate_id JOIN {communes} c ON c.id = m.commune_id "
            f"WHERE p.id = %s{lock}",
            [petition.pk],
        )
        petition.state, ended, constitution = cursor.fetchone()
    field = Commune._meta.get_field("constitution")
    commune = petition.mandate.commune
    commune.constitution = field.from_db_value(constitution, field.cached_col, connection)
    if ended:
        raise MandateEnded(
            f"{petition.mandate.person.full_name}'s mandate has ended: "
            "the petition no longer takes signatures"
        )
    if petition.state == RecallPetition.State.OPEN and clock.now() >= petition.closes_at:
        raise PetitionClosed("the petition has expired: it no longer takes signatures")
    if petition.state != RecallPetition.State.OPEN:
        raise PetitionClosed(
            f"the petition is {petition.get_state_display()}: it no longer takes signatures"
        )
    return petition


def do_sign_petition(petition: RecallPetition, *, actor: Actor) -> Signed:
    """A member of the section signs, once. The signature that reaches the threshold closes
    the petition and opens the recall vote, in the same transaction."""
    person = _signer(petition.mandate, actor)
    petition = do_settle_petition(petition)  # an expired petition is recorded so first
    # In one transaction with the signatures waiting beside it (`in_turn`: one commit).
    return in_turn(lambda: _sign(_locked_open(petition), person, actor))


def do_withdraw_signature(petition: RecallPetition, *, actor: Actor) -> RecallPetition:
    """Take back one's signature while the petition is still collecting them."""
    person = _signer(petition.mandate, actor)
    rules = validate_constitution(petition.mandate.commune.constitution).recall
    petition = do_settle_petition(petition)
    with transaction.atomic():
        petition = _locked_open(petition)
        withdrawn = Signature.objects.filter(
            petition=petition, person=person, withdrawn_at__isnull=True
        ).update(withdrawn_at=clock.now())
        if not withdrawn:
            raise PetitionClosed("you have not signed this petition")
        RecallPetition.objects.filter(pk=petition.pk).update(
            live_signatures=F("live_signatures") - 1
        )
        append_entry(
            petition.mandate.commune,
            "recall.signature_withdrawn",
            {
                "petition": petition.pk,
                "signer": person.full_name if rules.public_signatures else None,
                "signatures": queries.count_signatures(petition),
                "threshold": petition.threshold,
            },
            actor=actor if rules.public_signatures else RULE,
        )
    return petition


def _end(petition: RecallPetition, state: str) -> None:
    petition.state = state
    petition.settled_at = clock.now()
    petition.save(update_fields=["state", "settled_at"])
    append_entry(
        petition.mandate.commune,
        "recall.petition_ended",
        {"petition": petition.pk, "state": state, "signatures": queries.count_signatures(petition)},
        actor=RULE,
    )


def do_settle_petition(petition: RecallPetition) -> RecallPetition:
    """Bring a petition to the state the clock says (settled on access): one whose time ran
    out without its threshold expires; one whose recall vote has closed has it counted, which
    settles the recall (`settle_recall`)."""
    if petition.state == RecallPetition.State.VOTING and petition.vote is not None:
        counted = elections.do_settle_election(petition.vote)
        if counted.status != petition.vote.status:
            petition = RecallPetition.objects.select_related(
                "mandate", "mandate__person", "mandate__section", "mandate__commune", "vote"
            ).get(pk=petition.pk)
        return petition
    if not queries.expired(petition):
        return petition
    with transaction.atomic():
        petition = (
            RecallPetition.objects.select_for_update(of=("self",))
            .select_related("mandate__commune")
            .get(pk=petition.pk)
        )
        if queries.expired(petition):
            _end(petition, RecallPetition.State.EXPIRED)
    return petition


def _open_recall_vote(petition: RecallPetition, signatures: int) -> None:
    mandate = petition.mandate
    rules = validate_constitution(mandate.commune.constitution).recall
    now = clock.now()
    if rules.replacement_on_same_ballot:
        # Both questions on one ballot, called as drafts: members stand until they open.
        vote = same_ballot.call_pair(petition, rules, now)
    else:
        vote = elections.do_call_election(
            mandate.commune,
            actor=RULE,
            title=recall_vote_title(mandate),
            section=mandate.section,
            options=[RECALL, KEEP],
            opens_at=now,
            closes_at=now + dt.timedelta(days=rules.vote_days),
        )
        vote = elections.do_settle_election(vote)  # opens now: the roll is frozen as it stands
    petition.state = RecallPetition.State.VOTING
    petition.threshold_reached_at = now
    petition.vote = vote
    petition.save(
        update_fields=["state", "threshold_reached_at", "vote", "by_election", "is_same_ballot"]
    )
    append_entry(
        mandate.commune,
        "recall.threshold_reached",
        {
            "petition": petition.pk,
            "signatures": signatures,
            "threshold": petition.threshold,
            "vote": vote.pk,
        },
        actor=RULE,
    )


def _carries(
    recall: int, keep: int, voters: int, registered: int, majority: Fraction, quorum: Fraction
) -> bool:
    cast = recall + keep
    return cast > 0 and recall > majority * cast and voters >= quorum * registered


@election_hooks.after_count
def settle_recall(election: Election) -> None:
    """The recall vote is counted: if it carries, end the mandate, free the seat and call the
    by-election; either way, journal the outcome with the rule and the figures. With the
    replacement on the same ballot, no by-election is called: the replacement's winner is
    seated if the recall carried, and the replacement is cancelled if it failed."""
    petition = queries.petition_of_election(election)
    if petition is None or petition.state != RecallPetition.State.VOTING:
        return
    mandate = petition.mandate
    rules = validate_constitution(mandate.commune.constitution).recall
    result = election.result or {}
    counts = (result.get("rounds") or [{"counts": {}}])[0]["counts"]
    recall, keep = int(counts.get(RECALL, 0)), int(counts.get(KEEP, 0))
    voters, registered = int(result.get("voters", 0)), int(election.num_registered or 0)
    carried = _carries(
        recall,
        keep,
        voters,
        registered,
        parse_share(rules.vote_majority),
        parse_share(rules.vote_quorum),
    )
    now = clock.now()
    by_election = petition.by_election if petition.is_same_ballot else None
    in_office = mandate.ended_at is None
    if carried and in_office:
        end_mandate(mandate, actor=RULE, reason=Mandate.EndReason.RECALL, at=now)
    if carried and in_office and not petition.is_same_ballot:
        opens = now + dt.timedelta(days=rules.by_election_after_days)
        by_election = elections.do_call_election(
            mandate.commune,
            actor=RULE,
            title=f"By-election in section {mandate.section.number if mandate.section else '?'} "
            f"after the recall of {mandate.person.full_name}"[:200],
            section=mandate.section,
            seats=1,
            opens_at=opens,
            closes_at=opens + dt.timedelta(days=rules.vote_days),
        )
    petition.state = RecallPetition.State.RECALLED if carried else RecallPetition.State.KEPT
    petition.by_election = by_election
    petition.settled_at = now
    petition.save(update_fields=["state", "by_election", "settled_at"])
    append_entry(
        mandate.commune,
        "recall.settled",
        {
            "petition": petition.pk,
            "delegate": mandate.person.full_name,
            "vote": election.pk,
            "outcome": petition.state,
            "recall": recall,
            "keep": keep,
            "blank": int(result.get("blank", 0)),
            "voters": voters,
            "registered": registered,
            "rule": f"recall carries with more than {rules.vote_majority} of the votes for or "
            f"against, and at least {rules.vote_quorum} of the registered voting",
            "by_election": by_election.pk if by_election else None,
        },
        actor=RULE,
    )
    if petition.is_same_ballot:
        same_ballot.settle_replacement(petition, carried=carried)
