"""Standing for election, and withdrawing, before the ballot opens."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from commune import clock
from commune.communes import access
from commune.communes.access import Actor, Operator
from commune.elections import hooks
from commune.elections.actions.lifecycle import _locked_draft
from commune.elections.models import Candidacy, Election
from commune.errors import Conflict, InvalidInput, PermissionDenied
from commune.journal.record import append_entry
from commune.members.models import Membership, Person
from commune.text import clean_text


def _acts_for(actor: Actor, person: Person) -> bool:
    """A member acts for themselves; a clerk of their commune acts for anyone in it."""
    if not isinstance(actor, Operator) and actor.is_authenticated and person.user_id == actor.pk:
        return True
    return access.is_clerk(actor, person.commune)


def do_file_candidacy(
    election: Election,
    *,
    actor: Actor,
    person: Person,
    statement: str = "",
    name: str | None = None,
) -> Candidacy:
    """A member of the section stands, with a statement, until the election opens."""
    if not _acts_for(actor, person):
        raise PermissionDenied("a member stands for themselves, or a clerk files for them")
    statement = clean_text(
        statement, what="statement", max_length=5000, required=False, multiline=True
    )
    shown = clean_text(name or person.full_name, what="name", max_length=200)
    with transaction.atomic():
        election = _locked_draft(election)
        if election.kind != Election.Kind.SEATS:
            raise InvalidInput("a question's options are fixed when it is called")
        if person.commune_id != election.commune_id:
            raise InvalidInput(f"{person.full_name} is not a member of {election.commune.name}")
        members = Membership.objects.filter(person=person, ended_at__isnull=True)
        if election.section_id is not None:
            members = members.filter(section_id=election.section_id)
        if not members.exists():
            raise InvalidInput(
                f"{person.full_name} is not a member of the section that votes", field="person"
            )
        hooks.check_candidacy(election, person)  # the delegate under recall, on its ballot
        candidacy = Candidacy(
            election=election, person=person, name=shown, statement=statement, filed_at=clock.now()
        )
        try:
            with transaction.atomic():
                candidacy.save(force_insert=True)
        except IntegrityError:
            raise Conflict(
                f"{shown} already stands in {election.title}, or the name is taken", field="name"
            ) from None
        append_entry(
            election.commune,
            "candidacy.filed",
            {"election": election.pk, "candidacy": candidacy.pk, "name": candidacy.name},
            actor=actor,
        )
    return candidacy


def do_withdraw_candidacy(candidacy: Candidacy, *, actor: Actor) -> Candidacy:
    """Withdraw before the election opens; the candidacy stays in the record."""
    if candidacy.person is None or not _acts_for(actor, candidacy.person):
        raise PermissionDenied("a candidate withdraws themselves, or a clerk for them")
    with transaction.atomic():
        election = _locked_draft(candidacy.election)
        candidacy = Candidacy.objects.select_for_update().get(pk=candidacy.pk)
        if candidacy.withdrawn_at is not None:
            raise Conflict(f"{candidacy.name} has already withdrawn")
        candidacy.withdrawn_at = clock.now()
        candidacy.save(update_fields=["withdrawn_at"])
        append_entry(
            election.commune,
            "candidacy.withdrawn",
            {"election": election.pk, "candidacy": candidacy.pk, "name": candidacy.name},
            actor=actor,
        )
    return candidacy
