"""Accounts and clerkships: who may keep a commune's records."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, User
from django.db import IntegrityError, transaction

from commune import clock
from commune.communes import access
from commune.communes.access import Actor
from commune.communes.models import Clerk, Commune
from commune.errors import Conflict, PermissionDenied
from commune.journal.record import append_entry
from commune.members.models import Person


def do_create_login(
    *, actor: Actor, username: str, password: str | None, is_superuser: bool = False
) -> User:
    """Create a sign-in account (without a password: one that cannot sign in until it is
    given one). Accounts are private, so nothing is journaled here; what an account may do
    (a clerkship, a membership) is journaled where it is granted."""
    if not access.can_found_commune(actor):
        raise PermissionDenied("only an administrator may create accounts")
    try:
        with transaction.atomic():
            if is_superuser:
                return User.objects.create_superuser(username, password=password)
            return User.objects.create_user(username, password=password)
    except IntegrityError:
        raise Conflict(f"the username {username!r} is taken") from None


def do_link_account(person: Person, *, actor: Actor, user: AbstractBaseUser) -> Person:
    """Let `user` sign in as `person` (to vote, to stand). Accounts are private: nothing is
    journaled. An administrator's act (members make their own login from an invitation,
    `commune.accounts.actions.do_accept_invitation`, which links it with `link_account`)."""
    if not access.can_found_commune(actor):
        raise PermissionDenied("only an administrator may link an account to a member")
    with transaction.atomic():
        return link_account(person, user=user)


def link_account(person: Person, *, user: AbstractBaseUser) -> Person:
    """The link itself, for actions that have checked their own right to make it: the
    person's row locked, a person already signing in with another account refused, and an
    account already linked to another member of the commune refused by the database."""
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        if person.user_id is not None and person.user_id != user.pk:
            raise Conflict(f"{person.full_name} already signs in with another account")
        try:
            with transaction.atomic():
                Person.objects.filter(pk=person.pk).update(user_id=user.pk)
        except IntegrityError:
            raise Conflict(
                f"this account already signs in as another member of {person.commune.name}"
            ) from None
        person.user_id = user.pk
    return person


def do_appoint_clerk(commune: Commune, *, actor: Actor, user: AbstractBaseUser) -> Clerk:
    """Entrust a user with the commune's records. Only an administrator or the operator may."""
    if not access.can_found_commune(actor):
        raise PermissionDenied("only an administrator may appoint clerks")
    with transaction.atomic():
        clerk, created = Clerk.objects.get_or_create(
            user_id=user.pk, commune=commune, defaults={"appointed_at": clock.now()}
        )
        if not created:
            raise Conflict(f"{user} is already a clerk of {commune.name}")
        append_entry(commune, "clerk.appointed", {"clerk": str(user.get_username())}, actor=actor)
    return clerk


def do_dismiss_clerk(commune: Commune, *, actor: Actor, user: AbstractBaseUser) -> None:
    """Withdraw a user's clerkship of a commune (the appointment stays in the record)."""
    if not access.can_found_commune(actor):
        raise PermissionDenied("only an administrator may dismiss clerks")
    with transaction.atomic():
        deleted, _ = Clerk.objects.filter(user_id=user.pk, commune=commune).delete()
        if not deleted:
            raise Conflict(f"{user} is not a clerk of {commune.name}")
        append_entry(commune, "clerk.dismissed", {"clerk": str(user.get_username())}, actor=actor)
