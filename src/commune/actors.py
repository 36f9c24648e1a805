"""Who performs an act: a signed-in user, an anonymous visitor, or the operator at the console.

Every action takes its actor explicitly; the journal names it with `actor_label`.
This module sits below every institution so that each can name actors without
importing another.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


@dataclass(frozen=True, slots=True)
class Operator:
    """Whoever runs `commune …` on the server: they hold the database anyway, so they may
    act as any administrator; their acts are journaled as by "operator"."""

    name: str = "operator"


OPERATOR = Operator()
Actor: TypeAlias = AbstractBaseUser | AnonymousUser | Operator


def actor_label(actor: Actor) -> str:
    """How the Journal officiel names who performed an act.

    Officials act in public: a clerk's or administrator's username is printed in the
    record, permanently. Members who are not officials never appear by name.
    """
    if isinstance(actor, Operator):
        return actor.name
    if actor.is_authenticated:
        return str(actor.get_username())
    return "anonymous"


def is_administrator(actor: Actor) -> bool:
    """Deployment-level acts (founding communes, accounts, keys): the operator or a superuser."""
    if isinstance(actor, Operator):
        return True
    return bool(
        actor.is_authenticated and actor.is_active and getattr(actor, "is_superuser", False)
    )
