"""Who may read a commune and who may keep its records.

`access_*` functions are the only way interface code obtains a guarded object;
they raise the same `NotFound` for "missing" and "forbidden" where existence is
itself private. One rule per line, each with its reason.
"""

from __future__ import annotations

import re

from commune.actors import OPERATOR, Actor, Operator, actor_label, is_administrator
from commune.communes.models import Clerk, Commune
from commune.errors import NotFound, PermissionDenied

__all__ = [
    "OPERATOR",
    "Actor",
    "Operator",
    "access_commune",
    "access_commune_for_clerk",
    "actor_label",
    "can_found_commune",
    "is_clerk",
    "require_clerk",
]


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


SLUG = re.compile(r"[-a-zA-Z0-9_]{1,64}\Z")


def can_found_commune(actor: Actor) -> bool:
    """Founding a commune is a deployment-level act: operator or administrator only."""
    return is_administrator(actor)


def access_commune(actor: Actor, slug: str) -> Commune:
    """A commune by slug. Communes are public: anyone may read their public record."""
    if not SLUG.match(slug):
        raise NotFound(f"no commune {slug[:64]!r}")  # never sent to the database as is
    try:
        return Commune.objects.get(slug=slug)
    except Commune.DoesNotExist:
        raise NotFound(f"no commune {slug!r}") from None


def access_commune_for_clerk(actor: Actor, slug: str) -> Commune:
    """A commune whose records `actor` keeps: the clerks' desk of the pages and the admin."""
    commune = access_commune(actor, slug)
    require_clerk(actor, commune)
    return commune
