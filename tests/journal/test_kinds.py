"""The registry of entry kinds: only declared kinds, with payloads of their schema, enter
the journal; `by` comes from the actor; no member's name or email is ever recorded."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import transaction

from commune.accounts import actions as account_actions
from commune.communes.access import OPERATOR
from commune.journal import kinds
from commune.journal.models import JournalEntry
from commune.journal.record import append_entry
from commune.ledger.entry import parse_entry
from commune.members import actions
from commune.members.imports import parse_member_csv
from commune.members.models import Section

pytestmark = pytest.mark.django_db

FIGURES = {"number": 9, "name": "Opéra", "population": None, "registered": None, "source": ""}


@pytest.mark.parametrize(
    ("kind", "payload", "problem"),
    [
        ("section.founded", FIGURES, "no institution registered"),
        ("section.created", {**FIGURES, "colour": "red"}, "colour"),
        ("section.created", {k: v for k, v in FIGURES.items() if k != "name"}, "name"),
        ("section.created", {**FIGURES, "number": "9"}, "number"),
        ("section.created", {**FIGURES, "by": "someone else"}, "`by` is added"),
    ],
)
def test_unregistered_kinds_and_bad_payloads_are_refused(commune, kind, payload, problem):
    size = JournalEntry.objects.filter(commune=commune).count()
    with pytest.raises(kinds.UnknownKind, match=problem), transaction.atomic():
        append_entry(commune, kind, payload, actor=OPERATOR)
    assert JournalEntry.objects.filter(commune=commune).count() == size


def test_the_actor_is_named_by_the_journal_itself(commune, clerk_user):
    actions.do_create_section(commune, actor=clerk_user, number=9, name="Opéra")
    entry = JournalEntry.objects.filter(commune=commune).order_by("-index").first()
    assert parse_entry(entry.leaf_bytes).payload["by"] == "clerk"


def test_every_kind_refuses_fields_it_does_not_name():
    for kind in kinds.registered():
        assert issubclass(kind.schema, kinds.Payload), kind.name
        assert kind.schema.model_config.get("extra") == "forbid", kind.name
        assert kinds.BY not in kind.schema.model_fields, kind.name


def test_registering_a_kind_twice_differently_is_refused():
    known = kinds.get("section.created")
    with pytest.raises(ValueError, match="registered twice"):
        kinds.register([kinds.EntryKind(known.name, "Other", known.schema, known.summarize)])


def test_summaries_never_fail_on_old_or_odd_payloads():
    for kind in kinds.registered():
        assert isinstance(kinds.summary(kind.name, {}), str)
        assert isinstance(kinds.summary(kind.name, {"number": None, "seats": 3}), str)


SECRET_NAME = "Zéphirine Introuvable"
SECRET_EMAIL = "zephirine.introuvable@example.org"
SECRET_USERNAME = "zephi-login"
TOKEN = "a-token-that-must-never-be-printed-0123456789"


def test_no_entry_carries_a_members_name_or_email(commune, operator):
    """Members are named by their membership's number, never by name or email."""
    s1, s2, s3 = Section.objects.filter(commune=commune).order_by("number")
    member = actions.do_admit_member(s1, actor=operator, full_name=SECRET_NAME, email=SECRET_EMAIL)
    moved = actions.do_move_member(member, actor=operator, section=s2)
    rows, problems = parse_member_csv(
        f"name,email,section\n{SECRET_NAME} Deux,deux.{SECRET_EMAIL},3\n"
    )
    actions.do_import_members(commune, actor=operator, rows=rows, problems=problems)
    actions.do_merge_sections(s3, actor=operator, into=s2)
    # Invited to make a login, and making it: neither the email nor the username is printed.
    with mock.patch.object(account_actions.secrets, "token_urlsafe", return_value=TOKEN):
        account_actions.do_invite_member(moved.person, actor=operator, site_url="http://x")
    account_actions.do_accept_invitation(
        TOKEN, username=SECRET_USERNAME, password="x" * 9 + "-1871"
    )
    actions.do_end_membership(moved, actor=operator)
    texts = list(JournalEntry.objects.filter(commune=commune).values_list("data", flat=True))
    assert len(texts) >= 10
    for text in texts:
        for secret in (
            SECRET_NAME,
            SECRET_EMAIL,
            "Introuvable",
            "zephirine",
            SECRET_USERNAME,
            TOKEN,
        ):
            assert secret.lower() not in text.lower()
