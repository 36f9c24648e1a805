"""Counting sign-in attempts (private: nothing journaled), and invitations to make a login
(acts on the roll: journaled).

See `commune.accounts.throttle` for the limits and why each attempt is counted before
its password is checked.
"""

from __future__ import annotations

import datetime as dt
import secrets
import unicodedata

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from commune import clock
from commune.accounts.access import token_hash, waiting_invitation
from commune.accounts.errors import InvitationUsed, NotInvitable
from commune.accounts.models import Invitation, SignInAttempts
from commune.accounts.throttle import LIMITS, WINDOW, Limit, keys
from commune.communes.access import Actor, require_clerk
from commune.errors import Conflict, InvalidInput, Unavailable
from commune.journal.record import append_entry
from commune.members.actions.officials import link_account
from commune.members.models import Membership, Person


def _claim(key: str, now: dt.datetime) -> int:
    """Count one attempt for `key` (a fresh window if the last one is over); the new count."""
    q = connection.ops.quote_name
    table, k, n, at = (
        q(SignInAttempts._meta.db_table),
        q("key"),
        q("attempts"),
        q("window_started_at"),
    )
    # Instants as the ORM stores them, so that the database compares like with like.
    start = connection.ops.adapt_datetimefield_value(now)
    expired = connection.ops.adapt_datetimefield_value(now - WINDOW)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({k}, {n}, {at}) VALUES (%s, 1, %s) "
            f"ON CONFLICT ({k}) DO UPDATE SET "
            f"{n} = CASE WHEN {table}.{at} <= %s THEN 1 ELSE {table}.{n} + 1 END, "
            f"{at} = CASE WHEN {table}.{at} <= %s THEN %s ELSE {table}.{at} END "
            f"RETURNING {n}",
            [key, start, expired, expired, start],
        )
        row = cursor.fetchone()
    return int(row[0])


def do_claim_attempt(username: str, address: str) -> Limit | None:
    """Count an attempt; the limit it breaks (then the password must not be checked), or None."""
    now = clock.now()
    with transaction.atomic():
        counts = {scope: _claim(key, now) for scope, key in keys(username, address).items()}
        if counts["account+address"] == 1:
            do_sweep_expired()  # a new window began: a good moment to drop finished ones
    return next((limit for limit in LIMITS if counts[limit.scope] > limit.attempts), None)


def do_forget_attempts(username: str, address: str) -> None:
    """A successful sign-in: this account from this address starts afresh. The wider
    counters keep the attempt, so successes cannot be used to reset a guessing campaign."""
    SignInAttempts.objects.filter(key=keys(username, address)["account+address"]).delete()


def do_sweep_expired() -> int:
    """Delete counters whose window is over (they would restart at one anyway)."""
    deleted, _ = SignInAttempts.objects.filter(window_started_at__lte=clock.now() - WINDOW).delete()
    return deleted


# --- Invitations -------------------------------------------------------------------------

#: How long an invitation's link works.
INVITATION_LIFETIME = dt.timedelta(days=7)


def _current_membership(person: Person) -> Membership | None:
    return (
        Membership.objects.select_related("section")
        .filter(person=person, commune_id=person.commune_id, ended_at__isnull=True)
        .first()
    )


def _site_url(site_url: str | None) -> str:
    configured: str | None = settings.COMMUNE_SITE_URL
    base = configured or site_url
    if not base:
        raise Unavailable(
            "invitations carry a link to this site: set COMMUNE_SITE_URL to its address"
        )
    return base.rstrip("/")


def do_invite_member(person: Person, *, actor: Actor, site_url: str | None = None) -> Invitation:
    """Invite a member of the roll to make their login: an email with a link that works
    for `INVITATION_LIFETIME`, once. A clerk's act; a new invitation replaces one that is
    still waiting. Journaled as `roll.member_invited` (section and membership number only).

    The link is built on `COMMUNE_SITE_URL`, else on `site_url` (the address the inviting
    page was asked at). The email is sent when the transaction commits, so a refused or
    rolled-back invitation sends nothing; if sending fails, the clerk is told to invite again.
    """
    commune = person.commune
    require_clerk(actor, commune)
    base = _site_url(site_url)
    token = secrets.token_urlsafe(32)
    now = clock.now()
    sending_failed: list[Exception] = []
    with transaction.atomic():
        # Locked, so that an admission, a departure or an acceptance cannot slip in between.
        person = Person.objects.select_for_update().get(pk=person.pk)
        membership = _current_membership(person)
        if membership is None:
            raise NotInvitable(_("%(name)s is not on the roll.") % {"name": person.full_name})
        if person.user_id is not None:
            raise NotInvitable(_("%(name)s already has a login.") % {"name": person.full_name})
        if not person.email:
            raise InvalidInput(
                _("%(name)s has no email address on the roll: the invitation has nowhere to go.")
                % {"name": person.full_name}
            )
        # A new invitation replaces the one waiting: its link stops working.
        Invitation.objects.filter(person=person, used_at__isnull=True).delete()
        invitation = Invitation(
            person=person,
            token_hash=token_hash(token),
            created_by_id=_user_id(actor),
            created_at=now,
            expires_at=now + INVITATION_LIFETIME,
        )
        try:
            with transaction.atomic():
                invitation.save(force_insert=True)
        except IntegrityError:
            # Another clerk's invitation of the same person committed first.
            raise Conflict(
                _("%(name)s was invited by someone else at the same moment.")
                % {"name": person.full_name}
            ) from None
        append_entry(
            commune,
            "roll.member_invited",
            {"section": membership.section.number, "membership": membership.pk},
            actor=actor,
        )
        link = base + reverse("web:invitation", args=[token])
        transaction.on_commit(lambda: _send_invitation(person, invitation, link, sending_failed))
    if sending_failed:
        raise Unavailable(
            _("The invitation could not be sent (%(error)s). Invite %(name)s again.")
            % {"error": sending_failed[0], "name": person.full_name}
        )
    return invitation


