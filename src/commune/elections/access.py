"""Who may see an election, run it, and vote in it.

Elections are public record: anyone may read them, their candidates, their results and
their published ballots. Running one is a clerk's act; voting is a member's, on the roll
frozen when it opened.
"""

from __future__ import annotations

from commune.communes.access import Actor, Operator, require_clerk
from commune.communes.models import Commune
from commune.elections import kept, queries
from commune.elections.errors import NotOnRoll
from commune.elections.models import Election
from commune.errors import NotFound, PermissionDenied
from commune.members.models import Person


def access_election(actor: Actor, commune: Commune | None, election_id: int) -> Election:
    """An election by id (of `commune` when given), settled to the state the clock says."""
    from commune.elections.actions import do_settle_election  # settled on first access

    election = queries.get_election(election_id)
    if election is None or (commune is not None and election.commune_id != commune.pk):
        raise NotFound(f"no election {election_id}")
    return do_settle_election(election)


def access_election_to_vote(actor: Actor, commune: Commune | None, election_id: int) -> Election:
    """As `access_election`, from memory when the election is open and kept (casting's path:
    see `kept`; the cast reads the status again under its lock)."""
    from commune.elections.actions import do_settle_election

    election = kept.open_election(election_id)
    if election is None or (commune is not None and election.commune_id != commune.pk):
        return access_election(actor, commune, election_id)
    return do_settle_election(election)  # a no-op until its closing instant


def access_election_for_clerk(actor: Actor, commune: Commune, election_id: int) -> Election:
    election = access_election(actor, commune, election_id)
    require_clerk(actor, election.commune)
    return election


def voter_of(actor: Actor, election: Election) -> Person:
    """The member record through which `actor` votes in `election`, or why they cannot."""
    return Person.objects.get(pk=voter_id_of(actor, election))


def voter_id_of(actor: Actor, election: Election) -> int:
    """As `voter_of`, the member record's id only (one query: casting's path)."""
    if isinstance(actor, Operator):
        raise PermissionDenied("the operator does not vote: members vote for themselves")
    if not actor.is_authenticated or not actor.is_active:
        raise PermissionDenied("sign in to vote")  # anonymous visitors and disabled accounts
    person_id = queries.roll_person_id(election, actor.pk)
    if person_id is None:
        # The roll was frozen at opening: members admitted later vote in the next election.
        raise NotOnRoll(f"you are not on the roll of {election.title}")
    return person_id
