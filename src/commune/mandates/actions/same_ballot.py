"""The recall and its replacement on one ballot (the constitution's
`recall.replacement_on_same_ballot`): question 1, recall the delegate? question 2, if recalled,
who replaces them?

At the petition's threshold both are called at once, as drafts: candidacies are filed only
while an election is a draft, so both open together `candidacy_days` later and close together
`vote_days` after that. The delegate under recall may not stand. A member casts both ballots
on one page, in one transaction (two secret ballots, two receipts). When the recall vote is
counted its outcome decides, whichever of the two was counted first: if it carries, the
mandate ends and the replacement's winner is seated as a by-election's would be (its
certification, by the rule); if it fails, the replacement is cancelled and nobody is seated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from commune import clock
from commune.communes.access import Actor
from commune.communes.constitution import RecallRules
from commune.elections import actions as elections
from commune.elections import hooks as election_hooks
from commune.elections.actions.lifecycle import cancel
from commune.elections.errors import AlreadyVoted
from commune.elections.models import Election
from commune.errors import InvalidInput
from commune.journal.record import append_entry
from commune.mandates import queries
from commune.mandates.actions.common import KEEP, RECALL, RULE, recall_vote_title
from commune.mandates.actions.seating import do_certify_election
from commune.mandates.errors import NoSameBallot, PairedWithRecall, StandsAgainstOwnRecall
from commune.mandates.models import RecallPetition
from commune.members.models import Person


def call_pair(petition: RecallPetition, rules: RecallRules, now: dt.datetime) -> Election:
    """Call the recall vote and its replacement as drafts opening and closing together (inside
    the caller's transaction); link the replacement to the petition, journal it, and return
    the recall vote."""
    mandate = petition.mandate
    section = mandate.section
    number = section.number if section else "?"
    opens = now + dt.timedelta(days=rules.candidacy_days)
    closes = opens + dt.timedelta(days=rules.vote_days)
    vote = elections.do_call_election(
        mandate.commune,
        actor=RULE,
        title=recall_vote_title(mandate),
        section=section,
        options=[RECALL, KEEP],
        opens_at=opens,
        closes_at=closes,
    )
    replacement = elections.do_call_election(
        mandate.commune,
        actor=RULE,
        title=f"Replacement of {mandate.person.full_name} in section {number}, if recalled"[:200],
        section=section,
        seats=1,
        opens_at=opens,
        closes_at=closes,
    )
    petition.by_election = replacement
    petition.is_same_ballot = True
    append_entry(
        mandate.commune,
        "recall.replacement_called",
        {
            "petition": petition.pk,
            "vote": vote.pk,
            "replacement": replacement.pk,
            "candidacies_until": clock.iso(opens),
            "opens_at": clock.iso(opens),
            "closes_at": clock.iso(closes),
        },
        actor=RULE,
    )
    return vote


def settle_replacement(petition: RecallPetition, *, carried: bool) -> None:
    """The recall vote is counted (inside its transaction, the pair's rows locked): a carried
    recall seats the replacement's winner as soon as it is counted (now, if it is due); a
    failed one cancels the replacement, whatever its state, and says why."""
    replacement = petition.by_election
    if replacement is None:
        return
    if carried:
        replacement = elections.do_settle_election(replacement)  # counted now if it is due
        _certify_if_counted(replacement)
        return
    replacement = Election.objects.select_for_update(of=("self",)).get(pk=replacement.pk)
    if replacement.status in (Election.Status.CERTIFIED, Election.Status.CANCELLED):
        return
    cancel(
        replacement,
        actor=RULE,
        reason=f"the recall of {petition.mandate.person.full_name} failed (petition "
        f"{petition.pk}, recall vote {petition.vote_id}): the delegate keeps the seat, and "
        "the replacement on the same ballot seats nobody",
    )


def _certify_if_counted(replacement: Election) -> None:
    """Seat the replacement's winner as a by-election's is seated: by its certification."""
    if Election.objects.filter(pk=replacement.pk, status=Election.Status.COUNTED).exists():
        do_certify_election(replacement, actor=RULE)


@election_hooks.after_count
def settle_counted_replacement(election: Election) -> None:
    """The replacement is counted: if the recall has carried already, seat its winner; while
    the recall vote waits for its count (its polling stations' sheets), the seat waits with
    it, and the recall's count settles both."""
    petition = queries.petition_of_replacement(election)
    if petition is None or not petition.is_same_ballot:
        return
    if petition.state == RecallPetition.State.RECALLED:
        _certify_if_counted(election)


@election_hooks.before_settle
def settle_the_pair(election: Election) -> None:
    """Whichever of the two the clock moves on, lock both rows, the recall vote's first (it
    was called first: the lower id), so two requests settling one each never deadlock; and
    move the recall vote on first, so the pair opens together and, at the close, the
    recall's count settles the replacement (seated or cancelled) before anyone reads it."""
    petition = queries.same_ballot_petition_of(election)
    if petition is None:
        return
    list(
        Election.objects.select_for_update()
        .filter(pk__in=[petition.vote_id, petition.by_election_id])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if election.pk == petition.by_election_id and petition.vote_id is not None:
        elections.do_settle_election(Election.objects.get(pk=petition.vote_id))


@election_hooks.candidacy_check
def refuse_the_recalled_delegate(election: Election, person: Person) -> None:
    """The delegate under recall does not stand to replace themselves: question 1 already
    asks whether they keep the seat."""
    petition = queries.petition_of_replacement(election)
    if petition is not None and petition.is_same_ballot and petition.mandate.person_id == person.pk:
        raise StandsAgainstOwnRecall(
            f"{petition.mandate.person.full_name} is the delegate under recall: the recall "
            "vote on the same ballot asks whether they keep the seat, so they may not stand "
            "to replace themselves",
            field="person",
        )


@election_hooks.clerk_check
def keep_the_pair_together(election: Election, act: str) -> None:
    """A clerk neither moves one of the pair's instants nor cancels either: they open and
    close together, and the recall's outcome alone cancels the replacement; nor changes how
    the recall vote is counted, nor the replacement's one seat."""
    petition = queries.same_ballot_petition_of(election)
    if petition is None:
        return
    if act == "cancel":
        raise PairedWithRecall(
            f"{election.title} is on the same ballot as the recall vote of petition "
            f"{petition.pk}: only the recall's outcome cancels the replacement"
        )
    # The recall vote is counted by the recall's rule (Recall against Keep): only its title
    # may change; the replacement keeps its instants and its one seat.
    fixed = {"opens_at", "closes_at", "seats"}
    if election.pk == petition.vote_id:
        fixed |= {"method", "ballot_rules", "validity_threshold"}
    changed = fixed & set(act.split(","))
    if changed:
        raise PairedWithRecall(
            f"{election.title} is one of the two questions of a recall ballot (petition "
            f"{petition.pk}): its {', '.join(sorted(changed))} may not change"
        )


@dataclass(frozen=True, slots=True)
class RecallReceipts:
    """The two receipts of one recall ballot: one per question, each a secret ballot."""

    recall: elections.Receipt
    replacement: elections.Receipt


def do_cast_recall_ballot(
    petition: RecallPetition,
    *,
    actor: Actor,
    recall: str | None,
    replacement: Sequence[str] | None,
) -> RecallReceipts:
    """A member casts both questions of a recall ballot at once: `recall` is Recall, Keep or
    None (blank); `replacement` the names marked (ranked, for a ranked method), empty or None
    for a blank ballot. Both ballots are cast, through `do_cast_ballot`, or neither (one
    transaction): a member who has voted in either is refused and nothing changes."""
    if not petition.is_same_ballot or petition.vote is None or petition.by_election is None:
        raise NoSameBallot("this petition has no recall ballot with its replacement")
    if recall not in (RECALL, KEEP, None):
        raise InvalidInput(f"question 1 is answered {RECALL}, {KEEP} or blank", field="recall")
    with transaction.atomic():
        petition = RecallPetition.objects.select_related(
            "mandate__person", "vote", "by_election"
        ).get(pk=petition.pk)
        if petition.state != RecallPetition.State.VOTING:
            raise NoSameBallot(
                f"the recall of {petition.mandate.person.full_name} is "
                f"{petition.get_state_display()}: its ballot is closed"
            )
        assert petition.vote is not None and petition.by_election is not None
        try:
            first = elections.do_cast_ballot(
                petition.vote, actor=actor, marks=[recall] if recall else None
            )
            second = elections.do_cast_ballot(
                petition.by_election, actor=actor, marks=list(replacement or []) or None
            )
        except AlreadyVoted as refused:
            raise AlreadyVoted(f"{refused.message}: neither of your ballots was cast now") from None
    return RecallReceipts(first, second)
