"""Signed-in sessions, kept in the database as Django keeps them, read with less work.

Every signed-in request reads its session and its user. Through the ORM each read
compiles its query afresh, which on the casting path cost about a tenth of a ballot;
here both are one plain statement. Writing, expiring and clearing sessions, and checking
the session against the password (Django's `get_user`), stay Django's own.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User
from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone


class SessionStore(db.SessionStore):
    """`SESSION_ENGINE = "commune.accounts.sessions"`."""

    def load(self) -> dict[str, Any]:
        key = self.session_key  # None if it is not a well-formed key
        data = None if key is None else _session_data(key)
        if data is None:
            self._session_key = None  # as Django does: a new session is made if one is saved
            return {}
        return self.decode(data)


def _session_data(key: str) -> str | None:
    table = connection.ops.quote_name(Session._meta.db_table)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT session_data FROM {table} WHERE session_key = %s AND expire_date > %s",
            [key, now],
        )
        row = cursor.fetchone()
    return None if row is None else str(row[0])


class AccountBackend(ModelBackend):
    """Django's passwords and permissions; the signed-in user read by one plain statement."""

    def get_user(self, user_id: Any) -> User | None:
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        user = _user(pk)
        return user if user is not None and self.user_can_authenticate(user) else None


_CONVERTERS: dict[str, list[tuple[Any, list[Any]]]] = {}


def _converters() -> list[tuple[Any, list[Any]]]:
    """Each column of the user's row with the ORM's converters for it (once per database
    vendor: they depend on nothing else)."""
    found = _CONVERTERS.get(connection.vendor)
    if found is None:
        found = []
        for field in User._meta.concrete_fields:
            column = field.get_col(User._meta.db_table)
            backend = connection.ops.get_db_converters(column)
            found.append((column, backend + field.get_db_converters(connection)))
        _CONVERTERS[connection.vendor] = found
    return found


def _user(pk: int) -> User | None:
    """The user's row, its values converted as the ORM converts them (on SQLite, datetimes
    are stored as text and booleans as integers)."""
    fields = User._meta.concrete_fields
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column or f.attname) for f in fields)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {quote(User._meta.db_table)} WHERE id = %s", [pk])
        row = cursor.fetchone()
    if row is None:
        return None
    values = []
    for (column, converters), value in zip(_converters(), row, strict=True):
        for convert in converters:
            value = convert(value, column, connection)
        values.append(value)
    return User.from_db(connection.alias, [f.attname for f in fields], values)
