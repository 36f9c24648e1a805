"""The clerks' desk in the pages: each act through its form, refusals beside the fields,
nothing changed by a refused act, and only a commune's clerks at its desk."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from commune.communes.models import Commune
from commune.journal.models import JournalEntry
from commune.members.models import Membership, Person, Section

pytestmark = pytest.mark.django_db

DESK = "/c/test-commune/desk"


def csv_file(text: str, name: str = "list.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


@pytest.fixture
def clerk(client: Client, clerk_user) -> Client:
    client.force_login(clerk_user)
    return client


def _entries(commune) -> int:
    return JournalEntry.objects.filter(commune=commune).count()


@pytest.mark.parametrize(
    "path",
    [
        f"{DESK}/sections/new/",
        f"{DESK}/sections/import/",
        f"{DESK}/sections/1/rename/",
        f"{DESK}/sections/1/merge/",
        f"{DESK}/members/import/",
        f"{DESK}/seats/",
    ],
)
def test_the_desk_is_for_the_communes_clerks(client, commune, plain_user, path):
    response = client.get(path)
    assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(plain_user)
    refused = client.post(path, {"name": "Hacked", "number": 9, "into": 2})
    assert refused.status_code == 403
    assert "only a clerk of Test Commune may do this" in refused.content.decode()
    assert Section.objects.filter(commune=commune).count() == 3


def test_add_a_section(clerk, commune):
    page = clerk.get(f"{DESK}/sections/new/")
    assert page.status_code == 200 and 'name="number"' in page.content.decode()
    response = clerk.post(
        f"{DESK}/sections/new/", {"number": 4, "name": "Hôtel-de-Ville", "population": "98 000"}
    )
    assert response.status_code == 400  # "98 000" is not a number: said beside the field
    assert "Enter a whole number" in response.content.decode()
    response = clerk.post(f"{DESK}/sections/new/", {"number": 4, "name": "Hôtel-de-Ville"})
    assert response.status_code == 302
    assert clerk.get(response["Location"]).content.decode().count("Hôtel-de-Ville") >= 1
    assert Section.objects.filter(commune=commune, number=4).exists()


def test_a_refused_section_changes_nothing_and_says_why_beside_the_field(clerk, commune):
    before = _entries(commune)
    response = clerk.post(f"{DESK}/sections/new/", {"number": 1, "name": "Doublon"})
    assert response.status_code == 409  # a conflict with the record
    assert "already has a section number 1" in response.content.decode()
    response = clerk.post(f"{DESK}/sections/new/", {"number": 9, "name": "Nul\x00byte"})
    assert response.status_code == 400
    html = response.content.decode()
    label = html[html.index('for="id_name"') : html.index('id="id_name"')]
    assert "Null characters are not allowed" in label  # beside the field it concerns
    assert _entries(commune) == before


def test_import_sections_all_or_nothing(clerk, commune):
    bad = "number,name\n4,Quatre\n5,Louvre\n6,\n"
    response = clerk.post(f"{DESK}/sections/import/", {"file": csv_file(bad)})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Lines to correct" in html
    assert "the name &#x27;Louvre&#x27; is taken by section 1" in html
    assert "the name is empty" in html
    assert Section.objects.filter(commune=commune).count() == 3
    good = "number,name,population\n4,Quatre,100\n5,Cinq,\n"
    response = clerk.post(f"{DESK}/sections/import/", {"file": csv_file(good)})
    assert response.status_code == 302
    assert Section.objects.filter(commune=commune).count() == 5


def test_rename_and_merge_sections(clerk, commune, operator):
    from commune.members import actions

    louvre, bourse = Section.objects.filter(commune=commune).order_by("number")[:2]
    member = actions.do_admit_member(louvre, actor=operator, full_name="Eugène Varlin")
    response = clerk.post(f"{DESK}/sections/2/rename/", {"name": "Louvre"})
    assert response.status_code == 409
    assert "already has a section named" in response.content.decode()
    response = clerk.post(f"{DESK}/sections/2/rename/", {"name": "Bourse et Halles"})
    assert response.status_code == 302
    response = clerk.post(f"{DESK}/sections/1/merge/", {"into": 2})
    assert response.status_code == 302
    moved = Membership.objects.get(person=member.person, ended_at__isnull=True)
    assert moved.section == bourse
    page = clerk.get("/c/test-commune/sections/1/").content.decode()
    assert "was merged into section 2 (Bourse et Halles)" in page
    assert "Louvre" not in clerk.get("/c/test-commune/").content.decode().split("<tbody>")[1]
    again = clerk.post(f"{DESK}/sections/1/merge/", {"into": 3})
    assert again.status_code == 409  # a merged section no longer acts


def test_import_members_names_every_bad_line(clerk, commune):
    text = (
        "name,email,section\nLouise Michel,lm@example.org,1\nNul\x00,x@example.org,2\n,y@e.org,9\n"
    )
    response = clerk.post(f"{DESK}/members/import/", {"file": csv_file(text)})
    assert response.status_code == 400
    html = response.content.decode()
    assert "name contains the control character U+0000" in html
    assert "the name is empty" in html
    assert Person.objects.count() == 0
    response = clerk.post(
        f"{DESK}/members/import/", {"file": csv_file("name,section\nLouise Michel,1\n")}
    )
    assert response.status_code == 302
    assert "1 member(s) entered on the rolls." in clerk.get(response["Location"]).content.decode()


def test_apportion_the_seats(clerk, commune, operator):
    from commune.members import actions

    actions.do_create_section(commune, actor=operator, number=4, name="Quatre", population=1)
    response = clerk.post(f"{DESK}/seats/")
    assert response.status_code == 302
    assert Section.objects.get(commune=commune, number=4).seats == 0
    assert JournalEntry.objects.filter(commune=commune, kind="seats.apportioned").count() == 2


def test_desk_posts_need_the_csrf_token(clerk_user, commune):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(clerk_user)
    assert strict.post(f"{DESK}/sections/new/", {"number": 9, "name": "X"}).status_code == 403
    assert not Section.objects.filter(number=9).exists()


def test_first_run_founds_a_commune_from_a_sections_file(client, django_user_model):
    admin = django_user_model.objects.create_superuser("admin", password="a long admin password")
    home = client.get("/").content.decode()
    assert "No commune has been founded on this server yet" in home
    assert "Sign in as an administrator" in home
    client.force_login(admin)
    assert 'href="/found/"' in client.get("/").content.decode()
    sections = "number,name,population\n1,Croix-Rousse,30000\n2,Guillotière,40000\n"
    response = client.post(
        "/found/",
        {"name": "Commune de Lyon", "slug": "lyon", "sections": csv_file(sections)},
    )
    assert response.status_code == 302 and response["Location"] == "/c/lyon/"
    page = client.get("/c/lyon/").content.decode()
    assert "Commune de Lyon is founded with 2 section(s)." in page
    assert "Next: apportion the council's seats." in page
    assert "the council's seats are not apportioned yet" in page
    assert Section.objects.filter(commune__slug="lyon").count() == 2


def test_founding_is_for_administrators(client, plain_user):
    client.force_login(plain_user)
    assert client.post("/found/", {"name": "X", "slug": "x"}).status_code == 403
    assert not Commune.objects.exists()
