"""The council's pages: a motion followed from tabling to decree through HTTP, and the
refusals each answered with its status and message, changing nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from commune.assemblies import actions as a
from commune.assemblies.models import Decree, DivisionVote, Motion
from commune.members.models import Person

pytestmark = pytest.mark.django_db


def _client(client, user):
    client.force_login(user)
    return client


def test_a_motion_from_tabling_to_decree_in_the_pages(
    client, commune, council, delegates, clerk_user
):
    slug = commune.slug
    member = _client(client, delegates[0])
    response = member.post(
        reverse("web:motion_new", args=[slug, council.pk]),
        {"title": "Bakeries", "text": "No night work in bakeries.", "majority": ""},
    )
    assert response.status_code == 302
    motion = Motion.objects.get(title="Bakeries")
    page = member.get(response["Location"])
    assert b"No night work in bakeries." in page.content and b"Table an amendment" in page.content

    clerk = _client(client, clerk_user)
    response = clerk.post(
        reverse("web:sitting_new", args=[slug, council.pk]),
        {"scheduled_for": "2030-04-20T10:00", "agenda": "Reports"},
    )
    assert response.status_code == 302
    sitting_url = response["Location"]
    assert clerk.post(sitting_url + "open/").status_code == 302
    people = [Person.objects.get(user=u).pk for u in delegates[:3]]
    assert clerk.post(sitting_url + "roll/", {"person": people}).status_code == 302
    motion_url = reverse("web:motion", args=[slug, council.pk, motion.number])
    assert clerk.post(motion_url + "place/").status_code == 302
    response = clerk.post(motion_url + "divide/")
    assert response.status_code == 302
    division_url = response["Location"]

    for user, choice in zip(delegates[:3], ["yes", "yes", "no"], strict=True):
        voter = _client(client, user)
        assert voter.post(division_url + "vote/", {"choice": choice}).status_code == 302
    again = voter.post(division_url + "vote/", {"choice": "yes"})
    assert again.status_code == 409 and b"already voted" in again.content
    live = voter.get(division_url, HTTP_HX_REQUEST="true")
    assert b'id="division-live"' in live.content and b"<html" not in live.content

    clerk = _client(client, clerk_user)
    assert clerk.post(division_url + "close/").status_code == 302
    page = clerk.get(division_url)
    assert b"for 2, against 1: a simple majority" in page.content
    response = clerk.post(
        reverse("web:motion_promulgate", args=[slug, council.pk, motion.number]), {}
    )
    assert response.status_code == 302
    decree = Decree.objects.get()
    page = client.get(reverse("web:decree", args=[slug, decree.number]))
    assert page.status_code == 200 and b"No night work in bakeries." in page.content
    assert "Délégué 2".encode() in page.content  # the roll-call, by name
    record = client.get(reverse("web:delegate", args=[slug, people[2]]))
    assert record.status_code == 200 and b"Bakeries" in record.content


def test_refusals_have_their_status_and_change_nothing(
    client, commune, council, delegates, sitting, motion, plain_user, clerk_user
):
    slug = commune.slug
    motion_url = reverse("web:motion", args=[slug, council.pk, motion.number])
    outsider = _client(client, plain_user)
    assert outsider.post(motion_url + "cosign/").status_code == 403
    assert outsider.post(motion_url + "divide/").status_code == 403  # clerks only
    clerk = _client(client, clerk_user)
    response = clerk.post(motion_url + "divide/")
    assert response.status_code == 409 and b"quorum" in response.content
    member = _client(client, delegates[1])
    response = member.post(
        reverse("web:motion_amend", args=[slug, council.pk, motion.number]),
        {"operation": "replace", "target": "April", "text": "May"},
    )
    assert response.status_code == 400 and b"is not in the text" in response.content
    assert Motion.objects.count() == 1 and DivisionVote.objects.count() == 0
    assert client.post(motion_url + "nonsense/").status_code == 404


def test_public_pages_read_without_signing_in(client, commune, council, motion):
    slug = commune.slug
    for url in [
        reverse("web:bodies", args=[slug]),
        reverse("web:body", args=[slug, council.pk]),
        reverse("web:motion", args=[slug, council.pk, motion.number]),
        reverse("web:decrees", args=[slug]),
    ]:
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("web:motion", args=[slug, council.pk, 99])).status_code == 404
    assert client.get(reverse("web:decree", args=[slug, 1])).status_code == 404


def test_a_member_who_never_sat_has_no_delegate_page(client, commune, operator):
    from commune.members import actions
    from commune.members.models import Section

    person = actions.do_admit_member(
        Section.objects.get(commune=commune, number=1), actor=operator, full_name="Private"
    ).person
    assert client.get(reverse("web:delegate", args=[commune.slug, person.pk])).status_code == 404


def test_a_decree_of_record_says_where_its_outcome_comes_from(client, commune, council, operator):
    import datetime as dt

    a.do_enter_decree_of_record(
        council,
        actor=operator,
        title="Comité de salut public",
        text="A committee of five.",
        adopted_on=dt.datetime(1871, 5, 1, 12, tzinfo=dt.UTC),
        source="Lefrançais, p. 281",
        recorded_outcome="adopted by 45 votes to 23",
    )
    page = client.get(reverse("web:decree", args=[commune.slug, 1]))
    assert b"adopted by 45 votes to 23 (as the sources record it)" in page.content


def test_a_commission_carries_out_a_decree_in_the_pages(
    client, commune, commission, decree, delegates, clerk_user
):
    slug = commune.slug
    clerk = _client(client, clerk_user)
    response = clerk.post(
        reverse("web:decree_refer", args=[slug, decree.number]), {"commission": commission.pk}
    )
    assert response.status_code == 302
    referral_url = response["Location"]
    worker = _client(client, delegates[3])
    responsible = Person.objects.get(user=delegates[4])
    response = worker.post(
        referral_url + "tasks/new/",
        {"title": "Open the registers", "responsible": responsible.pk, "due_on": "2000-01-01"},
    )
    assert response.status_code == 302
    task_url = response["Location"]
    board = client.get(reverse("web:body", args=[slug, commission.pk]))
    assert b"Open the registers" in board.content and b"overdue" in board.content
    assert b"Open the registers" in client.get(reverse("web:bodies", args=[slug])).content
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("note.txt", b"twenty registers", content_type="text/plain")
    response = worker.post(task_url, {"text": "Opened.", "attachment": upload})
    assert response.status_code == 302
    bad = SimpleUploadedFile("x.html", b"<script>", content_type="text/html")
    response = worker.post(task_url, {"text": "Opened.", "attachment": bad})
    assert response.status_code == 400 and b"not accepted" in response.content
    assert worker.post(task_url + "move/", {"state": "done"}).status_code == 302
    assert worker.post(task_url + "move/", {"state": "open"}).status_code == 409
    page = client.get(task_url)
    assert b"twenty registers" not in page.content and b"note.txt" in page.content
    from commune.commissions.models import TaskReport

    report = TaskReport.objects.get()
    download = client.get(reverse("web:attachment", args=[slug, report.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == b"twenty registers"
    outsider = _client(client, delegates[0])
    refused = outsider.post(
        referral_url + "tasks/new/",
        {"title": "x", "responsible": responsible.pk, "due_on": "2030-01-01"},
    )
    assert refused.status_code == 403
    from commune.commissions.models import Task

    assert Task.objects.count() == 1


def test_a_secret_division_in_the_pages(
    client, commune, council, delegates, sitting, motion, clerk_user
):
    from tests.assembly_fixtures import present

    slug = commune.slug
    clerk = _client(client, clerk_user)
    from commune.communes.access import OPERATOR

    present(sitting, delegates[:3], OPERATOR)
    motion_url = reverse("web:motion", args=[slug, council.pk, motion.number])
    response = clerk.post(motion_url + "divide/", {"mode": "secret"})
    assert response.status_code == 302
    division_url = response["Location"]
    voter = _client(client, delegates[0])
    response = voter.post(division_url + "vote/", {"choice": "yes"}, follow=True)
    assert b"Your secret ballot is cast" in response.content
    page = voter.get(division_url)
    assert b"You have voted." in page.content and b"Roll-call" not in page.content
    assert voter.post(division_url + "vote/", {"choice": "no"}).status_code == 409
    for user in delegates[1:3]:
        _client(client, user).post(division_url + "vote/", {"choice": "no"})
    clerk = _client(client, clerk_user)
    assert clerk.post(division_url + "close/").status_code == 302
    page = client.get(division_url)
    assert b"Rejected" in page.content and b"for 1, against 2" in page.content
    assert DivisionVote.objects.count() == 0


def test_a_clerk_creates_a_commission_and_appoints_by_a_council_decision(
    client, commune, council, delegates, sitting, motion, clerk_user, operator
):
    from tests.assembly_fixtures import present

    from commune.assemblies.models import Seat

    present(sitting, delegates[:3], operator)
    division = a.do_open_division(motion, actor=operator)
    for user in delegates[:3]:
        a.do_cast_division_vote(division, actor=user, choice="yes")
    a.do_close_division(division, actor=operator)
    clerk = _client(client, clerk_user)
    response = clerk.post(
        reverse("web:commission_new", args=[commune.slug]),
        {"name": "Subsistances", "competence": "Food supply"},
    )
    assert response.status_code == 302
    body_url = response["Location"]
    chosen = Person.objects.get(user=delegates[2])
    response = clerk.post(body_url + "seats/new/", {"person": chosen.pk, "decision": motion.number})
    assert response.status_code == 302
    seat = Seat.objects.get(person=chosen, body__name="Subsistances")
    assert seat.origin == "appointment" and seat.decision == Motion.objects.get(pk=motion.pk)
    assert b"motion 1" in clerk.get(body_url).content
    again = clerk.post(body_url + "seats/new/", {"person": chosen.pk, "decision": ""})
    assert again.status_code == 409 and b"already sits" in again.content
    member = _client(client, delegates[0])
    assert (
        member.post(reverse("web:commission_new", args=[commune.slug]), {"name": "X"}).status_code
        == 403
    )
