"""Passwords are stored with Argon2 in production; older hashes still verify and are
re-hashed with Argon2 at their owner's next successful sign-in.

The suite hashes with MD5 for speed (`config/testing.py`); these tests put production's
hashers back."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import make_password

from commune.config import settings as production

pytestmark = pytest.mark.django_db


@pytest.fixture
def production_hashers(settings):
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    return settings.PASSWORD_HASHERS


def test_production_hashes_new_passwords_with_argon2(production_hashers, django_user_model):
    assert production_hashers[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    user = django_user_model.objects.create_user("argon", password="a long argon password")
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password("a long argon password")


def test_an_old_pbkdf2_hash_is_upgraded_on_sign_in(production_hashers, client, django_user_model):
    """A password stored with PBKDF2 before Argon2 signs in, and is stored as Argon2 after."""
    user = django_user_model.objects.create_user("legacy")
    django_user_model.objects.filter(pk=user.pk).update(
        password=make_password("an old pbkdf2 password", hasher="pbkdf2_sha256")
    )
    user.refresh_from_db()
    assert user.password.startswith("pbkdf2_sha256$")

    refused = client.post("/login/", {"username": "legacy", "password": "a wrong password"})
    assert refused.status_code == 200  # the form again, with its error
    user.refresh_from_db()
    assert user.password.startswith("pbkdf2_sha256$")  # a failed attempt changes nothing

    response = client.post("/login/", {"username": "legacy", "password": "an old pbkdf2 password"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password("an old pbkdf2 password")
