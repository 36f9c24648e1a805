"""Members of the Louvre's roll to invite, and a way to read the link their email carries."""

from __future__ import annotations

import re

import pytest
from django.core import mail

LINK = re.compile(r"(https?://[^/\s]+)/invitations/([-_A-Za-z0-9]+)/")


def token_in_last_mail() -> str:
    found = LINK.search(mail.outbox[-1].body)
    assert found, mail.outbox[-1].body
    return found.group(2)


@pytest.fixture
def member(commune, operator):
    """Louise Michel, on the roll of section 1, with an email and no login."""
    from commune.members import actions
    from commune.members.models import Section

    louvre = Section.objects.get(commune=commune, number=1)
    return actions.do_admit_member(
        louvre, actor=operator, full_name="Louise Michel", email="louise@example.org"
    ).person


@pytest.fixture
def invite(django_capture_on_commit_callbacks, mailoutbox):
    """Invite `person` as `actor`, sending the email; the token the email carries."""
    from commune.accounts import actions

    def invite(person, actor) -> str:
        with django_capture_on_commit_callbacks(execute=True):
            actions.do_invite_member(person, actor=actor, site_url="http://testserver")
        return token_in_last_mail()

    return invite
