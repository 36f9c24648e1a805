"""Revocable delegates in the API: mandates with their instructions and fidelity, recall
petitions signed through HTTP with a session. Each refusal has the status of its class and
changes nothing; the threshold-crossing signature answers with the recall vote open."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.conf import settings
from django.test import Client
from tests.election_fixtures import AFTER, DURING

from commune import clock
from commune.assemblies import actions as a
from commune.assemblies import queries as assembly_queries
from commune.elections import actions as e
from commune.elections.models import Election
from commune.journal.models import JournalEntry
from commune.mandates import actions as m
from commune.mandates import queries
from commune.mandates.models import Fidelity, Instruction, Mandate, RecallPetition, Signature
from commune.members import actions as members
from commune.members.models import Person, Section

pytestmark = pytest.mark.django_db

C = "/api/v1/communes/test-commune"
T = AFTER + dt.timedelta(days=1)


def at(hours: float) -> dt.datetime:
    return T + dt.timedelta(hours=hours)


@pytest.fixture(autouse=True)
def later(seated):
    """Requests not given an instant of their own are made a little after the delegates were
    seated and the acts the tests set up (at(1) … at(3)), well within a petition's thirty
    days."""
    with clock.frozen(at(10)):
        yield


def post(client: Client, url: str, data: dict | None = None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


def snapshot() -> tuple[object, ...]:
    """What a refused request must leave as it was."""
    return (
        JournalEntry.objects.count(),
        RecallPetition.objects.count(),
        list(Signature.objects.order_by("pk").values_list("pk", "withdrawn_at")),
        Instruction.objects.count(),
        list(Fidelity.objects.order_by("pk").values_list("statement", flat=True)),
        Election.objects.count(),
    )


@pytest.fixture
def seated(election, voters, operator):
    """The Louvre elects Citoyen 0 and Citoyen 1 (six and four votes), certified."""
    with clock.frozen(DURING):
        for n, user in enumerate(voters):
            e.do_cast_ballot(
                election,
                actor=user,
                marks=["Citoyen 0", "Citoyen 1"] if n < 6 else ["Citoyen 1", "Citoyen 2"],
            )
    with clock.frozen(AFTER):
        m.do_certify_election(e.do_settle_election(election), actor=operator)
    return {mm.person.full_name: mm for mm in Mandate.objects.filter(election=election)}


@pytest.fixture
def neighbour(commune, operator, django_user_model):
    """A member of the Bourse (section 2), signed in as `voisin`."""
    bourse = Section.objects.get(commune=commune, number=2)
    with clock.frozen(AFTER):
        membership = members.do_admit_member(bourse, actor=operator, full_name="Voisin")
    user = django_user_model.objects.create_user("voisin", password="x" * 20)
    Person.objects.filter(pk=membership.person_id).update(user=user)
    return user


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _adopt(body, motion, users, operator, when):
    """`body` sits at `when`, the `users` are present and all vote for `motion`."""
    with clock.frozen(when):
        sitting = a.do_open_sitting(
            a.do_convene_sitting(body, actor=operator, scheduled_for=when), actor=operator
        )
        for user in users:
            a.do_declare_present(sitting, actor=user)
        division = a.do_open_division(motion, actor=operator)
        for user in users:
            a.do_cast_division_vote(division, actor=user, choice="yes")
        a.do_close_division(division, actor=operator)
        a.do_close_sitting(sitting, actor=operator)


@pytest.fixture
def departed(commune, louvre, voters, seated, operator):
    """The Louvre instructs its delegates to vote against a council motion; Citoyen 0 votes
    for it (a departure), Citoyen 1 is absent."""
    delegate = seated["Citoyen 0"]
    council = assembly_queries.get_council(commune)
    with clock.frozen(at(1)):
        motion = a.do_table_motion(
            council, actor=seated["Citoyen 1"].person.user, title="Octroi", text="Raised."
        )
        instruction = m.do_propose_instruction(louvre, actor=voters[5], motion=motion, vote="no")
    _adopt(queries.section_assembly(louvre), instruction.carrier, voters[2:9], operator, at(2))
    with clock.frozen(at(3)):
        sitting = a.do_open_sitting(
            a.do_convene_sitting(council, actor=operator, scheduled_for=at(3)), actor=operator
        )
        a.do_declare_present(sitting, actor=delegate.person.user)
        division = a.do_open_division(motion, actor=operator)
        a.do_cast_division_vote(division, actor=delegate.person.user, choice="yes")
        a.do_close_division(division, actor=operator)
    return instruction


# ── Reads ─────────────────────────────────────────────────────────────────────────────────


def test_the_delegates_of_the_commune(client, commune, seated, operator):
    first, second = seated["Citoyen 0"], seated["Citoyen 1"]
    listed = client.get(f"{C}/mandates?current=true")
    assert listed.status_code == 200 and listed["X-Total-Count"] == "2"
    assert listed.json()["mandates"] == [
        {
            "id": first.pk,
            "delegate": "Citoyen 0",
            "person": first.person_id,
            "section": 1,
            "started_at": first.started_at.isoformat().replace("+00:00", "Z"),
            "ended_at": None,
            "end_reason": None,
            "petition": None,
        },
        {
            "id": second.pk,
            "delegate": "Citoyen 1",
            "person": second.person_id,
            "section": 1,
            "started_at": second.started_at.isoformat().replace("+00:00", "Z"),
            "ended_at": None,
            "end_reason": None,
            "petition": None,
        },
    ]
    with clock.frozen(at(1)):
        m.do_end_mandate(second, actor=operator, reason="resignation")
    assert [x["delegate"] for x in client.get(f"{C}/mandates").json()["mandates"]] == ["Citoyen 0"]
    every = client.get(f"{C}/mandates?current=false&limit=1&offset=1")
    assert every["X-Total-Count"] == "2"
    assert [(x["delegate"], x["end_reason"]) for x in every.json()["mandates"]] == [
        ("Citoyen 1", "resignation")
    ]
    assert client.get(f"{C}/mandates?limit=5000").status_code == 400
    assert client.get(f"{C}/mandates/999999").status_code == 404
    assert client.get("/api/v1/communes/nowhere/mandates").status_code == 404


def test_a_mandate_with_its_instructions_and_fidelity(client, seated, departed):
    delegate, other = seated["Citoyen 0"], seated["Citoyen 1"]
    body = client.get(f"{C}/mandates/{delegate.pk}").json()
    assert body["delegate"] == "Citoyen 0" and body["petition"] is None
    (instruction,) = body["instructions"]
    assert instruction | {"created_at": None} == {
        "id": departed.pk,
        "section": 1,
        "motion": {"number": 1, "title": "Octroi"},
        "vote": "no",
        "text": "",
        "assembly": departed.carrier.body_id,
        "carrier": departed.carrier.number,
        "state": "adopted",
        "binds": True,
        "created_at": None,
    }
    (record,) = body["fidelity"]
    assert (record["motion"], record["instructed"], record["vote"], record["verdict"]) == (
        {"number": 1, "title": "Octroi"},
        "no",
        "yes",
        "departed",
    )
    assert record["statement"] == "" and record["statement_at"] is None
    assert body["fidelity_summary"] == {"followed": 0, "departed": 1, "absent": 0, "share": 0.0}
    absent = client.get(f"{C}/mandates/{other.pk}").json()
    assert [(f["vote"], f["verdict"]) for f in absent["fidelity"]] == [(None, "absent")]


def test_the_delegate_explains_a_departure(client, seated, departed, voters):
    delegate, other = seated["Citoyen 0"], seated["Citoyen 1"]
    record = Fidelity.objects.get(mandate=delegate)
    url = f"{C}/fidelity/{record.pk}/statement"
    before = snapshot()
    assert post(client, url, {"statement": "x"}).status_code == 401
    client.force_login(voters[5])  # not the delegate
    refused = post(client, url, {"statement": "I speak for him."})
    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
    client.force_login(other.person.user)
    absent = Fidelity.objects.get(mandate=other)
    wrong = post(client, f"{C}/fidelity/{absent.pk}/statement", {"statement": "I was ill."})
    assert wrong.status_code == 400 and "departure" in wrong.json()["message"]
    assert post(client, f"{C}/fidelity/999999/statement", {"statement": "x"}).status_code == 404
    client.force_login(delegate.person.user)
    assert post(client, url, {"statement": ""}).status_code == 400
    assert snapshot() == before
    explained = post(client, url, {"statement": "New facts came to light."})
    assert explained.status_code == 200, explained.content
    assert explained.json()["statement"] == "New facts came to light."
    assert explained.json()["verdict"] == "departed"
    shown = client.get(f"{C}/mandates/{delegate.pk}").json()["fidelity"][0]
    assert shown["statement"] == "New facts came to light." and shown["statement_at"]
    assert JournalEntry.objects.order_by("-pk").first().kind == "fidelity.explained"


# ── A petition from its opening to the recall vote ────────────────────────────────────────


def test_a_petition_through_http_to_its_recall_vote(client, seated, voters):
    delegate = seated["Citoyen 0"]
    opener = signed_in(voters[7])
    opened = post(opener, f"{C}/mandates/{delegate.pk}/petitions", {"reason": "He departed."})
    assert opened.status_code == 201, opened.content
    petition = opened.json()
    assert petition | {"id": 0, "opened_at": None, "closes_at": None} == {
        "id": 0,
        "mandate": delegate.pk,
        "delegate": "Citoyen 0",
        "section": 1,
        "reason": "He departed.",
        "opened_by": "Citoyen 7",
        "opened_at": None,
        "closes_at": None,
        "registered": 10,
        "threshold": 2,  # one fifth of ten
        "signatures": 1,  # the opener signs it
        "state": "open",
        "threshold_reached_at": None,
        "vote": None,
        "by_election": None,
        "same_ballot": False,
        "settled_at": None,
        "signers": ["Citoyen 7"],
    }
    pid = petition["id"]
    listed = client.get(f"{C}/mandates").json()["mandates"]
    assert [x["petition"] for x in listed] == [pid, None]

    before = snapshot()
    again = post(signed_in(voters[8]), f"{C}/mandates/{delegate.pk}/petitions", {"reason": "x"})
    assert again.status_code == 409 and again.json()["code"] == "petition_already_open"
    assert snapshot() == before

    signed = post(signed_in(voters[8]), f"{C}/petitions/{pid}/signatures")
    assert signed.status_code == 201, signed.content
    answer = signed.json()
    assert (answer["petition"], answer["signatures"], answer["threshold"]) == (pid, 2, 2)
    assert answer["state"] == "voting" and answer["vote"] is not None  # in the same request
    vote = Election.objects.get(pk=answer["vote"])
    assert vote.status == "open" and vote.num_registered == 10 and vote.section_id is not None
    assert client.get(f"/api/v1/elections/{vote.pk}").json()["state"] == "open"
    detail = client.get(f"{C}/petitions/{pid}").json()
    assert (detail["state"], detail["vote"], detail["signers"]) == (
        "voting",
        vote.pk,
        ["Citoyen 7", "Citoyen 8"],
    )
    assert detail["threshold_reached_at"] is not None
    # The petition no longer takes signatures, nor gives them back.
    before = snapshot()
    late = post(signed_in(voters[9]), f"{C}/petitions/{pid}/signatures")
    assert late.status_code == 409 and late.json()["code"] == "petition_closed"
    back = signed_in(voters[8]).delete(f"{C}/petitions/{pid}/signatures")
    assert back.status_code == 409 and back.json()["code"] == "petition_closed"
    assert snapshot() == before


def test_the_recall_settles_on_read_once_its_vote_is_over(client, seated, voters):
    delegate = seated["Citoyen 1"]
    with clock.frozen(at(1)):
        petition = m.do_open_petition(delegate, actor=voters[0], reason="Reason.")
        m.do_sign_petition(petition, actor=voters[1])
    petition.refresh_from_db()
    with clock.frozen(at(2)):
        for n, user in enumerate(voters):
            e.do_cast_ballot(petition.vote, actor=user, marks=["Recall"] if n < 7 else ["Keep"])
    with clock.frozen(petition.vote.closes_at + dt.timedelta(minutes=1)):
        listed = client.get(f"{C}/petitions?state=recalled")
        assert listed["X-Total-Count"] == "1"  # counted, and settled, as it was read
        body = listed.json()["petitions"][0]
        assert body["state"] == "recalled" and body["by_election"] is not None
        mandates = client.get(f"{C}/mandates?current=false").json()["mandates"]
    assert {(x["delegate"], x["end_reason"]) for x in mandates} == {
        ("Citoyen 0", None),
        ("Citoyen 1", "recall"),
    }


def test_the_replacement_on_the_same_ballot_is_shown_with_the_petition(
    client, commune, seated, voters, operator
):
    """With `recall.replacement_on_same_ballot`, the threshold signature answers with both
    drafts, and the petition names its replacement; a kept delegate cancels it on read."""
    with clock.frozen(at(0)):
        members.do_amend_constitution(
            commune,
            actor=operator,
            rules={"recall": {"replacement_on_same_ballot": True}},
            reason="the replacement on the recall's ballot",
        )
    delegate = seated["Citoyen 0"]
    with clock.frozen(at(1)):
        petition = m.do_open_petition(delegate, actor=voters[7], reason="He departed.")
        answer = post(signed_in(voters[8]), f"{C}/petitions/{petition.pk}/signatures").json()
        assert answer["state"] == "voting" and answer["by_election"] is not None
        vote, replacement = (Election.objects.get(pk=answer[k]) for k in ("vote", "by_election"))
        assert vote.status == replacement.status == "draft"
        detail = client.get(f"{C}/petitions/{petition.pk}").json()
        assert (detail["same_ballot"], detail["by_election"]) == (True, replacement.pk)
    with clock.frozen(vote.closes_at + dt.timedelta(minutes=1)):
        body = client.get(f"{C}/petitions/{petition.pk}").json()
    assert body["state"] == "kept" and body["by_election"] == replacement.pk  # nobody voted
    assert Election.objects.get(pk=replacement.pk).status == "cancelled"


def test_petitions_are_paged_filtered_and_expire_on_read(client, seated, voters):
    with clock.frozen(at(1)):
        first = m.do_open_petition(seated["Citoyen 0"], actor=voters[2], reason="One.")
    with clock.frozen(at(2)):
        second = m.do_open_petition(seated["Citoyen 1"], actor=voters[3], reason="Two.")
    with clock.frozen(at(3)):
        page = client.get(f"{C}/petitions?limit=1")
        assert page["X-Total-Count"] == "2"
        assert [p["id"] for p in page.json()["petitions"]] == [second.pk]
        rest = client.get(f"{C}/petitions?limit=1&offset=1").json()["petitions"]
        assert [(p["id"], p["signatures"]) for p in rest] == [(first.pk, 1)]
        assert client.get(f"{C}/petitions?state=open")["X-Total-Count"] == "2"
        assert client.get(f"{C}/petitions?state=lost").status_code == 400
        assert client.get(f"{C}/petitions/999999").status_code == 404
    with clock.frozen(first.closes_at + dt.timedelta(seconds=1)):
        assert client.get(f"{C}/petitions/{first.pk}").json()["state"] == "expired"
        assert client.get(f"{C}/petitions?state=open")["X-Total-Count"] == "1"
        assert JournalEntry.objects.filter(kind="recall.petition_ended").count() == 1
        before = snapshot()
        refused = post(signed_in(voters[5]), f"{C}/petitions/{first.pk}/signatures")
        assert refused.status_code == 409 and refused.json()["code"] == "petition_closed"
        assert snapshot() == before
        # The place is free again: a new petition against the same delegate opens.
        anew = post(
            signed_in(voters[5]),
            f"{C}/mandates/{seated['Citoyen 0'].pk}/petitions",
            {"reason": "Again."},
        )
        assert anew.status_code == 201, anew.content


def test_a_petition_expired_unread_leaves_the_place_to_a_new_one(client, seated, voters):
    """Nobody read the petition after it expired: opening another one settles it first."""
    with clock.frozen(at(1)):
        first = m.do_open_petition(seated["Citoyen 0"], actor=voters[2], reason="One.")
    with clock.frozen(first.closes_at + dt.timedelta(hours=1)):
        url = f"{C}/mandates/{seated['Citoyen 0'].pk}/petitions"
        anew = post(signed_in(voters[5]), url, {"reason": "Again."})
    assert anew.status_code == 201, anew.content
    first.refresh_from_db()
    assert first.state == "expired"


def test_signatures_withdrawn_and_signed_once(client, seated, voters):
    with clock.frozen(at(1)):
        petition = m.do_open_petition(seated["Citoyen 0"], actor=voters[2], reason="One.")
    url = f"{C}/petitions/{petition.pk}/signatures"
    with clock.frozen(at(2)):
        # A larger section would not close at two: lift the threshold by hand for the test.
        RecallPetition.objects.filter(pk=petition.pk).update(threshold=5)
        signer = signed_in(voters[4])
        assert post(signer, url).json()["signatures"] == 2
        before = snapshot()
        twice = post(signer, url)
        assert twice.status_code == 409 and twice.json()["code"] == "already_signed"
        assert snapshot() == before
        withdrawn = signer.delete(url)
        assert withdrawn.status_code == 200
        assert withdrawn.json() | {"petition": 0} == {
            "petition": 0,
            "signatures": 1,
            "threshold": 5,
            "state": "open",
            "vote": None,
            "by_election": None,
        }
        before = snapshot()
        assert signer.delete(url).status_code == 409  # nothing left to withdraw
        assert snapshot() == before
        assert post(signer, url).status_code == 201  # and may sign again


def test_refusals_change_nothing(client, commune, seated, voters, neighbour, plain_user):
    delegate = seated["Citoyen 0"]
    with clock.frozen(at(1)):
        petition = m.do_open_petition(delegate, actor=voters[2], reason="One.")
        RecallPetition.objects.filter(pk=petition.pk).update(threshold=5)
        m.do_sign_petition(petition, actor=voters[3])
    open_url = f"{C}/mandates/{delegate.pk}/petitions"
    sign_url = f"{C}/petitions/{petition.pk}/signatures"
    before = snapshot()
    # Signed out.
    assert post(client, open_url, {"reason": "x"}).status_code == 401
    assert post(client, sign_url).status_code == 401
    assert client.delete(sign_url).status_code == 401
    assert post(client, f"{C}/sections/1/instructions", {"motion": 1}).status_code == 401
    # A member of another section.
    other = signed_in(neighbour)
    for response in (post(other, open_url, {"reason": "x"}), post(other, sign_url)):
        assert response.status_code == 403 and response.json()["code"] == "not_of_section"
    # Signed in, but a member of no section of the commune.
    stranger = signed_in(plain_user)
    for response in (post(stranger, open_url, {"reason": "x"}), post(stranger, sign_url)):
        assert response.status_code == 403 and response.json()["code"] == "not_of_section"
    # Missing things, bad bodies.
    member = signed_in(voters[5])
    assert post(member, f"{C}/mandates/999999/petitions", {"reason": "x"}).status_code == 404
    assert post(member, f"{C}/petitions/999999/signatures").status_code == 404
    assert post(member, open_url, {"reason": ""}).status_code == 400
    extra = post(member, open_url, {"reason": "x", "threshold": 1})
    assert extra.status_code == 400 and "threshold" in extra.json()["message"]
    assert snapshot() == before


def test_a_member_who_moved_away_is_refused_and_loses_the_signature(
    client, commune, seated, voters, operator
):
    with clock.frozen(at(1)):
        petition = m.do_open_petition(seated["Citoyen 0"], actor=voters[2], reason="One.")
        RecallPetition.objects.filter(pk=petition.pk).update(threshold=5)
        m.do_sign_petition(petition, actor=voters[3])
    assert client.get(f"{C}/petitions/{petition.pk}").json()["signatures"] == 2
    mover = Person.objects.get(user=voters[3]).memberships.get(ended_at__isnull=True)
    with clock.frozen(at(2)):
        members.do_move_member(
            mover, actor=operator, section=Section.objects.get(commune=commune, number=2)
        )
    body = client.get(f"{C}/petitions/{petition.pk}").json()
    assert body["signatures"] == 1 and body["signers"] == ["Citoyen 2"]
    before = snapshot()
    moved = signed_in(voters[3])
    with clock.frozen(at(3)):
        refused = post(moved, f"{C}/petitions/{petition.pk}/signatures")
        assert refused.status_code == 403 and refused.json()["code"] == "not_of_section"
        opened = post(moved, f"{C}/mandates/{seated['Citoyen 1'].pk}/petitions", {"reason": "x"})
        assert opened.status_code == 403
    assert snapshot() == before


def test_an_ended_mandate_takes_no_petition(client, seated, voters, operator):
    delegate = seated["Citoyen 0"]
    with clock.frozen(at(1)):
        m.do_end_mandate(delegate, actor=operator, reason="resignation")
    before = snapshot()
    with clock.frozen(at(2)):
        refused = post(
            signed_in(voters[4]), f"{C}/mandates/{delegate.pk}/petitions", {"reason": "Late."}
        )
    assert refused.status_code == 409 and refused.json()["code"] == "mandate_ended"
    assert snapshot() == before


def test_signers_are_named_only_where_the_constitution_says(
    client, commune, seated, voters, operator
):
    rules = {**commune.constitution, "recall": {**commune.constitution["recall"]}}
    rules["recall"]["public_signatures"] = False
    members.do_amend_constitution(commune, actor=operator, rules=rules, reason="Secret signatures.")
    with clock.frozen(at(1)):
        petition = m.do_open_petition(seated["Citoyen 0"], actor=voters[2], reason="One.")
    body = client.get(f"{C}/petitions/{petition.pk}").json()
    assert body["signatures"] == 1 and body["signers"] is None
    entry = JournalEntry.objects.filter(kind="recall.signed").order_by("-pk").first()
    assert "Citoyen 2" not in entry.data  # nor in the journal


def test_writes_need_the_csrf_token(seated, voters):
    with clock.frozen(at(1)):
        petition = m.do_open_petition(seated["Citoyen 0"], actor=voters[2], reason="One.")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(voters[4])
    url = f"{C}/petitions/{petition.pk}/signatures"
    before = snapshot()
    assert post(strict, url).status_code == 403
    assert strict.delete(url).status_code == 403
    opened = post(strict, f"{C}/mandates/{seated['Citoyen 1'].pk}/petitions", {"reason": "x"})
    assert opened.status_code == 403
    assert (
        post(strict, f"{C}/sections/1/instructions", {"motion": 1, "vote": "no"}).status_code == 403
    )
    assert snapshot() == before
    token = "a" * 32
    strict.cookies[settings.CSRF_COOKIE_NAME] = token
    with clock.frozen(at(2)):
        signed = strict.post(
            url, "{}", content_type="application/json", headers={"X-CSRFToken": token}
        )
    assert signed.status_code == 201 and signed.json()["state"] == "voting"


# ── Instructions ──────────────────────────────────────────────────────────────────────────


def test_a_member_proposes_an_instruction(client, commune, seated, voters, neighbour):
    council = assembly_queries.get_council(commune)
    with clock.frozen(at(1)):
        motion = a.do_table_motion(
            council, actor=seated["Citoyen 1"].person.user, title="Octroi", text="Raised."
        )
    url = f"{C}/sections/1/instructions"
    member = signed_in(voters[5])
    before = snapshot()
    missing = post(member, url, {"motion": 99, "vote": "no"})
    assert missing.status_code == 400 and "99" in missing.json()["message"]
    assert post(member, url, {"motion": motion.number, "vote": "maybe"}).status_code == 400
    assert post(member, url, {"motion": motion.number}).status_code == 400  # says nothing
    assert post(member, f"{C}/sections/99/instructions", {"motion": 1}).status_code == 404
    other = post(signed_in(neighbour), url, {"motion": motion.number, "vote": "no"})
    assert other.status_code == 403 and other.json()["code"] == "not_of_section"
    assert snapshot() == before
    with clock.frozen(at(2)):
        made = post(member, url, {"motion": motion.number, "vote": "no", "text": "Never."})
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["section"], body["motion"], body["vote"], body["text"]) == (
        1,
        {"number": motion.number, "title": "Octroi"},
        "no",
        "Never.",
    )
    assert body["state"] == "tabled" and body["binds"] is False  # until the assembly adopts it
    words = post(member, url, {"motion": motion.number, "text": "Speak against the octroi."})
    assert words.status_code == 201 and words.json()["vote"] is None
    shown = client.get(f"{C}/mandates/{seated['Citoyen 0'].pk}").json()["instructions"]
    assert [i["id"] for i in shown] == [words.json()["id"], body["id"]]


def test_the_openapi_schema_has_the_mandates(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in [
        "/api/v1/communes/{slug}/mandates",
        "/api/v1/communes/{slug}/mandates/{mandate_id}",
        "/api/v1/communes/{slug}/mandates/{mandate_id}/petitions",
        "/api/v1/communes/{slug}/petitions",
        "/api/v1/communes/{slug}/petitions/{petition_id}",
        "/api/v1/communes/{slug}/petitions/{petition_id}/signatures",
        "/api/v1/communes/{slug}/sections/{number}/instructions",
        "/api/v1/communes/{slug}/fidelity/{fidelity_id}/statement",
    ]:
        assert path in paths, path
    signing = paths["/api/v1/communes/{slug}/petitions/{petition_id}/signatures"]
    assert {"post", "delete"} <= set(signing)
    assert {"201", "401", "403", "404", "409"} <= set(signing["post"]["responses"])
