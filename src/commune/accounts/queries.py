"""Reads about sign-in accounts and invitations."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser

from commune import clock
from commune.accounts.models import Invitation
from commune.communes.models import Commune
from commune.members.models import Membership


def username_exists(username: str) -> bool:
    return get_user_model().objects.filter(username=username).exists()


def find_user(username: str) -> AbstractBaseUser | None:
    user: AbstractBaseUser | None = get_user_model().objects.filter(username=username).first()
    return user


# --- The roll's logins, for the clerks' desk ---------------------------------------------

#: Members per page of the desk's list (a roll can hold 100,000).
ROLL_PER_PAGE = 50
#: A search by name reads at most this many characters.
MAX_SEARCH = 100


@dataclass(frozen=True, slots=True)
class RollLogin:
    """A member of the roll and where they stand with their login."""

    person_id: int
    name: str
    section: int
    has_email: bool
    has_login: bool
    invited_until: dt.datetime | None  # the waiting invitation's expiry, if any

    @property
    def status(self) -> str:
        """login, invited, expired (an invitation not used in time), no_email, or none."""
        if self.has_login:
            return "login"
        if self.invited_until is not None:
            return "invited" if self.invited_until > clock.now() else "expired"
        return "none" if self.has_email else "no_email"

    @property
    def can_invite(self) -> bool:
        return self.has_email and not self.has_login


@dataclass(frozen=True, slots=True)
class RollLoginPage:
    rows: list[RollLogin]
    total: int  # members matching the search
    number: int  # this page's number, from 1
    num_pages: int
    search: str

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages


def list_roll_logins(commune: Commune, *, search: str = "", page: int = 1) -> RollLoginPage:
    """One page of the members on `commune`'s rolls now, by name, with their login status:
    two bounded statements (the count and the page) and one for the page's invitations."""
    search = search.strip()[:MAX_SEARCH]
    members = Membership.objects.filter(commune=commune, ended_at__isnull=True)
    if search:
        members = members.filter(person__full_name__icontains=search)
    total = members.count()
    num_pages = max(1, -(-total // ROLL_PER_PAGE))
    number = min(max(1, page), num_pages)
    offset = (number - 1) * ROLL_PER_PAGE
    found = list(
        members.order_by("person__full_name", "person_id").values_list(
            "person_id", "person__full_name", "section__number", "person__email", "person__user_id"
        )[offset : offset + ROLL_PER_PAGE]
    )
    waiting = dict(
        Invitation.objects.filter(
            person_id__in=[row[0] for row in found], used_at__isnull=True
        ).values_list("person_id", "expires_at")
    )
    rows = [
        RollLogin(
            person_id=person_id,
            name=name,
            section=section,
            has_email=bool(email),
            has_login=user_id is not None,
            invited_until=waiting.get(person_id),
        )
        for person_id, name, section, email, user_id in found
    ]
    return RollLoginPage(rows, total, number, num_pages, search)
