"""The clerks' desk: member import from the admin, all lines or none."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commune.members.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_for(client, django_user_model):
    user = django_user_model.objects.create_superuser("root", password="a long root password")
    client.force_login(user)
    return client


def test_import_members_from_the_admin(admin_client_for, commune):
    url = reverse("admin:communes_commune_import", args=[commune.pk])
    bad = SimpleUploadedFile("m.csv", b"name,email,section\nA,,1\nB,,77\n", "text/csv")
    response = admin_client_for.post(url, {"file": bad})
    assert response.status_code == 200
    assert "no section &#x27;77&#x27;" in response.content.decode()
    assert Membership.objects.count() == 0
    good = SimpleUploadedFile("m.csv", b"name,email,section\nA,,1\nB,,Temple\n", "text/csv")
    response = admin_client_for.post(url, {"file": good})
    assert response.status_code == 302
    assert Membership.objects.filter(commune=commune).count() == 2


def test_public_records_are_read_only_in_the_admin(admin_client_for, commune):
    section = commune.sections.first()
    response = admin_client_for.post(
        reverse("admin:members_section_change", args=[section.pk]), {"name": "Forged"}
    )
    assert response.status_code == 403
    section.refresh_from_db()
    assert section.name != "Forged"
    assert admin_client_for.get(reverse("admin:communes_commune_changelist")).status_code == 200


def test_staff_without_administrator_rights_see_no_rolls(client, commune, django_user_model):
    from django.contrib.auth.models import Permission

    staff = django_user_model.objects.create_user("staff", password="x" * 20, is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(codename__startswith="view_"))
    client.force_login(staff)
    assert client.get(reverse("admin:members_person_changelist")).status_code == 403
    assert client.get(reverse("admin:members_membership_changelist")).status_code == 403
