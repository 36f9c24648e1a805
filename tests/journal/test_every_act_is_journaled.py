"""Every action that changes public record appends its journal entry.

The table below lists every `do_*` function of every `actions` module. A new
action makes this test fail until it is added: with the kind it must journal
and a scenario that calls it, or with the reason it changes no public record.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
from collections.abc import Callable
from typing import Any

import pytest

import commune
from commune import clock
from commune.journal import actions as journal_actions
from commune.journal.models import JournalEntry
from commune.members import actions as m
from commune.members.imports import parse_member_csv, parse_section_csv
from commune.members.models import Membership, Person, Section

pytestmark = pytest.mark.django_db

Setup = Callable[[Any, Any, Any], Any]
Act = Callable[[Any, Any, Any, Any], Any]


def _section(commune_: Any) -> Section:
    return Section.objects.filter(commune=commune_).order_by("number").first()


def _member(commune_: Any, op: Any, user: Any) -> Membership:
    return m.do_admit_member(_section(commune_), actor=op, full_name="Jules Vallès")


def _nothing(commune_: Any, op: Any, user: Any) -> None:
    return None


T0 = dt.datetime(2030, 3, 26, 8, 0, tzinfo=dt.UTC)


def _election(commune_: Any, op: Any, user: Any) -> Any:
    """A draft election of section 1 (opening at T0) with one member standing."""
    from commune.elections import actions as e

    with clock.frozen(T0 - dt.timedelta(days=2)):
        member = m.do_admit_member(_section(commune_), actor=op, full_name="Jules Vallès")
        election = e.do_call_election(
            commune_,
            actor=op,
            title="Test",
            section=_section(commune_),
            opens_at=T0,
            closes_at=T0 + dt.timedelta(hours=10),
        )
        e.do_file_candidacy(election, actor=op, person=member.person)
    return election


def _counted(commune_: Any, op: Any, user: Any) -> Any:
    """The election above, with Jules Vallès's own ballot for himself, counted."""
    from commune.elections import actions as e
    from commune.members.models import Person

    election = _election(commune_, op, user)
    Person.objects.filter(full_name="Jules Vallès").update(user=user)
    with clock.frozen(T0 + dt.timedelta(hours=1)):
        e.do_cast_ballot(election, actor=user, marks=["Jules Vallès"])
    with clock.frozen(T0 + dt.timedelta(days=1)):
        return e.do_settle_election(election)


def _with_station(commune_: Any, op: Any, user: Any) -> Any:
    """The election above with a polling station, closed (and waiting for its sheet)."""
    from commune.elections import actions as e

    election = _election(commune_, op, user)
    with clock.frozen(T0 - dt.timedelta(days=1)):
        station = e.do_add_polling_station(election, actor=op, name="Mairie")
    with clock.frozen(T0 + dt.timedelta(days=1)):
        e.do_settle_election(election)
    return station


def _with_sheet(commune_: Any, op: Any, user: Any) -> Any:
    """…with its sheet entered by the operator, to be confirmed by a second clerk (`user`)."""
    from commune.elections import actions as e

    station = _with_station(commune_, op, user)
    m.do_appoint_clerk(commune_, actor=op, user=user)
    with clock.frozen(T0 + dt.timedelta(days=1)):
        e.do_enter_count_sheet(
            station, actor=op, votes={"Jules Vallès": 1}, blank=0, spoilt=0, signatures=1
        )
    return station


def _election_and_member(commune_: Any, op: Any, user: Any) -> Any:
    election = _election(commune_, op, user)
    with clock.frozen(T0 - dt.timedelta(days=2)):
        m.do_admit_member(_section(commune_), actor=op, full_name="Eugène Pottier")
    return election


INVITATION_TOKEN = "a-token-for-the-journal-test-0123456789abcd"


def _member_with_email(commune_: Any, op: Any, user: Any) -> Membership:
    return m.do_admit_member(
        _section(commune_), actor=op, full_name="Jules Vallès", email="jules@example.org"
    )


def _invited(commune_: Any, op: Any, user: Any) -> str:
    """Jules Vallès invited to make his login; the token his email would carry."""
    from unittest import mock

    from commune.accounts import actions as a

    member = _member_with_email(commune_, op, user)
    with mock.patch.object(a.secrets, "token_urlsafe", return_value=INVITATION_TOKEN):
        a.do_invite_member(member.person, actor=op, site_url="http://testserver")
    return INVITATION_TOKEN


def _at(instant: dt.datetime, act: Callable[[], Any]) -> Any:
    with clock.frozen(instant):
        return act()


