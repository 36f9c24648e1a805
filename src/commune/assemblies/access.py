"""Who may see a body's work and who may act in it.

Deliberation is public record: anyone may read bodies, sittings, motions, roll-calls and
decrees. Members of a body table, sign and vote; the commune's clerks keep the body's
records (convene and open sittings, call the roll, open and close divisions, promulgate).
"""

from __future__ import annotations

from commune.actors import Operator
from commune.assemblies import queries
from commune.assemblies.errors import NotAMember
from commune.assemblies.models import Body, Decree, Division, Motion, Sitting
from commune.communes.access import Actor, is_clerk, require_clerk
from commune.communes.models import Commune
from commune.errors import NotFound, PermissionDenied
from commune.members.models import Person

__all__ = ["access_body", "access_motion", "member_of", "require_clerk"]


def access_body(actor: Actor, commune: Commune, body_id: int) -> Body:
    body = queries.get_body(commune, body_id)
    if body is None:
        raise NotFound(f"no body {body_id} in {commune.name}")
    return body


def access_motion(actor: Actor, body: Body, number: int) -> Motion:
    motion = queries.get_motion(body, number)
    if motion is None:
        raise NotFound(f"no motion {number} in {body.name}")
    return motion


def person_of(actor: Actor, commune: Commune) -> Person:
    """The member record through which a signed-in user acts in `commune`."""
    if isinstance(actor, Operator):
        raise PermissionDenied("the operator does not deliberate: members act for themselves")
    if not actor.is_authenticated or not actor.is_active:
        raise PermissionDenied("sign in first")
    person = queries.person_of(commune, actor.pk)
    if person is None:
        raise PermissionDenied(f"you are not a member of {commune.name}")
    return person


def member_of(actor: Actor, body: Body) -> Person:
    """The member of `body` that `actor` is, or why they are not one."""
    person = person_of(actor, body.commune)
    if not queries.is_member(body, person):
        raise NotAMember(f"only the members of {body.name} may do this")
    return person


def can_keep(actor: Actor, body: Body) -> bool:
    """May `actor` keep the body's record (the pages offer the clerk's buttons)?"""
    return is_clerk(actor, body.commune)


def access_sitting(actor: Actor, body: Body, number: int) -> Sitting:
    sitting = queries.get_sitting(body, number)
    if sitting is None:
        raise NotFound(f"no sitting {number} of {body.name}")
    return sitting


def access_division(actor: Actor, body: Body, division_id: int) -> Division:
    division = queries.get_division(body, division_id)
    if division is None:
        raise NotFound(f"no division {division_id} of {body.name}")
    return division


def access_decree(actor: Actor, commune: Commune, number: int) -> Decree:
    decree = queries.get_decree(commune, number)
    if decree is None:
        raise NotFound(f"no decree {number} of {commune.name}")
    return decree


def access_person(actor: Actor, commune: Commune, person_id: int) -> Person:
    person = queries.get_person(commune, person_id)
    if person is None:
        raise NotFound(f"no person {person_id} in {commune.name}")
    return person
