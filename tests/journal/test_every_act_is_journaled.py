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
from django.contrib.auth import get_user_model

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
    "commune.mandates.actions.seating.do_certify_election": (
        ["body.created", "election.certified", "mandate.began"],
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


def _deliberating(commune_: Any, op: Any, user: Any) -> dict[str, Any]:
    """A council of two (`user` and another member), sitting, both present; a motion by
    `user`, a commission, and a division ready to open."""
    from commune.assemblies import actions as a

    council = a.do_ensure_council(commune_, actor=op)
    member = m.do_admit_member(_section(commune_), actor=op, full_name="Eugène Varlin").person
    Person.objects.filter(pk=member.pk).update(user=user)
    other = m.do_admit_member(_section(commune_), actor=op, full_name="Louise Michel").person
    other_user = get_user_model().objects.create_user("louise", password="x" * 20)
    Person.objects.filter(pk=other.pk).update(user=other_user)
    seat = a.do_take_seat(council, member, actor=op, origin="clerk")
    a.do_take_seat(council, other, actor=op, origin="clerk")
    sitting = a.do_open_sitting(
        a.do_convene_sitting(council, actor=op, scheduled_for=clock.now()), actor=op
    )
    a.do_record_attendance(sitting, [other], actor=op)
    motion = a.do_table_motion(council, actor=user, title="Rents", text="Rents are remitted.")
    commission = a.do_create_body(commune_, actor=op, kind="commission", name="Labour")
    return {
        "council": council,
        "member": member,
        "other": other,
        "other_user": other_user,
        "seat": seat,
        "sitting": sitting,
        "motion": motion,
        "commission": commission,
    }


def _convened(commune_: Any, op: Any, user: Any) -> dict[str, Any]:
    from commune.assemblies import actions as a

    ready = _deliberating(commune_, op, user)
    ready["convened"] = a.do_convene_sitting(
        ready["commission"], actor=op, scheduled_for=clock.now()
    )
    return ready


def _referred(commune_: Any, op: Any, user: Any) -> dict[str, Any]:
    from commune.assemblies import actions as a

    ready = _deliberating(commune_, op, user)
    a.do_refer_motion(ready["motion"], actor=op, commission=ready["commission"])
    return ready


def _dividing(commune_: Any, op: Any, user: Any) -> dict[str, Any]:
    from commune.assemblies import actions as a

    ready = _deliberating(commune_, op, user)
    a.do_record_attendance(ready["sitting"], [ready["member"]], actor=op)
    ready["division"] = a.do_open_division(ready["motion"], actor=op)
    return ready


def _secret_division(commune_: Any, op: Any, user: Any) -> dict[str, Any]:
    from commune.assemblies import actions as a

    ready = _deliberating(commune_, op, user)
    a.do_record_attendance(ready["sitting"], [ready["member"]], actor=op)
    ready["division"] = a.do_open_division(ready["motion"], actor=op, mode="secret")
    return ready


def _adopted(commune_: Any, op: Any, user: Any) -> dict[str, Any]:
    from commune.assemblies import actions as a

    ready = _dividing(commune_, op, user)
    a.do_cast_division_vote(ready["division"], actor=user, choice="yes")
    a.do_close_division(ready["division"], actor=op)
    ready["motion"].refresh_from_db()
    return ready


def _assemblies() -> Any:
    return __import__("commune.assemblies.actions", fromlist=["x"])


_A = "commune.assemblies.actions."
ASSEMBLY_SCENARIOS: dict[str, tuple[list[str], Setup, Act]] = {
    _A + "bodies.do_create_body": (
        ["body.created"],
        _nothing,
        lambda _, c, op, u: _assemblies().do_create_body(
            c, actor=op, kind="commission", name="Finances"
        ),
    ),
    _A + "bodies.do_ensure_council": (
        ["body.created"],
        _nothing,
        lambda _, c, op, u: _assemblies().do_ensure_council(c, actor=op),
    ),
    _A + "bodies.do_take_seat": (
        ["seat.taken"],
        _deliberating,
        lambda r, c, op, u: _assemblies().do_take_seat(
            r["commission"], r["member"], actor=op, origin="appointment"
        ),
    ),
    _A + "bodies.do_vacate_seat": (
        ["seat.vacated"],
        _deliberating,
        lambda r, c, op, u: _at(
            clock.now() + dt.timedelta(seconds=1),
            lambda: _assemblies().do_vacate_seat(r["seat"], actor=op),
        ),
    ),
    _A + "sittings.do_convene_sitting": (
        ["sitting.convened"],
        _deliberating,
        lambda r, c, op, u: _assemblies().do_convene_sitting(
            r["council"], actor=op, scheduled_for=clock.now(), agenda=["Rents"]
        ),
    ),
    _A + "sittings.do_open_sitting": (
        ["sitting.opened"],
        _convened,
        lambda r, c, op, u: _assemblies().do_open_sitting(r["convened"], actor=op),
    ),
    _A + "sittings.do_close_sitting": (
        ["sitting.closed"],
        _deliberating,
        lambda r, c, op, u: _assemblies().do_close_sitting(r["sitting"], actor=op),
    ),
    _A + "sittings.do_record_attendance": (
        ["attendance.recorded"],
        _deliberating,
        lambda r, c, op, u: _assemblies().do_record_attendance(
            r["sitting"], [r["member"]], actor=op
        ),
    ),
    _A + "sittings.do_declare_present": (
        ["attendance.recorded"],
        _deliberating,
        lambda r, c, op, u: _assemblies().do_declare_present(r["sitting"], actor=u),
    ),
    _A + "sittings.do_place_on_agenda": (
        ["agenda.item_added"],
        _deliberating,
        lambda r, c, op, u: _assemblies().do_place_on_agenda(
            r["sitting"], actor=op, motion=r["motion"]
        ),
    ),
    _A + "motions.do_table_motion": (
        ["motion.tabled"],
        _deliberating,
        lambda r, c, op, u: _assemblies().do_table_motion(
            r["council"], actor=u, title="Bakeries", text="No night work."
        ),
    ),
    _A + "motions.do_table_amendment": (
        ["motion.tabled"],
        _deliberating,
        lambda r, c, op, u: _assemblies().do_table_amendment(
            r["motion"], actor=u, operation="replace", target="Rents", text="All rents"
        ),
    ),
    _A + "motions.do_cosign_motion": (
        ["motion.cosigned"],
        _deliberating,
        lambda r, c, op, u: _assemblies().do_cosign_motion(r["motion"], actor=r["other_user"]),
    ),
    _A + "motions.do_withdraw_motion": (
        ["motion.withdrawn"],
        _deliberating,
        lambda r, c, op, u: _assemblies().do_withdraw_motion(r["motion"], actor=u),
    ),
    _A + "motions.do_refer_motion": (
        ["motion.referred"],
        _deliberating,
        lambda r, c, op, u: _assemblies().do_refer_motion(
            r["motion"], actor=op, commission=r["commission"]
        ),
    ),
    _A + "motions.do_report_on_motion": (
        ["motion.reported"],
        _referred,
        lambda r, c, op, u: _assemblies().do_report_on_motion(
            r["motion"], actor=op, report="Adopt it."
        ),
    ),
    _A + "divisions.do_open_division": (
        ["election.called", "election.opened", "division.opened"],
        _deliberating,
        lambda r, c, op, u: _assemblies().do_open_division(r["motion"], actor=op, mode="secret"),
    ),
    "commune.elections.actions.lifecycle.do_close_election_now": (
        ["election.closed", "election.counted"],
        _secret_division,
        lambda r, c, op, u: __import__(
            "commune.elections.actions", fromlist=["x"]
        ).do_close_election_now(r["division"].election, actor=op),
    ),
    _A + "divisions.do_cast_secret_vote": (
        "a secret ballot: who voted, and how, is not public record (counts are, at closing)"
    ),
    _A + "divisions.do_cast_division_vote": (
        ["division.vote_cast"],
        _dividing,
        lambda r, c, op, u: _assemblies().do_cast_division_vote(
            r["division"], actor=u, choice="yes"
        ),
    ),
    _A + "divisions.do_close_division": (
        ["division.closed"],
        _dividing,
        lambda r, c, op, u: _assemblies().do_close_division(r["division"], actor=op),
    ),
    _A + "decrees.do_promulgate_decree": (
        ["decree.promulgated"],
        _adopted,
        lambda r, c, op, u: _assemblies().do_promulgate_decree(r["motion"], actor=op),
    ),
    _A + "decrees.do_enter_decree_of_record": (
        ["motion.tabled", "decree.promulgated"],
        _deliberating,
        lambda r, c, op, u: _assemblies().do_enter_decree_of_record(
            r["council"],
            actor=op,
            title="Loyers",
            text="Rents remitted.",
            adopted_on=dt.datetime(1871, 3, 29, 12, tzinfo=dt.UTC),
            source="Archives de Paris",
        ),
    ),
}
SCENARIOS.update(ASSEMBLY_SCENARIOS)


def _commissions() -> Any:
    return __import__("commune.commissions.actions", fromlist=["x"])


def _referred_decree(commune_: Any, op: Any, user: Any) -> dict[str, Any]:
    """The decree of the motion above, referred to the commission, where `user` sits, with
    a task."""
    from commune.assemblies import actions as a

    ready = _adopted(commune_, op, user)
    ready["decree"] = a.do_promulgate_decree(ready["motion"], actor=op)
    a.do_take_seat(ready["commission"], ready["member"], actor=op, origin="appointment")
    ready["referral"] = _commissions().do_refer_decree(
        ready["decree"], actor=op, commission=ready["commission"]
    )
    ready["task"] = _commissions().do_create_task(
        ready["referral"],
        actor=user,
        title="Registers",
        responsible=ready["member"],
        due_on=dt.date(2030, 5, 1),
    )
    return ready


def _promulgated(commune_: Any, op: Any, user: Any) -> dict[str, Any]:
    from commune.assemblies import actions as a

    ready = _adopted(commune_, op, user)
    ready["decree"] = a.do_promulgate_decree(ready["motion"], actor=op)
    return ready


def _mandates() -> Any:
    return __import__("commune.mandates.actions", fromlist=["x"])


T2 = T0 + dt.timedelta(days=2)


def _seated(commune_: Any, op: Any, user: Any) -> dict[str, Any]:
    """Jules Vallès (`user`) elected and seated for section 1; nine other members there,
    one of whom (Louise) can sign in."""
    election = _counted(commune_, op, user)
    with clock.frozen(T0 + dt.timedelta(days=1)):
        (mandate,) = _mandates().do_certify_election(election, actor=op)
        for n in range(9):
            m.do_admit_member(_section(commune_), actor=op, full_name=f"Membre {n}")
    louise = get_user_model().objects.create_user("louise", password="x" * 20)
    Person.objects.filter(full_name="Membre 0").update(user=louise)
    return {"mandate": mandate, "section": _section(commune_), "louise": louise}


def _petition(commune_: Any, op: Any, user: Any) -> dict[str, Any]:
    ready = _seated(commune_, op, user)
    with clock.frozen(T2):
        ready["petition"] = _mandates().do_open_petition(
            ready["mandate"], actor=user, reason="Test."
        )
    return ready


def _motion_to_instruct(commune_: Any, op: Any, user: Any) -> dict[str, Any]:
    """A council motion, and section 1's general assembly (made on first need)."""
    from commune.assemblies import actions as a
    from commune.assemblies import queries as aq
    from commune.mandates.actions.instructions import ensure_assembly

    ready = _seated(commune_, op, user)
    with clock.frozen(T2):
        council = aq.get_council(commune_)
        ready["motion"] = a.do_table_motion(council, actor=user, title="Octroi", text="Raise.")
        ensure_assembly(ready["section"])
    return ready


def _departed(commune_: Any, op: Any, user: Any) -> dict[str, Any]:
    """Section 1 instructs its delegate to vote against a council motion; he votes for it."""
    from commune.assemblies import actions as a
    from commune.assemblies import queries as aq
    from commune.mandates.models import Fidelity

    ready = _seated(commune_, op, user)
    with clock.frozen(T2):
        council = aq.get_council(commune_)
        motion = a.do_table_motion(council, actor=user, title="Octroi", text="Raise it.")
        instruction = _mandates().do_propose_instruction(
            ready["section"], actor=user, motion=motion, vote="no"
        )
        for body, carried in ((instruction.carrier.body, instruction.carrier), (council, motion)):
            sitting = a.do_open_sitting(
                a.do_convene_sitting(body, actor=op, scheduled_for=clock.now()), actor=op
            )
            voters = [user] if body == council else [user, ready["louise"]]
            for voter in voters:
                a.do_declare_present(sitting, actor=voter)
            if body != council:
                a.do_record_attendance(
                    sitting, list(Person.objects.filter(full_name__startswith="Membre ")), actor=op
                )
            division = a.do_open_division(carried, actor=op)
            for voter in voters:
                a.do_cast_division_vote(division, actor=voter, choice="yes")
            a.do_close_division(division, actor=op)
    ready["fidelity"] = Fidelity.objects.get()
    return ready


_M = "commune.mandates.actions."
SCENARIOS.update(
    {
        _M + "ending.do_end_mandate": (
            ["mandate.ended"],
            _seated,
            lambda r, c, op, u: _at(
                T2, lambda: _mandates().do_end_mandate(r["mandate"], actor=op, reason="death")
            ),
        ),
        _M + "instructions.do_propose_instruction": (
            ["motion.tabled", "instruction.proposed"],
            _motion_to_instruct,
            lambda r, c, op, u: _at(
                T2,
                lambda: _mandates().do_propose_instruction(
                    r["section"], actor=u, motion=r["motion"], vote="no"
                ),
            ),
        ),
        _M + "instructions.do_explain_departure": (
            ["fidelity.explained"],
            _departed,
            lambda r, c, op, u: _mandates().do_explain_departure(
                r["fidelity"], actor=u, statement="Because."
            ),
        ),
        _M + "recall.do_open_petition": (
            ["recall.petition_opened", "recall.signed"],
            _seated,
            lambda r, c, op, u: _at(
                T2, lambda: _mandates().do_open_petition(r["mandate"], actor=u, reason="Test.")
            ),
        ),
        _M + "recall.do_sign_petition": (
            ["recall.signed", "election.called", "election.opened", "recall.threshold_reached"],
            _petition,
            lambda r, c, op, u: _at(
                T2, lambda: _mandates().do_sign_petition(r["petition"], actor=r["louise"])
            ),
        ),
        _M + "recall.do_withdraw_signature": (
            ["recall.signature_withdrawn"],
            _petition,
            lambda r, c, op, u: _at(
                T2, lambda: _mandates().do_withdraw_signature(r["petition"], actor=u)
            ),
        ),
        _M + "same_ballot.do_cast_recall_ballot": (
            "two secret ballots (the recall and its replacement): who voted, and how, is not "
            "public record (counts are, at closing)"
        ),
        _M + "recall.do_settle_petition": (
            ["recall.petition_ended"],
            _petition,
            lambda r, c, op, u: _at(
                r["petition"].closes_at, lambda: _mandates().do_settle_petition(r["petition"])
            ),
        ),
    }
)


def _same_ballot_threshold(commune_: Any, op: Any, user: Any) -> dict[str, Any]:
    """A petition against Jules Vallès one signature short, under a constitution that puts
    the replacement on the recall's ballot."""
    ready = _petition(commune_, op, user)
    with clock.frozen(T2):
        m.do_amend_constitution(
            commune_,
            actor=op,
            rules={"recall": {"replacement_on_same_ballot": True, "candidacy_days": 2}},
            reason="the replacement on the recall's ballot",
        )
    return ready


def test_the_same_ballot_journals_every_step(commune, operator, plain_user):
    """The threshold calls both votes and says they go together; the failed recall cancels
    the replacement and says why."""
    ready = _same_ballot_threshold(commune, operator, plain_user)
    last = JournalEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    with clock.frozen(T2):
        petition = _mandates().do_sign_petition(ready["petition"], actor=ready["louise"]).petition
    petition.refresh_from_db()
    with clock.frozen(petition.vote.closes_at + dt.timedelta(minutes=1)):
        _mandates().do_settle_petition(petition)
    new = list(
        JournalEntry.objects.filter(pk__gt=last).order_by("pk").values_list("kind", flat=True)
    )
    assert new == [
        "recall.signed",
        "election.called",  # the recall vote
        "election.called",  # the replacement
        "recall.replacement_called",
        "recall.threshold_reached",
        "election.opened",
        "election.closed",
        "election.counted",
        "recall.settled",  # kept: nobody voted
        "election.cancelled",  # the replacement, never opened
    ]


_C = "commune.commissions.actions."
SCENARIOS.update(
    {
        _C + "do_refer_decree": (
            ["decree.referred"],
            _promulgated,
            lambda r, c, op, u: _commissions().do_refer_decree(
                r["decree"], actor=op, commission=r["commission"]
            ),
        ),
        _C + "do_create_task": (
            ["task.created"],
            _referred_decree,
            lambda r, c, op, u: _commissions().do_create_task(
                r["referral"],
                actor=u,
                title="Posters",
                responsible=r["member"],
                due_on=dt.date(2030, 5, 2),
            ),
        ),
        _C + "do_move_task": (
            ["task.state_changed"],
            _referred_decree,
            lambda r, c, op, u: _commissions().do_move_task(r["task"], actor=u, state="done"),
        ),
        _C + "do_report_on_task": (
            ["task.reported"],
            _referred_decree,
            lambda r, c, op, u: _commissions().do_report_on_task(
                r["task"], actor=u, text="Done.", attachment=("a.txt", "text/plain", b"ok")
            ),
        ),
        _C + "do_report_to_council": (
            ["commission.reported"],
            _referred_decree,
            lambda r, c, op, u: _commissions().do_report_to_council(
                r["referral"], actor=u, text="Carried out."
            ),
        ),
    }
)


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
