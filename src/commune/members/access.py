"""Who may do what with communes, sections and rolls.

`access_*` functions are the only way interface code obtains a guarded object;
they raise the same `NotFound` for "missing" and "forbidden" where existence is
itself private. One rule per line, each with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from commune.errors import NotFound, PermissionDenied
from commune.members.models import Clerk, Commune, Section


@dataclass(frozen=True, slots=True)
class Operator:
    """Whoever runs `commune …` on the server: they hold the database anyway, so they may
    act as any clerk; their acts are journaled as by "operator"."""

    name: str = "operator"


OPERATOR = Operator()
Actor: TypeAlias = AbstractBaseUser | AnonymousUser | Operator


def actor_label(actor: Actor) -> str:
    """How the Journal officiel names who performed an act."""
    if isinstance(actor, Operator):
        return actor.name
    if actor.is_authenticated:
        return str(actor.get_username())
    return "anonymous"


def is_clerk(actor: Actor, commune: Commune) -> bool:
    """May `actor` keep `commune`'s records (rolls, sections, seats, constitution)?"""
    if isinstance(actor, Operator):
        return True  # shell access to the server
    if not actor.is_authenticated or not actor.is_active:
        return False  # anonymous visitors and disabled accounts keep nothing
    if getattr(actor, "is_superuser", False):
        return True  # the deployment's administrators keep every commune
    return Clerk.objects.filter(user_id=actor.pk, commune=commune).exists()


def require_clerk(actor: Actor, commune: Commune) -> None:
    if not is_clerk(actor, commune):
        raise PermissionDenied(f"only a clerk of {commune.name} may do this")


def can_found_commune(actor: Actor) -> bool:
    """Founding a commune is a deployment-level act: operator or administrator only."""
    if isinstance(actor, Operator):
        return True
    return bool(actor.is_authenticated and getattr(actor, "is_superuser", False))


def access_commune(actor: Actor, slug: str) -> Commune:
    """A commune by slug. Communes are public: anyone may read their public record."""
    try:
        return Commune.objects.get(slug=slug)
    except Commune.DoesNotExist:
        raise NotFound(f"no commune {slug!r}") from None


def access_section(actor: Actor, section_id: int) -> Section:
    """A section by id. Sections, their figures and seats are public."""
    try:
        return Section.objects.select_related("commune").get(pk=section_id)
    except Section.DoesNotExist:
        raise NotFound(f"no section {section_id}") from None
