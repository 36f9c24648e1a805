"""Signing's lean path: the member found in one statement, the count in one, the petition
kept a moment in memory, its state read again under its lock."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.election_fixtures import AFTER

from commune import clock
from commune.communes.models import Commune
from commune.mandates import access, queries
from commune.mandates import actions as m
from commune.mandates.errors import MandateEnded
from commune.mandates.models import Signature
from commune.members import actions as members
from commune.members.models import Person, Section

pytestmark = pytest.mark.django_db

T = AFTER + dt.timedelta(days=1)


def at(hours: float) -> dt.datetime:
    return T + dt.timedelta(hours=hours)


def test_the_member_is_found_with_their_name_or_not_at_all(commune, louvre, voters, operator):
    person = Person.objects.get(user=voters[3])
    found = queries.section_member(louvre, voters[3].pk)
    assert found is not None
    assert (found.pk, found.full_name, found.commune_id, found.user_id) == (
        person.pk,
        person.full_name,
        commune.pk,
        voters[3].pk,
    )
    assert found.email == person.email  # a deferred field, read when asked for
    bourse = Section.objects.get(commune=commune, number=2)
    assert queries.section_member(bourse, voters[3].pk) is None
    assert queries.section_member(louvre, None) is None
    with clock.frozen(at(1)):
        members.do_move_member(
            person.memberships.get(ended_at__isnull=True), actor=operator, section=bourse
        )
    assert queries.section_member(louvre, voters[3].pk) is None
    assert queries.section_member(bourse, voters[3].pk) is not None


def test_the_count_agrees_with_the_join_as_members_come_and_go(
    commune, louvre, voters, seated, operator
):
    bourse = Section.objects.get(commune=commune, number=2)
    with clock.frozen(at(1)):
        rules = {**commune.constitution, "recall": {"petition_threshold": "9/10"}}
        members.do_amend_constitution(commune, actor=operator, rules=rules, reason="Test.")
        commune.refresh_from_db()
        petition = m.do_open_petition(seated["Citoyen 0"], actor=voters[2], reason="Reason.")
    for n, user in enumerate(voters[3:9], start=2):
        with clock.frozen(at(n)):
            m.do_sign_petition(petition, actor=user)
    with clock.frozen(at(9)):
        m.do_withdraw_signature(petition, actor=voters[8])  # given and taken back
    moves = [(voters[3], bourse), (voters[4], bourse), (voters[4], louvre), (voters[5], bourse)]
    for n, (user, section) in enumerate(moves, start=10):
        with clock.frozen(at(n)):
            membership = Person.objects.get(user=user).memberships.get(ended_at__isnull=True)
            members.do_move_member(membership, actor=operator, section=section)
            assert queries.count_signatures(petition) == queries.valid_signatures(petition).count()
    assert queries.count_signatures(petition) == 4  # 6 signed; 3 and 5 left, 4 came back
    petition.refresh_from_db()
    live = Signature.objects.filter(petition=petition, withdrawn_at__isnull=True).count()
    assert petition.live_signatures == live == 6


def test_a_petition_against_a_mandate_ended_since_takes_no_signature(seated, voters, operator):
    delegate = seated["Citoyen 0"]
    with clock.frozen(at(1)):
        petition = m.do_open_petition(delegate, actor=voters[2], reason="Reason.")
    with clock.frozen(at(2)):
        m.do_end_mandate(delegate, actor=operator, reason="resignation")
        with pytest.raises(MandateEnded, match="has ended"):
            m.do_sign_petition(petition, actor=voters[3])
    assert Signature.objects.filter(petition=petition).count() == 1  # the opener's


def test_each_signer_gets_a_copy_of_the_kept_petition_with_the_commune_just_read(
    commune, seated, voters
):
    with clock.frozen(at(1)):
        petition = m.do_open_petition(seated["Citoyen 0"], actor=voters[2], reason="Reason.")
        first = access.access_petition_to_sign(voters[3], commune, petition.pk)  # kept now
        fresh = Commune.objects.get(pk=commune.pk)
        second = access.access_petition_to_sign(voters[4], fresh, petition.pk)
        third = access.access_petition_to_sign(voters[5], fresh, petition.pk)
    assert second is not third and second.mandate is not third.mandate
    assert second.mandate.commune is fresh
    second.state = "voting"
    assert third.state == "open" and first.state == "open"


def test_the_constitution_as_amended_since_the_petition_was_read_applies(
    commune, seated, voters, operator
):
    """Signatures made private after the signer's page was read: the signature is journaled
    without the signer's name (the constitution is read again under the petition's lock)."""
    from commune.journal.models import JournalEntry

    with clock.frozen(at(1)):
        petition = m.do_open_petition(seated["Citoyen 0"], actor=voters[2], reason="Reason.")
        rules = {**commune.constitution, "recall": {"public_signatures": False}}
        rules["recall"]["petition_threshold"] = "9/10"
        members.do_amend_constitution(commune, actor=operator, rules=rules, reason="Privacy.")
        m.do_sign_petition(petition, actor=voters[3])  # `petition` as read before the change
    entry = JournalEntry.objects.filter(kind="recall.signed").order_by("-pk").first()
    assert entry is not None and '"signer":null' in entry.data.replace(" ", "")


def test_the_member_is_looked_up_by_their_one_open_membership_not_by_the_section(
    commune, louvre, voters
):
    """Without statistics, SQLite took the (section, ended_at) index and walked the section's
    open memberships until the signer's: each signature cost more than the one before."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    person = Person.objects.get(user=voters[3])
    with CaptureQueriesContext(connection) as captured:
        queries.section_member(louvre, voters[3].pk)
        queries.is_section_member(louvre, person)
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL plans from its statistics")
    for _sql, plan in _plans(captured):
        assert "USING INDEX one_open_membership_per_commune" in plan, plan


