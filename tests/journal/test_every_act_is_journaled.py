"""Every action that changes public record appends its journal entry.

The table below lists every `do_*` function of every `actions` module. A new
action makes this test fail until it is added: with the kind it must journal
and a scenario that calls it, or with the reason it changes no public record.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from typing import Any

import pytest

import commune
from commune.journal import actions as journal_actions
from commune.journal.models import JournalEntry
from commune.members import actions as m
from commune.members.imports import parse_member_csv
from commune.members.models import Membership, Section

pytestmark = pytest.mark.django_db

Scenario = Callable[[Any, Any, Any], Any]


def _section(commune_: Any) -> Section:
    return Section.objects.filter(commune=commune_).order_by("number").first()


def _member(commune_: Any, op: Any) -> Membership:
    return m.do_admit_member(_section(commune_), actor=op, full_name="Jules Vallès")


SCENARIOS: dict[str, tuple[str, Scenario] | str] = {
    "commune.members.actions.do_found_commune": (
        "commune.founded",
        lambda c, op, u: m.do_found_commune(actor=op, slug="lyon", name="Lyon"),
    ),
    "commune.members.actions.do_amend_constitution": (
        "constitution.amended",
        lambda c, op, u: m.do_amend_constitution(
            c,
            actor=op,
            rules={"apportionment": {"method": "dhondt", "total_seats": 9}},
            reason="test",
        ),
    ),
    "commune.members.actions.do_create_section": (
        "section.created",
        lambda c, op, u: m.do_create_section(c, actor=op, number=50, name="Cinquante"),
    ),
    "commune.members.actions.do_update_section_figures": (
        "section.figures_changed",
        lambda c, op, u: m.do_update_section_figures(
            _section(c), actor=op, population=1, num_registered_declared=1, source="test"
        ),
    ),
    "commune.members.actions.do_apportion_seats": (
        "seats.apportioned",
        lambda c, op, u: m.do_apportion_seats(c, actor=op),
    ),
    "commune.members.actions.do_admit_member": (
        "roll.member_admitted",
        lambda c, op, u: _member(c, op),
    ),
    "commune.members.actions.do_import_members": (
        "roll.imported",
        lambda c, op, u: m.do_import_members(
            c, actor=op, rows=parse_member_csv("name,section\nA,1\n")[0]
        ),
    ),
    "commune.members.actions.do_end_membership": (
        "roll.member_left",
        lambda c, op, u: m.do_end_membership(_member(c, op), actor=op),
    ),
    "commune.members.actions.do_move_member": (
        "roll.member_admitted",
        lambda c, op, u: m.do_move_member(
            _member(c, op), actor=op, section=Section.objects.get(commune=c, number=2)
        ),
    ),
    "commune.members.actions.do_appoint_clerk": (
        "clerk.appointed",
        lambda c, op, u: m.do_appoint_clerk(c, actor=op, user=u),
    ),
    "commune.journal.actions.do_rotate_signing_key": (
        "key.rotated",
        lambda c, op, u: journal_actions.do_rotate_signing_key(c, actor=op),
    ),
    "commune.members.actions.do_create_login": "accounts are private, not public record",
    "commune.journal.actions.do_sign_checkpoint": "signs the record's head; adds no act to it",
}


def all_actions() -> list[str]:
    found = []
    for module_info in pkgutil.walk_packages(commune.__path__, "commune."):
        if not module_info.name.endswith(".actions"):
            continue
        module = importlib.import_module(module_info.name)
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("do_") and function.__module__ == module.__name__:
                found.append(f"{module.__name__}.{name}")
    return sorted(found)


def test_every_action_is_accounted_for():
    assert sorted(SCENARIOS) == all_actions()


@pytest.mark.parametrize(
    "action", [name for name, value in SCENARIOS.items() if not isinstance(value, str)]
)
def test_action_appends_its_entry(action, commune, operator, plain_user):
    kind, scenario = SCENARIOS[action]
    before = JournalEntry.objects.count()
    last_before = JournalEntry.objects.order_by("-pk").first()
    scenario(commune, operator, plain_user)
    newest = JournalEntry.objects.order_by("-pk").first()
    assert JournalEntry.objects.count() > before
    assert newest.pk != last_before.pk
    assert newest.kind == kind
