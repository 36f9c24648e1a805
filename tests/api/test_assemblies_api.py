"""The assemblies' API: the public record of the council's work, and acting in it through
HTTP with a session. Each refusal has the status of its class and changes nothing."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.conf import settings
from django.test import Client
from tests.assembly_fixtures import present

from commune import clock
from commune.assemblies import actions as a
from commune.assemblies.models import Decree, Division, DivisionVote, Motion, Sitting
from commune.journal.models import JournalEntry
from commune.members.models import Person, Section

pytestmark = pytest.mark.django_db

C = "/api/v1/communes/test-commune"


def post(client: Client, url: str, data: dict | None = None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


def body_url(body) -> str:
    return f"{C}/bodies/{body.pk}"


def person(user) -> Person:
    return Person.objects.get(user=user)


def adopt(motion, delegates, sitting, operator) -> Division:
    """The council adopts `motion` (three of five for it) through the actions."""
    present(sitting, delegates[:3], operator)
    division = a.do_open_division(motion, actor=operator)
    for user in delegates[:3]:
        a.do_cast_division_vote(division, actor=user, choice="yes")
    return a.do_close_division(division, actor=operator)


def snapshot() -> tuple[int, ...]:
    """What a refused request must leave as it was."""
    return (
        JournalEntry.objects.count(),
        Motion.objects.count(),
        DivisionVote.objects.count(),
        Division.objects.count(),
        Sitting.objects.count(),
        Decree.objects.count(),
    )


# ── Reads ─────────────────────────────────────────────────────────────────────────────────


def test_bodies_with_their_members(client, commune, council, operator):
    louvre = Section.objects.get(commune=commune, number=1)
    works = a.do_create_body(
        commune, actor=operator, kind="commission", name="Travail", competence="Labour"
    )
    a.do_create_body(commune, actor=operator, kind="assembly", name="Louvre", section=louvre)
    bodies = client.get(f"{C}/bodies").json()
    assert [(b["kind"], b["name"], b["num_members"], b["section"]) for b in bodies] == [
        ("council", "Council of the Commune", 5, None),
        ("commission", "Travail", 0, None),
        ("assembly", "Louvre", 5, 1),
    ]
    one = client.get(body_url(council)).json()
    assert one["num_members"] == 5 and one["current_sitting"] is None
    assert one["members"][0] | {"since": None} == {
        "name": "Délégué 0",
        "origin": "clerk",
        "since": None,
    }
    assembly = client.get(f"{C}/bodies/{bodies[2]['id']}").json()
    assert assembly["num_members"] == 5 and assembly["members"] == []  # the roll is not published
    assert client.get(f"{C}/bodies/{works.pk}").json()["competence"] == "Labour"
    missing = client.get(f"{C}/bodies/999999")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    assert client.get("/api/v1/communes/nowhere/bodies").status_code == 404


def test_motions_are_paged_and_filtered(client, council, delegates, motion):
    for n in range(2):
        a.do_table_motion(council, actor=delegates[1], title=f"Other {n}", text="Text.")
    a.do_withdraw_motion(motion, actor=delegates[0])
    page = client.get(f"{body_url(council)}/motions?limit=2")
    assert page["X-Total-Count"] == "3"
    assert [m["number"] for m in page.json()["motions"]] == [3, 2]
    rest = client.get(f"{body_url(council)}/motions?limit=2&offset=2").json()["motions"]
    assert [(m["number"], m["state"], m["proposer"]) for m in rest] == [
        (1, "withdrawn", "Délégué 0")
    ]
    withdrawn = client.get(f"{body_url(council)}/motions?state=withdrawn")
    assert withdrawn["X-Total-Count"] == "1"
    assert client.get(f"{body_url(council)}/motions?state=lost").status_code == 400
    too_many = client.get(f"{body_url(council)}/motions?limit=5000")
    assert too_many.status_code == 400 and "limit" in too_many.json()["message"]
    assert client.get(f"{body_url(council)}/motions/99").status_code == 404


def test_a_motion_shows_its_amendments_the_difference_and_its_divisions(
    client, council, delegates, sitting, motion, operator
):
    first = a.do_table_amendment(
        motion, actor=delegates[1], operation="replace", target="October", text="October and May"
    )
    a.do_table_amendment(motion, actor=delegates[2], operation="insert", text="Art. 3.", position=2)
    adopt(first, delegates, sitting, operator)
    body = client.get(f"{body_url(council)}/motions/{motion.number}").json()
    assert body["text"].startswith("Rents due for October are")
    assert body["current_text"].startswith("Rents due for October and May are")
    assert body["diff"] == [
        {"kind": "same", "text": "Rents due for October"},
        {"kind": "added", "text": " and May"},
        {"kind": "same", "text": " are remitted.\n\nLeases may be renewed by the tenant."},
    ]
    assert [(x["number"], x["operation"], x["state"], x["stale"]) for x in body["amendments"]] == [
        (2, "replace", "adopted", False),
        (3, "insert", "tabled", True),  # the text changed under it
    ]
    assert body["amendments"][0]["target"] == "October"
    assert body["divisions"] == []  # the amendment's division is the amendment's
    amendment = client.get(f"{body_url(council)}/motions/2").json()
    assert amendment["amends"] == 1
    assert [(d["outcome"], d["yes"], d["is_open"]) for d in amendment["divisions"]] == [
        ("adopted", 3, False)
    ]


def test_sittings_and_a_division_as_a_live_page_polls_it(
    client, council, delegates, sitting, motion, operator, django_assert_max_num_queries
):
    a.do_place_on_agenda(sitting, actor=operator, motion=motion)
    present(sitting, delegates[:3], operator)
    division = a.do_open_division(motion, actor=operator)
    a.do_cast_division_vote(division, actor=delegates[0], choice="yes")
    a.do_cast_division_vote(division, actor=delegates[3], choice="no")  # voting marks present
    listing = client.get(f"{body_url(council)}/sittings")
    assert listing["X-Total-Count"] == "1"
    assert [(s["number"], s["state"], s["num_present"]) for s in listing.json()["sittings"]] == [
        (1, "open", 4)
    ]
    one = client.get(f"{body_url(council)}/sittings/1").json()
    assert one["agenda"] == [{"position": 1, "title": "Rents", "motion": 1}]
    assert one["present"] == ["Délégué 0", "Délégué 1", "Délégué 2", "Délégué 3"]
    assert [d["id"] for d in one["divisions"]] == [division.pk]
    with django_assert_max_num_queries(6):
        live = client.get(f"{body_url(council)}/divisions/{division.pk}").json()
    assert (live["is_open"], live["yes"], live["no"], live["present"], live["outcome"]) == (
        True,
        1,
        1,
        4,
        None,
    )
    assert live["roll_call"] == {"yes": ["Délégué 0"], "no": ["Délégué 3"], "abstain": []}
    assert (live["quorum"], live["members"], live["mode"]) == ("1/2", 5, "roll_call")
    assert client.get(body_url(council)).json()["open_division"] == division.pk
    a.do_close_division(division, actor=operator)
    closed = client.get(f"{body_url(council)}/divisions/{division.pk}").json()
    assert closed["outcome"] == "rejected" and "for 1 ≤ against 1" in closed["arithmetic"]
    assert client.get(f"{body_url(council)}/sittings/9").status_code == 404
    assert client.get(f"{body_url(council)}/divisions/999999").status_code == 404


def test_decrees_with_the_text_in_force_and_the_division(
    client, commune, council, delegates, sitting, operator
):
    first = a.do_enter_decree_of_record(
        council,
        actor=operator,
        title="Conscription",
        text="Conscription is abolished.",
        adopted_on=dt.datetime(1871, 3, 29, tzinfo=dt.UTC),
        source="Journal officiel, 30 mars 1871",
        recorded_outcome="adopted",
    )
    amending = a.do_table_motion(
        council, actor=delegates[0], title="Conscription (2)", text="No force but the guard."
    )
    adopt(amending, delegates, sitting, operator)
    a.do_promulgate_decree(Motion.objects.get(pk=amending.pk), actor=operator, amends=first)
    listing = client.get(f"{C}/decrees?limit=1")
    assert listing["X-Total-Count"] == "2"
    assert [(d["number"], d["amends"]) for d in listing.json()["decrees"]] == [(2, 1)]
    old = client.get(f"{C}/decrees/1").json()
    assert old["text"] == "Conscription is abolished."
    assert old["text_in_force"] == "No force but the guard." and old["in_force"]
    assert [(h["number"], h["change"]) for h in old["history"]] == [(2, "amends")]
    assert old["division"] is None and old["source"].startswith("Journal officiel")
    new = client.get(f"{C}/decrees/2").json()
    assert new["division"]["roll_call"]["yes"] == ["Délégué 0", "Délégué 1", "Délégué 2"]
    assert new["division"]["outcome"] == "adopted" and new["motion"] == amending.number
    assert client.get(f"{C}/decrees/99").status_code == 404
    assert client.get("/api/v1/communes/nowhere/decrees").status_code == 404


def test_a_persons_record(client, commune, council, delegates, sitting, motion, operator):
    division = adopt(motion, delegates, sitting, operator)
    d0 = person(delegates[0])
    record = client.get(f"{C}/people/{d0.pk}/record").json()
    assert record["name"] == "Délégué 0"
    assert [(s["body_name"], s["origin"], s["ended_at"]) for s in record["seats"]] == [
        ("Council of the Commune", "clerk", None)
    ]
    assert [(v["division"], v["motion"], v["choice"]) for v in record["votes"]] == [
        (division.pk, 1, "yes")
    ]
    assert [(s["sitting"], s["body"]) for s in record["sittings"]] == [(1, council.pk)]
    assert "email" not in json.dumps(record)
    from commune.members import actions

    louvre = Section.objects.get(commune=commune, number=1)
    nobody = actions.do_admit_member(louvre, actor=operator, full_name="Quiet Member").person
    quiet = client.get(f"{C}/people/{nobody.pk}/record")
    assert quiet.status_code == 404 and "Quiet" not in quiet.content.decode()
    assert client.get(f"{C}/people/999999/record").status_code == 404


def test_the_openapi_schema_has_the_assemblies(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    for path, method in [
        ("/api/v1/communes/{slug}/bodies", "get"),
        ("/api/v1/communes/{slug}/bodies/{body_id}/motions", "get"),
        ("/api/v1/communes/{slug}/bodies/{body_id}/motions", "post"),
        ("/api/v1/communes/{slug}/bodies/{body_id}/divisions/{division_id}", "get"),
        ("/api/v1/communes/{slug}/bodies/{body_id}/divisions/{division_id}/votes", "post"),
        ("/api/v1/communes/{slug}/decrees/{number}", "get"),
        ("/api/v1/communes/{slug}/people/{person_id}/record", "get"),
    ]:
        assert method in paths[path], (path, method)
    vote = paths["/api/v1/communes/{slug}/bodies/{body_id}/divisions/{division_id}/votes"]["post"]
    assert {"201", "400", "401", "403", "409"} <= set(vote["responses"])
    assert "security" in vote and "security" not in paths["/api/v1/communes/{slug}/bodies"]["get"]


# ── Writes ────────────────────────────────────────────────────────────────────────────────


def test_a_motion_from_tabling_to_decree_through_http(
    client, commune, council, delegates, clerk_user
):
    url = body_url(council)
    client.force_login(delegates[0])
    tabled = post(client, f"{url}/motions", {"title": "Bakeries", "text": "No night work."})
    assert tabled.status_code == 201, tabled.content
    assert (tabled.json()["number"], tabled.json()["state"]) == (1, "tabled")
    assert tabled.json()["majority"] == "simple" and tabled.json()["proposer"] == "Délégué 0"
    client.force_login(delegates[1])
    signed = post(client, f"{url}/motions/1/cosignatures")
    assert signed.status_code == 201 and signed.json()["cosigners"] == ["Délégué 1"]
    amended = post(
        client,
        f"{url}/motions/1/amendments",
        {"operation": "replace", "target": "night work", "text": "night work in bakeries"},
    )
    assert amended.status_code == 201 and amended.json()["amends"] == 1

    client.force_login(clerk_user)
    convened = post(
        client,
        f"{url}/sittings",
        {"scheduled_for": clock.now().isoformat(), "agenda": ["Reports of the commissions"]},
    )
    assert convened.status_code == 201 and convened.json()["state"] == "convened"
    assert post(client, f"{url}/sittings/1/opening").json()["state"] == "open"
    placed = post(client, f"{url}/sittings/1/agenda", {"motion": 1})
    assert placed.status_code == 201 and placed.json() == {
        "position": 2,
        "title": "Bakeries",
        "motion": 1,
    }

    for user in delegates[:3]:
        client.force_login(user)
        assert post(client, f"{url}/sittings/1/attendance").status_code == 201
    again = post(client, f"{url}/sittings/1/attendance")
    assert again.status_code == 200 and again.json()["added"] is False
    assert len(again.json()["present"]) == 3

    client.force_login(clerk_user)
    opened = post(client, f"{url}/divisions", {"motion": 2})  # the amendment first
    assert opened.status_code == 201 and opened.json()["present"] == 3
    division = opened.json()["id"]
    for user, choice in zip(delegates[:3], ["yes", "yes", "abstain"], strict=True):
        client.force_login(user)
        vote = post(client, f"{url}/divisions/{division}/votes", {"choice": choice})
        assert vote.status_code == 201 and vote.json() == {
            "division": division,
            "choice": choice,
            "receipt": None,
        }
    client.force_login(clerk_user)
    closed = post(client, f"{url}/divisions/{division}/closing")
    assert closed.status_code == 200 and closed.json()["outcome"] == "adopted"
    assert client.get(f"{url}/motions/1").json()["current_text"] == "No night work in bakeries."

    division = post(client, f"{url}/divisions", {"motion": 1}).json()["id"]
    for user in delegates[:3]:
        client.force_login(user)
        post(client, f"{url}/divisions/{division}/votes", {"choice": "yes"})
    client.force_login(clerk_user)
    assert post(client, f"{url}/divisions/{division}/closing").json()["outcome"] == "adopted"
    decree = post(client, f"{C}/decrees", {"motion": 1})
    assert decree.status_code == 201, decree.content
    assert decree.json()["number"] == 1 and decree.json()["text"] == "No night work in bakeries."
    assert decree.json()["division"]["id"] == division
    closing = post(client, f"{url}/sittings/1/closing")
    assert closing.status_code == 200 and closing.json()["state"] == "closed"
    assert [d["motion"] for d in closing.json()["divisions"]] == [2, 1]


def test_withdrawal_referral_and_report(
    client, commune, council, delegates, motion, operator, clerk_user
):
    works = a.do_create_body(commune, actor=operator, kind="commission", name="Travail")
    a.do_take_seat(works, person(delegates[4]), actor=operator, origin="appointment")
    clerk = Client()
    clerk.force_login(clerk_user)
    url = f"{body_url(council)}/motions/1"
    bad = post(clerk, f"{url}/referral", {"commission": council.pk})
    assert bad.status_code == 400 and "is not a commission" in bad.json()["message"]
    missing = post(clerk, f"{url}/referral", {"commission": 999999})
    assert missing.status_code == 400 and "999999" in missing.json()["message"]
    referred = post(clerk, f"{url}/referral", {"commission": works.pk})
    assert referred.status_code == 200
    assert referred.json()["state"] == "referred"
    assert referred.json()["referred_to"] == {"id": works.pk, "name": "Travail"}
    client.force_login(delegates[1])  # not of the commission
    refused = post(client, f"{url}/report", {"report": "We agree."})
    assert refused.status_code == 403
    client.force_login(delegates[4])
    reported = post(client, f"{url}/report", {"report": "We agree."})
    assert reported.status_code == 200 and reported.json()["report"] == "We agree."
    client.force_login(delegates[1])
    assert post(client, f"{url}/withdrawal").status_code == 403  # not the proposer
    client.force_login(delegates[0])
    gone = post(client, f"{url}/withdrawal", {"reason": "merged"})
    assert gone.status_code == 200 and gone.json()["state"] == "withdrawn"


# ── Refusals ──────────────────────────────────────────────────────────────────────────────


WRITES = [
    ("motions", {"title": "x", "text": "y"}),
    ("motions/1/amendments", {"operation": "insert", "text": "x", "position": 0}),
    ("motions/1/cosignatures", None),
    ("motions/1/withdrawal", None),
    ("motions/1/referral", {"commission": 1}),
    ("motions/1/report", {"report": "x"}),
    ("sittings", {"scheduled_for": "1871-03-28T12:00:00Z"}),
    ("sittings/1/opening", None),
    ("sittings/1/closing", None),
    ("sittings/1/agenda", {"motion": 1}),
    ("sittings/1/attendance", None),
    ("divisions", {"motion": 1}),
    ("divisions/1/votes", {"choice": "yes"}),
    ("divisions/1/closing", None),
]


def test_signed_out_writes_are_refused(client, council, motion, sitting):
    before = snapshot()
    urls = [(f"{body_url(council)}/{path}", data) for path, data in WRITES]
    for url, data in [*urls, (f"{C}/decrees", {"motion": 1})]:
        response = post(client, url, data)
        assert response.status_code == 401, (url, response.status_code)
    assert snapshot() == before


def test_writes_need_the_csrf_token(council, delegates, sitting, motion, operator):
    present(sitting, delegates, operator)
    division = a.do_open_division(motion, actor=operator)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(delegates[1])
    before = snapshot()
    url = body_url(council)
    vote = post(strict, f"{url}/divisions/{division.pk}/votes", {"choice": "yes"})
    assert vote.status_code == 403
    assert post(strict, f"{url}/motions", {"title": "x", "text": "y"}).status_code == 403
    assert post(strict, f"{url}/motions/1/cosignatures").status_code == 403
    assert snapshot() == before
    # The token the pages carry (the cookie's secret, echoed in the header) lets it through.
    token = "a" * 32
    strict.cookies[settings.CSRF_COOKIE_NAME] = token
    with_token = strict.post(
        f"{url}/divisions/{division.pk}/votes",
        json.dumps({"choice": "yes"}),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert with_token.status_code == 201


def test_only_members_act_and_only_clerks_keep_the_record(
    client, council, delegates, sitting, motion, plain_user
):
    url = body_url(council)
    before = snapshot()
    client.force_login(plain_user)  # signed in, not a member of the commune
    refused = post(client, f"{url}/motions", {"title": "x", "text": "y"})
    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
    assert post(client, f"{url}/motions/1/cosignatures").status_code == 403
    assert post(client, f"{url}/sittings/1/attendance").status_code == 403
    client.force_login(delegates[1])  # a member, not a clerk
    for path, data in [
        ("sittings", {"scheduled_for": "1871-03-28T12:00:00Z"}),
        ("sittings/1/closing", None),
        ("sittings/1/agenda", {"motion": 1}),
        ("divisions", {"motion": 1}),
    ]:
        response = post(client, f"{url}/{path}", data)
        assert response.status_code == 403, (path, response.content)
        assert "only a clerk" in response.json()["message"]
    assert snapshot() == before


def test_a_member_of_another_body_is_not_a_member_here(
    client, commune, council, delegates, operator
):
    works = a.do_create_body(commune, actor=operator, kind="commission", name="Travail")
    client.force_login(delegates[0])  # sits in the council, not in the commission
    refused = post(client, f"{body_url(works)}/motions", {"title": "x", "text": "y"})
    assert refused.status_code == 403 and refused.json()["code"] == "not_a_member_of_body"


def test_votes_once_only_while_open_and_only_yes_no_abstain(
    client, council, delegates, sitting, motion, operator
):
    present(sitting, delegates, operator)
    division = a.do_open_division(motion, actor=operator)
    url = f"{body_url(council)}/divisions/{division.pk}/votes"
    client.force_login(delegates[0])
    assert post(client, url, {"choice": "yes"}).status_code == 201
    before = snapshot()
    again = post(client, url, {"choice": "no"})
    assert again.status_code == 409 and again.json()["code"] == "already_voted"
    client.force_login(delegates[1])
    maybe = post(client, url, {"choice": "maybe"})
    assert maybe.status_code == 400 and maybe.json()["code"] == "invalid_input"
    assert "choice" in maybe.json()["message"]
    extra = post(client, url, {"choice": "yes", "weight": 2})
    assert extra.status_code == 400 and "weight" in extra.json()["message"]
    assert snapshot() == before
    a.do_close_division(division, actor=operator)
    before = snapshot()
    late = post(client, url, {"choice": "yes"})
    assert late.status_code == 409 and late.json()["code"] == "assembly_wrong_state"
    assert snapshot() == before
    assert list(DivisionVote.objects.values_list("choice", flat=True)) == ["yes"]


def test_no_quorum_and_stale_amendments_are_conflicts(
    client, council, delegates, sitting, motion, operator, clerk_user
):
    stale = a.do_table_amendment(
        motion, actor=delegates[1], operation="insert", text="Art. 3.", position=2
    )
    first = a.do_table_amendment(
        motion, actor=delegates[2], operation="replace", target="October", text="May"
    )
    url = f"{body_url(council)}/divisions"
    client.force_login(clerk_user)
    present(sitting, delegates[:2], operator)
    before = snapshot()
    short = post(client, url, {"motion": first.number})
    assert short.status_code == 409 and short.json()["code"] == "no_quorum"
    assert "2 of 5 members present" in short.json()["message"]
    assert snapshot() == before
    present(sitting, delegates, operator)
    adopt(first, delegates, sitting, operator)
    before = snapshot()
    refused = post(client, url, {"motion": stale.number})
    assert refused.status_code == 409 and refused.json()["code"] == "stale_amendment"
    unknown = post(client, url, {"motion": 99})
    assert unknown.status_code == 400 and "no motion 99" in unknown.json()["message"]
    # A secret division on the motion waits, like a roll-call, for its amendments.
    secret = post(client, url, {"motion": motion.number, "mode": "secret"})
    assert secret.status_code == 409 and "decide the amendments" in secret.json()["message"]
    assert snapshot() == before


def test_bad_input_is_refused_with_the_field_named(client, council, delegates, motion):
    url = body_url(council)
    client.force_login(delegates[0])
    before = snapshot()
    long_title = post(client, f"{url}/motions", {"title": "x" * 301, "text": "y"})
    assert long_title.status_code == 400 and "title" in long_title.json()["message"]
    empty = post(client, f"{url}/motions", {"title": "x", "text": ""})
    assert empty.status_code == 400 and "text" in empty.json()["message"]
    extra = post(client, f"{url}/motions", {"title": "x", "text": "y", "proposer": "Thiers"})
    assert extra.status_code == 400 and "proposer" in extra.json()["message"]
    majority = post(client, f"{url}/motions", {"title": "x", "text": "y", "majority": "most"})
    assert majority.status_code == 400
    nul = post(client, f"{url}/motions", {"title": "x\x00", "text": "y"})
    assert nul.status_code == 400
    absent = post(
        client,
        f"{url}/motions/1/amendments",
        {"operation": "replace", "target": "April", "text": "x"},
    )
    assert absent.status_code == 400 and absent.json()["code"] == "bad_amendment"
    nine = post(client, f"{url}/motions/9/amendments", {"operation": "insert", "text": "x"})
    assert nine.status_code == 404
    assert snapshot() == before


def test_sitting_and_decree_conflicts(client, council, delegates, sitting, motion, clerk_user):
    url = body_url(council)
    client.force_login(clerk_user)
    before = snapshot()
    already = post(client, f"{url}/sittings/1/opening")
    assert already.status_code == 409 and already.json()["code"] == "assembly_wrong_state"
    naive = post(client, f"{url}/sittings", {"scheduled_for": "1871-03-28T12:00:00"})
    assert naive.status_code == 400 and "scheduled_for" in naive.json()["message"]
    not_adopted = post(client, f"{C}/decrees", {"motion": motion.number})
    assert not_adopted.status_code == 409 and "only an adopted" in not_adopted.json()["message"]
    no_target = post(client, f"{C}/decrees", {"motion": motion.number, "amends": 7})
    assert no_target.status_code == 400 and "no decree 7" in no_target.json()["message"]
    assert post(client, f"{url}/sittings/9/opening").status_code == 404
    assert snapshot() == before


def test_a_secret_division_through_http(client, council, delegates, sitting, motion, operator):
    """A vote in a secret division answers with a receipt; nothing is counted or named until
    the chair closes it; then its ballots are published with the election's."""
    present(sitting, delegates[:3], operator)
    division = a.do_open_division(motion, actor=operator, mode="secret")
    url = f"{body_url(council)}/divisions/{division.pk}"
    receipts = []
    for user, choice in zip(delegates[:3], ["yes", "no", "no"], strict=True):
        client.force_login(user)
        answer = post(client, f"{url}/votes", {"choice": choice})
        assert answer.status_code == 201, answer.content
        receipts.append(answer.json()["receipt"])
    assert post(client, f"{url}/votes", {"choice": "yes"}).status_code == 409
    live = client.get(url).json()
    assert (live["mode"], live["yes"], live["no"], live["roll_call"]["no"]) == (
        "secret",
        None,
        None,
        [],
    )
    a.do_close_division(division, actor=operator)
    closed = client.get(url).json()
    assert (closed["outcome"], closed["yes"], closed["no"]) == ("rejected", 1, 2)
    ballots = client.get(f"/api/v1/elections/{closed['election']}/ballots?format=json").json()
    assert sorted(b["receipt"] for b in ballots["ballots"]) == sorted(receipts)
    assert DivisionVote.objects.count() == 0