# action → (the kinds it must append, in order; what it needs first; the act itself)
SCENARIOS: dict[str, tuple[list[str], Setup, Act] | str] = {
    "commune.members.actions.communes.do_found_commune": (
        ["commune.founded"],
        _nothing,
        lambda _, c, op, u: m.do_found_commune(actor=op, slug="lyon", name="Lyon"),
    ),
    "commune.members.actions.communes.do_amend_constitution": (
        ["constitution.amended"],
        _nothing,
        lambda _, c, op, u: m.do_amend_constitution(
            c,
            actor=op,
            rules={"apportionment": {"method": "dhondt", "total_seats": 9}},
            reason="test",
        ),
    ),
    "commune.members.actions.sections.do_create_section": (
        ["section.created"],
        _nothing,
        lambda _, c, op, u: m.do_create_section(c, actor=op, number=50, name="Cinquante"),
    ),
    "commune.members.actions.sections.do_update_section_figures": (
        ["section.figures_changed"],
        _nothing,
        lambda _, c, op, u: m.do_update_section_figures(
            _section(c), actor=op, population=1, num_registered_declared=1, source="test"
        ),
    ),
    "commune.members.actions.sections.do_apportion_seats": (
        ["seats.apportioned"],
        _nothing,
        lambda _, c, op, u: m.do_apportion_seats(c, actor=op),
    ),
    "commune.members.actions.sections.do_create_sections": (
        ["section.created", "section.created"],
        _nothing,
        lambda _, c, op, u: m.do_create_sections(
            c, actor=op, rows=parse_section_csv("number,name\n60,Soixante\n61,Soixante-et-un\n")[0]
        ),
    ),
    "commune.members.actions.sections.do_rename_section": (
        ["section.renamed"],
        _nothing,
        lambda _, c, op, u: m.do_rename_section(_section(c), actor=op, name="Hôtel de Ville"),
    ),
    "commune.members.actions.sections.do_merge_sections": (
        ["section.merged"],
        _member,
        lambda _, c, op, u: m.do_merge_sections(
            _section(c), actor=op, into=Section.objects.get(commune=c, number=2)
        ),
    ),
    "commune.members.actions.rolls.do_admit_member": (
        ["roll.member_admitted"],
        _nothing,
        lambda _, c, op, u: _member(c, op, u),
    ),
    "commune.members.actions.rolls.do_import_members": (
        ["roll.imported"],
        _nothing,
        lambda _, c, op, u: m.do_import_members(
            c, actor=op, rows=parse_member_csv("name,section\nA,1\n")[0]
        ),
    ),
    "commune.members.actions.rolls.do_end_membership": (
        ["roll.member_left"],
        _member,
        lambda member, c, op, u: m.do_end_membership(member, actor=op),
    ),
    "commune.members.actions.rolls.do_move_member": (
        ["roll.member_left", "roll.member_admitted"],
        _member,
        lambda member, c, op, u: m.do_move_member(
            member, actor=op, section=Section.objects.get(commune=c, number=2)
        ),
    ),
    "commune.members.actions.officials.do_appoint_clerk": (
        ["clerk.appointed"],
        _nothing,
        lambda _, c, op, u: m.do_appoint_clerk(c, actor=op, user=u),
    ),
    "commune.members.actions.officials.do_dismiss_clerk": (
        ["clerk.dismissed"],
        lambda c, op, u: m.do_appoint_clerk(c, actor=op, user=u),
        lambda _, c, op, u: m.do_dismiss_clerk(c, actor=op, user=u),
    ),
    "commune.journal.actions.do_rotate_signing_key": (
        ["key.rotated"],
        _nothing,
        lambda _, c, op, u: journal_actions.do_rotate_signing_key(c, actor=op),
    ),
    "commune.members.actions.officials.do_create_login": "accounts are private, not public record",
    "commune.members.actions.officials.do_link_account": "accounts are private, not public record",
    "commune.elections.actions.lifecycle.do_call_election": (
        ["election.called"],
        _nothing,
        lambda _, c, op, u: _at(
            T0,
            lambda: __import__("commune.elections.actions", fromlist=["x"]).do_call_election(
                c,
                actor=op,
                title="T",
                opens_at=T0 + dt.timedelta(days=1),
                closes_at=T0 + dt.timedelta(days=2),
                options=["Yes", "No"],
            ),
        ),
    ),
    "commune.elections.actions.lifecycle.do_change_election_settings": (
        ["election.settings_changed"],
        _election,
        lambda e, c, op, u: _at(
            T0 - dt.timedelta(days=1),
            lambda: __import__(
                "commune.elections.actions", fromlist=["x"]
            ).do_change_election_settings(e, actor=op, title="Renamed"),
        ),
    ),
    "commune.elections.actions.lifecycle.do_cancel_election": (
        ["election.cancelled"],
        _election,
        lambda e, c, op, u: _at(
            T0 - dt.timedelta(days=1),
            lambda: __import__("commune.elections.actions", fromlist=["x"]).do_cancel_election(
                e, actor=op, reason="test"
            ),
        ),
    ),
    "commune.elections.actions.candidacies.do_file_candidacy": (
        ["candidacy.filed"],
        _election_and_member,
        lambda e, c, op, u: _at(
            T0 - dt.timedelta(days=1),
            lambda: __import__("commune.elections.actions", fromlist=["x"]).do_file_candidacy(
                e,
                actor=op,
                person=Person.objects.get(full_name="Eugène Pottier"),
            ),
        ),
    ),
    "commune.elections.actions.candidacies.do_withdraw_candidacy": (
        ["candidacy.withdrawn"],
        _election,
        lambda e, c, op, u: _at(
            T0 - dt.timedelta(days=1),
            lambda: __import__("commune.elections.actions", fromlist=["x"]).do_withdraw_candidacy(
                e.candidacies.get(), actor=op
            ),
        ),
    ),
    "commune.elections.actions.lifecycle.do_settle_election": (
        ["election.opened"],
        _election,
        lambda e, c, op, u: _at(
            T0 + dt.timedelta(hours=1),
            lambda: __import__("commune.elections.actions", fromlist=["x"]).do_settle_election(e),
        ),
    ),
    "commune.elections.actions.stations.do_add_polling_station": (
        ["station.added"],
        _election,
        lambda e, c, op, u: _at(
            T0 - dt.timedelta(days=1),
            lambda: __import__("commune.elections.actions", fromlist=["x"]).do_add_polling_station(
                e, actor=op, name="Mairie"
            ),
        ),
    ),
    "commune.elections.actions.stations.do_enter_count_sheet": (
        ["sheet.entered"],
        _with_station,
        lambda st, c, op, u: _at(
            T0 + dt.timedelta(days=1),
            lambda: __import__("commune.elections.actions", fromlist=["x"]).do_enter_count_sheet(
                st, actor=op, votes={}, blank=0, spoilt=0, signatures=0
            ),
        ),
    ),
    "commune.elections.actions.stations.do_confirm_count_sheet": (
        ["sheet.confirmed", "election.counted"],
        _with_sheet,
        lambda st, c, op, u: _at(
            T0 + dt.timedelta(days=1),
            lambda: __import__("commune.elections.actions", fromlist=["x"]).do_confirm_count_sheet(
                st, actor=u
            ),
        ),
    ),
    "commune.elections.actions.records.do_record_election": (
        ["election.recorded"],
        _nothing,
        lambda _, c, op, u: __import__(
            "commune.elections.actions", fromlist=["x"]
        ).do_record_election(
            c,
            actor=op,
            title="26 mars 1871",
            section=_section(c),
            seats=1,
            opened_at=dt.datetime(1871, 3, 26, 8, tzinfo=dt.UTC),
            closed_at=dt.datetime(1871, 3, 26, 18, tzinfo=dt.UTC),
            candidates=[],
            registered=None,
            voters=None,
            source="test",
        ),
    ),
    "commune.elections.actions.casting.do_cast_ballot": (
        "a secret ballot: who voted, and how, is not public record (counts are, at closing)"
    ),
    "commune.mandates.actions.do_certify_election": (
        ["election.certified", "mandate.began"],
        _counted,
        lambda e, c, op, u: _at(
            T0 + dt.timedelta(days=1),
            lambda: __import__("commune.mandates.actions", fromlist=["x"]).do_certify_election(
                e, actor=op
            ),
        ),
    ),
    "commune.journal.actions.do_sign_checkpoint": "signs the record's head; adds no act to it",
    "commune.accounts.actions.do_invite_member": (
        ["roll.member_invited"],
        _member_with_email,
        lambda member, c, op, u: __import__(
            "commune.accounts.actions", fromlist=["x"]
        ).do_invite_member(member.person, actor=op, site_url="http://testserver"),
    ),
    "commune.accounts.actions.do_accept_invitation": (
        ["roll.invitation_accepted"],
        _invited,
        lambda token, c, op, u: __import__(
            "commune.accounts.actions", fromlist=["x"]
        ).do_accept_invitation(token, username="jvalles", password="le cri du peuple 1871"),
    ),
    "commune.accounts.actions.do_claim_attempt": "sign-in counters are private, not record",
    "commune.accounts.actions.do_forget_attempts": "sign-in counters are private, not record",
    "commune.accounts.actions.do_sweep_expired": "sign-in counters are private, not record",
}


