"""Benchmark of a recall petition signed through the API by a large section, at full speed.

    python bench/recall.py                                  # 100,000 members, SQLite, scratch dir
    python bench/recall.py --members 20000 --concurrency 16
    python bench/recall.py --database-url postgres://postgres@127.0.0.1:5432/bench

A section of `--members` members elects its delegate (through the actions, with ten of them
voting), then one member opens a recall petition and the others sign it, each with their own
session, through `POST /api/v1/communes/bench/petitions/{id}/signatures` over HTTP on
loopback, against a real server process (`commune serve`: Granian, `--workers` processes of
`--threads` threads), from a bounded load generator (`--concurrency` keep-alive connections
on asyncio: bench/loadgen.py). Signing stops at the constitution's threshold (`--share` of
the registered members, 1/5 by default): the signature that reaches it opens the recall vote
in the same request.

Prints signatures/s, the latency of the signatures, and the time of the threshold-crossing
request (the recall vote opens in it: the roll of the whole section is frozen there), checked
by reading the vote back through the API. Asserts nothing (beyond the vote being open).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from loadgen import (  # noqa: E402
    free_port,
    group_cpu_seconds,
    load,
    request_bytes,
    start_server,
    stop_server,
)

SLUG = "bench"


def setup(database_url: str | None, data_dir: str | None = None) -> tuple[str, dict[str, str]]:
    """A scratch data directory (and a fresh schema on PostgreSQL), migrated; returns the
    database vendor and the environment the server process must share."""
    scratch = tempfile.mkdtemp(prefix="commune-bench-recall-", dir=data_dir)
    env = {"COMMUNE_DATA_DIR": scratch, "COMMUNE_DEMO": "1"}  # demo: not DEBUG (no SQL log)
    if database_url:
        env["COMMUNE_DATABASE_URL"] = database_url
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commune.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0, interactive=False)
    return connection.vendor, env


def seat_delegate() -> Any:
    """A commune, one section of ten members who elect its delegate: all through actions."""
    from django.contrib.auth import get_user_model

    from commune import clock
    from commune.communes.access import OPERATOR
    from commune.elections import actions as elections
    from commune.mandates.actions import do_certify_election
    from commune.members import actions as members

    opens = dt.datetime.now(dt.UTC) - dt.timedelta(days=3)
    with clock.frozen(opens - dt.timedelta(days=1)):
        commune = members.do_found_commune(actor=OPERATOR, slug=SLUG, name="Bench")
        section = members.do_create_section(commune, actor=OPERATOR, number=1, name="Louvre")
        users = []
        for n in range(10):
            membership = members.do_admit_member(section, actor=OPERATOR, full_name=f"Voter {n}")
            user = get_user_model().objects.create_user(f"voter{n}", password=None)
            members.do_link_account(membership.person, actor=OPERATOR, user=user)
            users.append(user)
        election = elections.do_call_election(
            commune,
            actor=OPERATOR,
            title="Louvre",
            section=section,
            opens_at=opens,
            closes_at=opens + dt.timedelta(hours=10),
            seats=1,
        )
        elections.do_file_candidacy(election, actor=OPERATOR, person=membership.person)
    with clock.frozen(opens + dt.timedelta(hours=1)):
        for user in users:
            elections.do_cast_ballot(election, actor=user, marks=["Voter 9"])
    with clock.frozen(opens + dt.timedelta(hours=11)):
        (mandate,) = do_certify_election(elections.do_settle_election(election), actor=OPERATOR)
    return section, mandate


def bulk_members(section: Any, count: int, batch: int = 5000) -> list[str]:
    """Set-up only, not what is measured: `count` members with logins and open sessions,
    written with bulk_create (the roll's own import would journal each admission and hash a
    password per login, minutes for 100,000). Returns their session keys."""
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.db import transaction

    from commune.members.models import Membership, Person

    user_model = get_user_model()
    now = dt.datetime.now(dt.UTC)
    since = now - dt.timedelta(days=1)
    expires = now + dt.timedelta(days=1)
    from django.conf import settings

    backend = settings.AUTHENTICATION_BACKENDS[0]
    store = SessionStore()
    keys: list[str] = []
    started = time.perf_counter()
    for first in range(0, count, batch):
        size = min(batch, count - first)
        with transaction.atomic():
            users = user_model.objects.bulk_create(
                [
                    user_model(username=f"m{first + i}", password="!bench", date_joined=now)
                    for i in range(size)
                ]
            )
            people = Person.objects.bulk_create(
                [
                    Person(
                        commune=section.commune,
                        full_name=f"Member {first + i}",
                        user=user,
                        created_at=since,
                    )
                    for i, user in enumerate(users)
                ]
            )
            Membership.objects.bulk_create(
                [
                    Membership(
                        person=person,
                        commune=section.commune,
                        section=section,
                        started_at=since,
                    )
                    for person in people
                ]
            )
            sessions = []
            for user in users:
                key = secrets.token_hex(16)
                data = {
                    "_auth_user_id": str(user.pk),
                    "_auth_user_backend": backend,
                    "_auth_user_hash": user.get_session_auth_hash(),
                }
                sessions.append(
                    Session(session_key=key, session_data=store.encode(data), expire_date=expires)
                )
                keys.append(key)
            Session.objects.bulk_create(sessions)
        done = first + size
        if done % (batch * 4) == 0 or done == count:
            rate = done / (time.perf_counter() - started)
            print(f"  … {done:,} members with sessions ({rate:,.0f}/s)", file=sys.stderr)
    return keys


def call(port: int, method: str, path: str, session: str = "", body: bytes = b"") -> Any:
    """One request on its own connection; its JSON answer (set-up and checks, not measured)."""
    run = load(port, [request_bytes(method, path, session, body)], 1, "requests")
    status, answer = run.answers[0]
    if status >= 300:
        raise SystemExit(f"{method} {path}: {status} {answer[:300]!r}")
    return json.loads(answer)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000, help="members of the section")
    parser.add_argument(
        "--share", default="1/5", help="the constitution's petition threshold (a share)"
    )
    parser.add_argument("--concurrency", type=int, default=32, help="requests in flight")
    parser.add_argument("--workers", type=int, default=2, help="server processes")
    parser.add_argument("--threads", type=int, default=8, help="threads per server process")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("COMMUNE_DATABASE_URL"),
        help="a PostgreSQL database to use (emptied first); default: SQLite in a scratch dir",
    )
    parser.add_argument(
        "--data-dir",
        help="where the scratch data directory (and the SQLite file) is made: /dev/shm shows "
        "what the CPU alone allows, without the disk's fsync at each commit",
    )
    args = parser.parse_args()
    vendor, env = setup(args.database_url, args.data_dir)

    from django.db import connection

    from commune.communes.access import OPERATOR
    from commune.members import actions as members

    print(
        f"Recall petition through the API ({vendor}), {args.members:,} members, "
        f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}, Python {sys.version.split()[0]}"
    )
    t = time.perf_counter()
    section, mandate = seat_delegate()
    commune = section.commune
    if args.share != "1/5":
        rules = {**commune.constitution, "recall": {**commune.constitution["recall"]}}
        rules["recall"]["petition_threshold"] = args.share
        members.do_amend_constitution(commune, actor=OPERATOR, rules=rules, reason="Bench.")
    keys = bulk_members(section, args.members)
    print(
        f"  set-up (delegate elected, members and sessions bulk-created): "
        f"{time.perf_counter() - t:.0f} s"
    )
    connection.close()  # the server writes now
    port = free_port()
    server = start_server(port, args.workers, args.threads, Path(env["COMMUNE_DATA_DIR"]) / "log")
    try:
        petition = call(
            port,
            "POST",
            f"/api/v1/communes/{SLUG}/mandates/{mandate.pk}/petitions",
            keys[0],
            json.dumps({"reason": "He departed from our instructions."}).encode(),
        )
        threshold, registered = petition["threshold"], petition["registered"]
        signers = keys[1:threshold]  # the opener signed: these reach the threshold exactly
        print(
            f"  petition {petition['id']}: {registered:,} registered, threshold {threshold:,} "
            f"({args.share}); {len(signers):,} members sign, {args.concurrency} at a time, "
            f"server {args.workers} × {args.threads} threads"
        )
        path = f"/api/v1/communes/{SLUG}/petitions/{petition['id']}/signatures"
        posts = [request_bytes("POST", path, key, b"{}") for key in signers]
        cpu = group_cpu_seconds(server.pid), time.process_time()
        run = load(port, posts, args.concurrency, "signatures")
        user, system = (b - a for a, b in zip(cpu[0], group_cpu_seconds(server.pid), strict=True))
        client_cpu = time.process_time() - cpu[1]
        signed = run.statuses.get(201, 0)
        refused = [(status, body[:200]) for status, body in run.answers if status != 201]
        print(
            f"  signatures: {signed / run.elapsed:,.0f}/s ({signed:,} in {run.elapsed:.1f} s; "
            f"{len(refused)} refused{': ' + str(refused[:3]) if refused else ''})"
        )
        print(
            f"  latency: median {statistics.median(run.latencies) * 1e3:.1f} ms, "
            f"p99 {run.percentile(0.99) * 1e3:.1f} ms, max {max(run.latencies) * 1e3:.0f} ms"
        )
        print(
            f"  CPU per signature: server {(user + system) / signed * 1e3:.2f} ms "
            f"({system / signed * 1e3:.2f} of it in the kernel), load generator "
            f"{client_cpu / signed * 1e3:.2f} ms (load average {os.getloadavg()[0]:.1f})"
        )
        crossings = [
            (json.loads(body), latency)
            for (status, body), latency in zip(run.answers, run.latencies, strict=True)
            if status == 201 and b'"voting"' in body
        ]
        if not crossings:
            print("  the threshold was not reached: no recall vote")
            return
        crossing, latency = crossings[0]
        vote = call(port, "GET", f"/api/v1/elections/{crossing['vote']}")
        print(
            f"  threshold-crossing signature → recall vote {vote['state']}: "
            f"{latency * 1e3:.0f} ms in that one request "
            f"(the roll of {vote['registered']:,} frozen in it), "
            f"petition {crossing['state']} at {crossing['signatures']:,} signatures"
        )
    finally:
        stop_server(server)


if __name__ == "__main__":
    main()