def _user_id(actor: Actor) -> int | None:
    """The inviting clerk's account (none for the operator at the console)."""
    if isinstance(actor, AbstractBaseUser) and actor.is_authenticated:
        return int(actor.pk)
    return None


def _send_invitation(
    person: Person, invitation: Invitation, link: str, failures: list[Exception]
) -> None:
    """The email: who invites, to what, the link, until when (in the inviting clerk's language)."""
    until = formats.date_format(timezone.localtime(invitation.expires_at), "DATETIME_FORMAT")
    context = {"name": person.full_name, "commune": person.commune.name, "link": link}
    subject = _("Your login for %(commune)s") % context
    body = _(
        "Hello %(name)s,\n\n"
        "The clerks of %(commune)s invite you to make your login, so that you can take part "
        "in the elections of your section and follow its business.\n\n"
        "Open this link to choose a username and a password:\n\n%(link)s\n\n"
        "The link works once, until %(until)s. If you did not expect this email, ignore it: "
        "nothing happens until the link is used.\n"
    ) % {**context, "until": until}
    try:
        send_mail(subject, body, None, [str(person.email)])
    except OSError as error:  # smtplib's errors are OSErrors: the mail server refused or is down
        failures.append(error)


#: Who accepts an invitation, in the journal: the holder of the link, not yet signed in.
#: Members who are not officials never appear by name, so the new username is not printed.
INVITEE = AnonymousUser()


def do_accept_invitation(token: str, *, username: str, password: str) -> User:
    """Make the invited member's login from their invitation: the account (password checked
    by the site's validators, stored with Argon2), linked to their member record, the
    invitation used; one transaction, journaled as `roll.invitation_accepted`.

    The invitation's row is locked and marked used only where it was not, so two
    simultaneous acceptances make one account: the second waits, then finds it used.
    """
    username = unicodedata.normalize("NFKC", str(username)).strip()
    _check_username(username)
    with transaction.atomic():
        invitation = waiting_invitation(token, lock=True)
        person = invitation.person
        membership = _current_membership(person)
        if membership is None:
            raise NotInvitable(
                _("You are no longer on the roll of %(commune)s.")
                % {"commune": person.commune.name}
            )
        if person.user_id is not None:
            raise NotInvitable(_("You already have a login. Sign in with it."))
        if User.objects.filter(username__iexact=username).exists():
            raise Conflict(
                _("The username %(username)s is taken.") % {"username": username}, field="username"
            )
        candidate = User(username=username, email=person.email or "")
        try:
            password_validation.validate_password(password, user=candidate)
        except ValidationError as error:
            raise InvalidInput(" ".join(error.messages), field="password") from None
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    username, email=person.email or "", password=password
                )
        except IntegrityError:
            raise Conflict(
                _("The username %(username)s is taken.") % {"username": username},
                field="username",
            ) from None
        link_account(person, user=user)
        used = Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True).update(
            used_at=clock.now()
        )
        if used != 1:  # cannot happen under the row lock; never make a second login
            raise InvitationUsed(_("This invitation has already been used to make a login."))
        append_entry(
            person.commune,
            "roll.invitation_accepted",
            {"section": membership.section.number, "membership": membership.pk},
            actor=INVITEE,
        )
    return user


def _check_username(username: str) -> None:
    if not username:
        raise InvalidInput(_("Choose a username."), field="username")
    max_length = User._meta.get_field("username").max_length or 150
    if len(username) > max_length:
        raise InvalidInput(
            _("A username has at most %(n)s characters.") % {"n": max_length}, field="username"
        )
    try:
        User.username_validator(username)
    except ValidationError as error:
        raise InvalidInput(" ".join(error.messages), field="username") from None