def all_actions() -> list[str]:
    found = []
    for module_info in pkgutil.walk_packages(commune.__path__, "commune."):
        # An app's actions: its `actions` module, or the modules of its `actions` package.
        if ".actions" not in module_info.name or module_info.name.split(".")[-1].startswith("_"):
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
    kinds, setup, act = SCENARIOS[action]
    prepared = setup(commune, operator, plain_user)
    last = JournalEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    act(prepared, commune, operator, plain_user)
    new = list(
        JournalEntry.objects.filter(pk__gt=last).order_by("pk").values_list("kind", flat=True)
    )
    assert new == kinds


@pytest.mark.parametrize(
    "action", [name for name, value in SCENARIOS.items() if not isinstance(value, str)]
)
def test_action_failing_after_its_write_leaves_neither(
    action, commune, operator, plain_user, monkeypatch
):
    """If the journal append fails, the action's change is rolled back with it."""
    from commune.journal import record

    _kinds, setup, act = SCENARIOS[action]
    prepared = setup(commune, operator, plain_user)
    before = _state()

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the journal failed after the act was written")

    monkeypatch.setattr(record, "append_entries", broken)
    with pytest.raises(RuntimeError):
        act(prepared, commune, operator, plain_user)
    assert _state() == before


def _state() -> dict[str, int]:
    """How many rows every table of the project holds."""
    from django.apps import apps

    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model.__module__.startswith("commune.")
    }
