"""A corpus of member lists that once broke something (a NUL byte reached PostgreSQL and the
admin answered 500) or could: each is refused with a message naming the problem, by the
command, the desk page and the admin alike, and nothing is imported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from commune.members.models import Membership, Person

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).parent / "fuzz_corpus"
# Each case's problem, as it must appear in the refusal ("a|b": either wording, as the
# command and Django's upload field word an empty file differently).
EXPECTED: dict[str, str] = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))


def names_the_problem(name: str, said: str) -> bool:
    return any(
        wording in said or wording.replace("'", "&#x27;") in said
        for wording in EXPECTED[name].split("|")
    )


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_command_refuses_with_a_message(name, commune, capsys):
    with pytest.raises(CommandError) as refused:
        call_command("import_members", str(CORPUS / name))
    said = capsys.readouterr().err + str(refused.value)
    assert names_the_problem(name, said)
    assert "Traceback" not in said
    assert Person.objects.count() == 0 and Membership.objects.count() == 0


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_pages_refuse_with_a_message(name, commune, client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", password="a long root password")
    client.force_login(admin)
    data = (CORPUS / name).read_bytes()
    for url in (
        "/c/test-commune/desk/members/import/",
        reverse("admin:communes_commune_import", args=[commune.pk]),
    ):
        response = client.post(url, {"file": SimpleUploadedFile(name, data, "text/csv")})
        assert response.status_code in (200, 400), url  # the form again, never a 500
        assert names_the_problem(name, response.content.decode()), url
    assert Person.objects.count() == 0 and Membership.objects.count() == 0
