"""Sessions and users read with one plain statement each: the same answers as Django's own."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.utils import timezone

from commune.accounts.sessions import AccountBackend, SessionStore

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    made = User.objects.create_user("louise", password="la-commune-1871")
    User.objects.filter(pk=made.pk).update(last_login=timezone.now())
    return User.objects.get(pk=made.pk)


def signed_in(client, user) -> str:
    assert client.login(username="louise", password="la-commune-1871")
    return client.cookies["sessionid"].value


def test_the_user_read_is_the_orms_field_for_field(user):
    read = AccountBackend().get_user(user.pk)
    assert read is not None and not read._state.adding
    for field in User._meta.concrete_fields:
        ours, theirs = getattr(read, field.attname), getattr(user, field.attname)
        assert (ours, type(ours)) == (theirs, type(theirs)), field.name


@pytest.mark.parametrize("user_id", [None, "", "x", "12abc", 10**12])
def test_an_unknown_or_malformed_user_id_is_nobody(user_id):
    assert AccountBackend().get_user(user_id) is None


def test_a_signed_in_session_is_read_back(client, user):
    key = signed_in(client, user)
    session = SessionStore(key)
    assert session.load()["_auth_user_id"] == str(user.pk)
    assert client.get("/me/").status_code == 200


def test_an_expired_session_is_empty_and_forgotten(client, user):
    key = signed_in(client, user)
    Session.objects.filter(pk=key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    session = SessionStore(key)
    assert session.load() == {} and session.session_key is None
    assert client.get("/me/").status_code == 302  # to the sign-in page


@pytest.mark.parametrize("key", ["short", "x" * 40, "'; DROP TABLE django_session; --"])
def test_an_unknown_or_malformed_session_key_is_empty(key, user):
    assert SessionStore(key).load() == {}
    assert Session.objects.count() == 0


def test_a_disabled_account_is_signed_out(client, user):
    signed_in(client, user)
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert client.get("/me/").status_code == 302


def test_a_password_change_elsewhere_signs_the_session_out(client, user):
    """Django's check of the session against the password still applies."""
    signed_in(client, user)
    user.set_password("another-password-1871")
    user.save()
    request = client.get("/me/").wsgi_request
    assert not get_user(request).is_authenticated
