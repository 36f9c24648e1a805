"""Invitations under concurrent requests, with real commits (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core import mail
from tests.accounts.conftest import token_in_last_mail
from tests.members.test_concurrency import run_together

from commune.accounts import actions
from commune.accounts.errors import InvitationUsed
from commune.accounts.models import Invitation
from commune.errors import Conflict
from commune.journal.models import JournalEntry
from commune.members import actions as member_actions
from commune.members.models import Person


@pytest.fixture
def person(committed_db, operator):
    commune = member_actions.do_found_commune(actor=operator, slug="race", name="Race")
    section = member_actions.do_create_section(commune, actor=operator, number=1, name="S1")
    return member_actions.do_admit_member(
        section, actor=operator, full_name="Louise Michel", email="louise@example.org"
    ).person


def test_two_acceptances_at_once_make_one_login(person, operator):
    """The same link submitted twice at the same moment (a double click, two tabs): one
    account is made and linked, the other attempt finds the invitation used."""
    actions.do_invite_member(person, actor=operator, site_url="http://testserver")
    token = token_in_last_mail()
    results = run_together(
        lambda i: actions.do_accept_invitation(
            token, username=f"louise{i}", password="la Commune est en marche"
        ),
        4,
    )
    made = [r for r in results if isinstance(r, User)]
    assert len(made) == 1, results
    assert all(isinstance(r, InvitationUsed) for r in results if r not in made), results
    assert User.objects.filter(username__startswith="louise").count() == 1
    assert Person.objects.get(pk=person.pk).user_id == made[0].pk
    kinds = list(JournalEntry.objects.values_list("kind", flat=True))
    assert kinds.count("roll.invitation_accepted") == 1


def test_clerks_inviting_at_once_leave_one_waiting_invitation(person, operator):
    """Four invitations of one member at once: each is sent or refused as a conflict, and
    exactly one link works afterwards (the last one made)."""
    results = run_together(
        lambda i: actions.do_invite_member(person, actor=operator, site_url="http://testserver"),
        4,
    )
    assert all(isinstance(r, Invitation | Conflict) for r in results), results
    assert Invitation.objects.filter(person=person, used_at__isnull=True).count() == 1
    sent = [r for r in results if isinstance(r, Invitation)]
    assert len(mail.outbox) == len(sent) >= 1
    working = Invitation.objects.get(person=person)
    assert working.pk == max(r.pk for r in sent)
