"""Live elections for the reliability tests: open by the real clock, on a committed database.

Other processes (casting workers, a real server) use the same database, so everything here
is made through the actions and committed: a commune with two sections, members imported on
the first section's roll, an account for each, and a question put to the first section that
opened an hour ago (the real clock opens it on first access, freezing the roll). Sessions are
written up front, as a member's sign-in would write them, so that a client can post ballots
with a session cookie and a CSRF token without going through the sign-in limits.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection

from commune import clock
from commune.communes.access import OPERATOR
from commune.elections import access
from commune.elections.actions import do_call_election
from commune.elections.models import Election
from commune.members import actions
from commune.members.imports import MemberRow
from commune.members.models import Person

ROOT = Path(__file__).resolve().parents[2]
OPTIONS = ("Oui", "Non", "Ni l'un ni l'autre")


@dataclass
class Live:
    election: Election
    users: list[Any]  # members on the roll of the election, each with an account
    outsider: Any  # a member of the other section, with an account


def open_question(num_members: int, *, slug: str = "live") -> Live:
    """A question put to section 1, open now by the real clock, `num_members` on its roll."""
    now = dt.datetime.now(dt.UTC)
    with clock.frozen(now - dt.timedelta(hours=2)):
        commune = actions.do_found_commune(actor=OPERATOR, slug=slug, name="Live")
        for number, name in ((1, "Louvre"), (2, "Bourse")):
            actions.do_create_section(commune, actor=OPERATOR, number=number, name=name)
        rows = [
            MemberRow(line=n + 2, full_name=f"Membre {n}", email=f"m{n}@example.org", section="1")
            for n in range(num_members)
        ]
        rows.append(MemberRow(line=0, full_name="Outsider", email="out@example.org", section="2"))
        actions.do_import_members(commune, actor=OPERATOR, rows=rows)
        users = _accounts(commune, [f"m{n}@example.org" for n in range(num_members)])
        (outsider,) = _accounts(commune, ["out@example.org"])
        election = do_call_election(
            commune,
            actor=OPERATOR,
            title="Question",
            section=commune.sections.get(number=1),
            opens_at=now - dt.timedelta(hours=1),
            closes_at=now + dt.timedelta(days=1),
            options=OPTIONS,
        )
    election = access.access_election(OPERATOR, None, election.pk)  # opened by the clock
    assert election.status == Election.Status.OPEN
    return Live(election, users, outsider)


def _accounts(commune: Any, emails: list[str]) -> list[Any]:
    """An account for each member, in the order of `emails`.

    Linking an account journals nothing (accounts are private), so the links are written in
    one statement per thousand rather than one `do_link_account` each: the journal is the
    same either way, and a test of thousands of members stays quick.
    """
    user_model = get_user_model()
    unusable = make_password(None)
    users = user_model.objects.bulk_create(
        [user_model(username=email.split("@")[0], password=unusable) for email in emails],
        batch_size=1000,
    )
    people = {p.email: p for p in Person.objects.filter(commune=commune, email__in=emails)}
    linked = []
    for email, user in zip(emails, users, strict=True):
        person = people[email]
        person.user_id = user.pk
        linked.append(person)
    Person.objects.bulk_update(linked, ["user"], batch_size=1000)
    return list(users)


def sessions_for(users: list[Any]) -> list[str]:
    """A signed-in session for each user (as `django.contrib.auth.login` stores it): the
    session keys, in order."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    store = SessionStore()
    expire = timezone.now() + dt.timedelta(days=1)
    keys, rows = [], []
    for user in users:
        key = secrets.token_hex(16)
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[0],
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        rows.append(Session(session_key=key, session_data=store.encode(data), expire_date=expire))
        keys.append(key)
    Session.objects.bulk_create(rows, batch_size=1000)
    return keys


def process_env(tmp_path: Path) -> dict[str, str]:
    """The environment of another process that uses this test's database (committed)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COMMUNE_", "DJANGO_"))}
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        user = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        url = f"postgres://{user}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    else:
        url = f"sqlite:///{db['NAME']}"
    env.update(
        COMMUNE_DATABASE_URL=url,
        COMMUNE_DATA_DIR=str(tmp_path / "data"),
        COMMUNE_DEBUG="1",
        # The sessions written here are signed with this key; the other process checks them.
        COMMUNE_SECRET_KEY=settings.SECRET_KEY,
        DJANGO_SETTINGS_MODULE="commune.config.settings",
        PYTHONPATH=str(ROOT),
    )
    return env
