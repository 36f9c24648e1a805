"""Clerks invite members of the roll by email; a member makes their login from the link, once,
before it expires. Every refusal names its problem and changes nothing."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.contrib.auth.models import User
from django.core import mail

from commune import clock
from commune.accounts import actions
from commune.accounts.errors import (
    InvitationExpired,
    InvitationUsed,
    NotInvitable,
    UnknownInvitation,
)
from commune.accounts.models import Invitation
from commune.errors import Conflict, InvalidInput, PermissionDenied, Unavailable
from commune.journal.models import JournalEntry
from commune.ledger.entry import parse_entry
from commune.members import actions as member_actions
from commune.members.models import Membership, Person

pytestmark = pytest.mark.django_db

PASSWORD = "la Commune est en marche"


def last_entry(commune) -> tuple[str, dict]:
    entry = JournalEntry.objects.filter(commune=commune).order_by("-index").first()
    return entry.kind, parse_entry(entry.leaf_bytes).payload


def state(commune) -> tuple:
    """Everything an invitation or an acceptance could change."""
    return (
        User.objects.count(),
        list(Invitation.objects.order_by("pk").values_list("pk", "used_at")),
        list(Person.objects.order_by("pk").values_list("pk", "user_id")),
        JournalEntry.objects.filter(commune=commune).count(),
        len(mail.outbox),
    )


def test_a_clerk_invites_a_member_by_email(commune, clerk_user, member, invite, frozen_clock):
    token = invite(member, clerk_user)
    [sent] = mail.outbox
    assert sent.to == ["louise@example.org"]
    assert "Test Commune" in sent.subject
    assert f"http://testserver/invitations/{token}/" in sent.body
    invitation = Invitation.objects.get(person=member)
    # Only the token's SHA-256 is kept; the link in the email is the only copy of the token.
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert invitation.created_by == clerk_user
    assert invitation.expires_at == frozen_clock + dt.timedelta(days=7)
    assert invitation.used_at is None
    membership = Membership.objects.get(person=member)
    assert last_entry(commune) == (
        "roll.member_invited",
        {"section": 1, "membership": membership.pk, "by": "clerk"},
    )


def test_the_configured_site_address_makes_the_link(commune, clerk_user, member, invite, settings):
    settings.COMMUNE_SITE_URL = "https://commune.example.org"
    token = invite(member, clerk_user)
    assert f"https://commune.example.org/invitations/{token}/" in mail.outbox[-1].body


def test_a_new_invitation_replaces_the_waiting_one(commune, clerk_user, member, invite):
    first = invite(member, clerk_user)
    second = invite(member, clerk_user)
    assert Invitation.objects.filter(person=member).count() == 1
    with pytest.raises(UnknownInvitation, match="newer invitation"):
        actions.do_accept_invitation(first, username="louise", password=PASSWORD)
    actions.do_accept_invitation(second, username="louise", password=PASSWORD)


def test_only_a_clerk_of_the_members_commune_invites(
    commune, member, plain_user, operator, django_user_model
):
    other = member_actions.do_found_commune(actor=operator, slug="lyon", name="Lyon")
    lyon_clerk = django_user_model.objects.create_user("lyon-clerk")
    member_actions.do_appoint_clerk(other, actor=operator, user=lyon_clerk)
    before = state(commune)
    for actor in (plain_user, lyon_clerk):
        with pytest.raises(PermissionDenied, match="only a clerk of Test Commune"):
            actions.do_invite_member(member, actor=actor, site_url="http://testserver")
    assert state(commune) == before


def test_who_cannot_be_invited(commune, clerk_user, member, operator, django_user_model):
    no_email = member_actions.do_admit_member(
        member_actions.do_create_section(commune, actor=operator, number=4, name="Hôtel"),
        actor=operator,
        full_name="Nathalie Le Mel",
    ).person
    left = member_actions.do_admit_member(
        Membership.objects.get(person=member).section,
        actor=operator,
        full_name="Jules Vallès",
        email="jules@example.org",
    )
    member_actions.do_end_membership(left, actor=operator)
    has_login = member_actions.do_admit_member(
        Membership.objects.get(person=member).section,
        actor=operator,
        full_name="Eugène Varlin",
        email="varlin@example.org",
    ).person
    member_actions.do_link_account(
        has_login, actor=operator, user=django_user_model.objects.create_user("varlin")
    )
    before = state(commune)
    cases = [
        (no_email, InvalidInput, "Nathalie Le Mel has no email address"),
        (left.person, NotInvitable, "Jules Vallès is not on the roll"),
        (has_login, NotInvitable, "Eugène Varlin already has a login"),
    ]
    for person, error, message in cases:
        with pytest.raises(error, match=message):
            actions.do_invite_member(person, actor=clerk_user, site_url="http://testserver")
    assert state(commune) == before


def test_a_member_makes_their_login_from_the_invitation(commune, clerk_user, member, invite):
    token = invite(member, clerk_user)
    user = actions.do_accept_invitation(token, username="louise", password=PASSWORD)
    assert user.check_password(PASSWORD)
    assert user.email == "louise@example.org"
    assert not user.is_staff and not user.is_superuser
    member.refresh_from_db()
    assert member.user == user
    assert Invitation.objects.get(person=member).used_at is not None
    membership = Membership.objects.get(person=member)
    # The holder of the link acted, not yet signed in: the new username is not printed.
    assert last_entry(commune) == (
        "roll.invitation_accepted",
        {"section": 1, "membership": membership.pk, "by": "anonymous"},
    )


def test_a_used_expired_or_unknown_link_is_refused(commune, clerk_user, member, invite):
    with clock.frozen(dt.datetime(1871, 3, 26, 8, tzinfo=dt.UTC)):
        expired = invite(member, clerk_user)
    before = state(commune)
    with pytest.raises(InvitationExpired, match="expired"):
        actions.do_accept_invitation(expired, username="louise", password=PASSWORD)
    for unknown in ("x" * 43, "no\x00pe" * 5, "", "a/b"):
        with pytest.raises(UnknownInvitation, match="not valid"):
            actions.do_accept_invitation(unknown, username="louise", password=PASSWORD)
    assert state(commune) == before

    token = invite(member, clerk_user)
    actions.do_accept_invitation(token, username="louise", password=PASSWORD)
    before = state(commune)
    with pytest.raises(InvitationUsed, match="already been used"):
        actions.do_accept_invitation(token, username="louise2", password=PASSWORD)
    assert state(commune) == before


@pytest.mark.parametrize(
    ("username", "password", "error", "field", "message"),
    [
        ("louise", "short", InvalidInput, "password", "too short"),
        ("louise", "password123", InvalidInput, "password", "too common"),
        ("louise", "83920174650283", InvalidInput, "password", "entirely numeric"),
        ("louise", "louise@example.org", InvalidInput, "password", "too similar"),
        ("clerk", PASSWORD, Conflict, "username", "The username clerk is taken"),
        ("CLERK", PASSWORD, Conflict, "username", "The username CLERK is taken"),
        ("louise michel!", PASSWORD, InvalidInput, "username", "Enter a valid username"),
        ("", PASSWORD, InvalidInput, "username", "Choose a username"),
        ("l" * 151, PASSWORD, InvalidInput, "username", "at most 150"),
    ],
)
def test_a_bad_username_or_password_is_refused_and_changes_nothing(
    commune, clerk_user, member, invite, username, password, error, field, message
):
    token = invite(member, clerk_user)
    before = state(commune)
    with pytest.raises(error, match=message) as refused:
        actions.do_accept_invitation(token, username=username, password=password)
    assert refused.value.field == field
    assert state(commune) == before
    actions.do_accept_invitation(token, username="louise", password=PASSWORD)  # still works


def test_a_member_who_left_the_roll_cannot_accept(commune, clerk_user, member, invite, operator):
    token = invite(member, clerk_user)
    member_actions.do_end_membership(Membership.objects.get(person=member), actor=operator)
    before = state(commune)
    with pytest.raises(NotInvitable, match="no longer on the roll"):
        actions.do_accept_invitation(token, username="louise", password=PASSWORD)
    assert state(commune) == before


def test_a_failed_email_is_reported_to_the_clerk(
    committed_db, commune, clerk_user, member, monkeypatch
):
    """The email is sent once the invitation is committed; if the mail server refuses it,
    the clerk is told to invite again (a new invitation replaces the unsent one)."""

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("the mail server refused")

    monkeypatch.setattr(actions, "send_mail", refuse)
    with pytest.raises(Unavailable, match=r"could not be sent.*Invite Louise Michel again"):
        actions.do_invite_member(member, actor=clerk_user, site_url="http://testserver")
    monkeypatch.undo()
    actions.do_invite_member(member, actor=clerk_user, site_url="http://testserver")
    assert [m.to for m in mail.outbox] == [["louise@example.org"]]
    assert Invitation.objects.filter(person=member).count() == 1