def _plans(captured) -> list[tuple[str, str]]:
    """Each captured statement with SQLite's plan for it, the plan's steps joined by ' | '."""
    from django.db import connection

    plans = []
    for query in captured.captured_queries:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + query["sql"])
            plans.append((query["sql"], " | ".join(str(row[-1]) for row in cursor.fetchall())))
    return plans


def test_whether_one_who_left_is_back_is_asked_of_their_open_membership(
    commune, louvre, voters, seated, operator
):
    """Counting the signatures, whether a member who left the section since the petition
    opened is a member there again is read from their one open membership in the commune:
    without statistics SQLite walked the section's open memberships for each of them (50
    moves in a section of 100,000: 0.9 s, at every signature)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    bourse = Section.objects.get(commune=commune, number=2)
    with clock.frozen(at(1)):
        petition = m.do_open_petition(seated["Citoyen 0"], actor=voters[2], reason="Reason.")
    with clock.frozen(at(2)):
        membership = Person.objects.get(user=voters[3]).memberships.get(ended_at__isnull=True)
        members.do_move_member(membership, actor=operator, section=bourse)
    with CaptureQueriesContext(connection) as captured:
        assert queries.count_signatures(petition) == 1
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL plans from its statistics")
    (plan,) = [plan for sql, plan in _plans(captured) if "NOT EXISTS" in sql]
    assert "CORRELATED SCALAR SUBQUERY" in plan, plan
    inner = plan.split("CORRELATED SCALAR SUBQUERY")[1]
    assert "USING INDEX one_open_membership_per_commune" in inner, plan


def test_the_signers_names_are_read_from_the_signatures_not_from_the_section(
    commune, louvre, voters, seated
):
    """The names of the signers are read from the petition's signatures, each one's
    membership from their one open membership: without statistics SQLite drove the join
    from the section's open memberships (24 ms in a section of 100,000, for 3,000 signers),
    and the section page counted every petition's signatures, which nothing showed."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with clock.frozen(at(1)):
        petition = m.do_open_petition(seated["Citoyen 0"], actor=voters[2], reason="Reason.")
        m.do_sign_petition(petition, actor=voters[3])
    with CaptureQueriesContext(connection) as captured:
        assert queries.signer_names(petition) == ["Citoyen 2", "Citoyen 3"]
        assert [p.pk for p in queries.petitions_of_section(louvre)] == [petition.pk]
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL plans from its statistics")
    (names, listed) = _plans(captured)
    assert names[1].startswith("SEARCH mandates_signature"), names[1]
    assert "membership_section_left" not in names[1], names[1]
    assert "USING INDEX one_open_membership_per_commune" in names[1], names[1]
    assert "mandates_signature" not in listed[1], listed[1]
