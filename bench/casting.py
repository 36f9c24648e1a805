"""Benchmark of casting ballots through the HTTP API, and of counting a million stored ballots.

    python bench/casting.py                         # SQLite in a scratch directory, default sizes
    python bench/casting.py --members 20000 --ballots 5000 --count-ballots 100000
    python bench/casting.py --database-url postgres://postgres@127.0.0.1:5432/bench

Casting: a section of `--members` members is imported through the import action (one journal
entry), `--ballots` of them get an account and a signed-in session (written up front, as a
sign-in would write them), an election of the section opens (the clock freezes its roll
through the action), and the real server (`commune serve`, Granian) is started on loopback.
`--clients` clients, each with its own keep-alive connection (asyncio, a few lines of
HTTP/1.1), post one ballot per member as fast as the server answers: the figures are ballots
a second and the latency of each request (p50, p99), then the stored ballots and who-voted
rows are checked.

Counting: another section of `--count-ballots` members is imported and an election of it
opened (roll frozen by the action); that many who-voted rows and ballots (block vote, random
marks) are bulk-inserted directly; then the clock passes the closing instant and the time is
taken from the first access (which closes and counts it from the database through the real
actions: the BLT text the server publishes, the engine's count, the journal entry) to the
certified result (`do_certify_election`). Prints figures; asserts nothing but consistency.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from journal_db import setup  # noqa: E402  (the same scratch database set-up)
from loadgen import (  # noqa: E402
    free_port,
    group_cpu_seconds,
    load,
    postgres_cpu_seconds,
    request_bytes,
    say,
    start_server,
    stop_server,
)

CANDIDATES = 6
SEATS = 3


def import_section(commune: Any, number: int, members: int) -> Any:
    """A new section with `members` members, through the import action (one journal entry)."""
    from commune.communes.access import OPERATOR
    from commune.members import actions
    from commune.members.imports import MemberRow

    section = actions.do_create_section(commune, actor=OPERATOR, number=number, name=f"S{number}")
    rows = [
        MemberRow(line=i + 1, full_name=f"Membre {number}.{i}", email=None, section=str(number))
        for i in range(members)
    ]
    t = time.perf_counter()

    def progress(done: int) -> None:
        if done % 100_000 == 0:
            say(f"{done:,} members imported ({time.perf_counter() - t:.0f} s)")

    actions.do_import_members(commune, actor=OPERATOR, rows=rows, on_progress=progress)
    say(f"section {number}: {members:,} members in {time.perf_counter() - t:.1f} s")
    return section


def call_and_open(commune: Any, section: Any, opens_at: dt.datetime, closes_at: dt.datetime) -> Any:
    """An election of `section` with six candidates, opened by the clock (roll frozen)."""
    from commune import clock
    from commune.communes.access import OPERATOR
    from commune.elections import access, actions
    from commune.members.models import Person

    with clock.frozen(opens_at - dt.timedelta(minutes=1)):
        election = actions.do_call_election(
            commune,
            actor=OPERATOR,
            title=f"Section {section.number}",
            section=section,
            seats=SEATS,
            opens_at=opens_at,
            closes_at=closes_at,
        )
        people = Person.objects.filter(memberships__section=section).order_by("pk")[:CANDIDATES]
        for person in people:
            actions.do_file_candidacy(election, actor=OPERATOR, person=person)
    t = time.perf_counter()
    with clock.frozen(max(opens_at, clock.now())):
        election = access.access_election(OPERATOR, None, election.pk)
    say(f"opened, roll of {election.num_registered:,} frozen in {time.perf_counter() - t:.1f} s")
    return election


def accounts_and_sessions(section: Any, count: int) -> list[str]:
    """Accounts for the first `count` members of `section`, each signed in: session keys.

    Accounts are private (linking one journals nothing), so they are written in bulk."""
    import secrets

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.db import connection, transaction
    from django.utils import timezone

    from commune.members.models import Membership

    t = time.perf_counter()
    people = list(
        Membership.objects.filter(section=section)
        .order_by("person_id")
        .values_list("person_id", flat=True)[:count]
    )
    unusable = make_password(None)
    with transaction.atomic():
        users = User.objects.bulk_create(
            [User(username=f"s{section.number}-{i}", password=unusable) for i in range(count)],
            batch_size=2000,
        )
        with connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE members_person SET user_id = %s WHERE id = %s",
                [(u.pk, p) for u, p in zip(users, people, strict=True)],
            )
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
            rows.append(
                Session(session_key=key, session_data=store.encode(data), expire_date=expire)
            )
            keys.append(key)
        Session.objects.bulk_create(rows, batch_size=2000)
    say(f"{count:,} accounts signed in, in {time.perf_counter() - t:.1f} s")
    return keys


def ballot_posts(election_id: int, names: list[str], sessions: list[str]) -> list[bytes]:
    """One ballot per session (one to three names, a fixed seed), as the API takes it."""
    rng = random.Random(1871)
    path = f"/api/v1/elections/{election_id}/ballots"
    return [
        request_bytes(
            "POST",
            path,
            session,
            json.dumps({"ballot": rng.sample(names, rng.randint(1, SEATS))}).encode(),
        )
        for session in sessions
    ]


def bench_casting(commune: Any, args: argparse.Namespace, vendor: str) -> None:
    from django.db import connection

    from commune.elections import queries
    from commune.elections.models import Ballot, Voted

    section = import_section(commune, 1, args.members)
    now = dt.datetime.now(dt.UTC)
    election = call_and_open(commune, section, now, now + dt.timedelta(days=1))
    sessions = accounts_and_sessions(section, args.ballots)
    names = queries.ballot_names(election)
    connection.close()  # the server writes now; this process only reads at the end
    log = Path(os.environ["COMMUNE_DATA_DIR"]) / "server.log"
    port = free_port()
    server = start_server(port, args.workers, args.threads, log)
    posts = ballot_posts(election.pk, names, sessions)
    try:
        warm = load(port, posts[: args.clients], args.clients, "ballots")
        cpu = group_cpu_seconds(server.pid), time.process_time(), postgres_cpu_seconds()
        run = load(port, posts[args.clients :], args.clients, "ballots")
        user, system = (b - a for a, b in zip(cpu[0], group_cpu_seconds(server.pid), strict=True))
        server_cpu = user + system
        client_cpu = time.process_time() - cpu[1]
        database_cpu = postgres_cpu_seconds() - cpu[2]
    finally:
        stop_server(server)
    cast = run.statuses.get(201, 0)
    stored = Ballot.objects.filter(election=election).count()
    voters = Voted.objects.filter(election=election).count()
    print(
        f"Casting over HTTP ({vendor}; {args.members:,} members on the roll, {args.clients} "
        f"clients, server: {args.workers} worker(s) × {args.threads} threads)"
    )
    print(
        f"  ballots cast             {cast:,} in {run.elapsed:.1f} s "
        f"(after {args.clients} to warm up)"
    )
    print(f"  throughput               {cast / run.elapsed:,.0f} ballots/s")
    print(
        f"  latency                  p50 {run.percentile(0.5) * 1e3:.1f} ms, "
        f"p99 {run.percentile(0.99) * 1e3:.1f} ms, "
        f"max {max(run.latencies) * 1e3:.0f} ms"
    )
    print(
        f"  CPU per ballot           server {server_cpu / cast * 1e3:.2f} ms "
        f"({system / cast * 1e3:.2f} of it in the kernel), "
        f"load generator {client_cpu / cast * 1e3:.2f} ms "
        f"(machine load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
    )
    if vendor == "postgresql":
        print(f"  PostgreSQL's CPU          {database_cpu / cast * 1e3:.2f} ms per ballot")
    print(f"  answers                  {dict(sorted(run.statuses.items()))}")
    for status, body in [a for a in run.answers if a[0] != 201][:3]:
        print(f"    {status} {body[:300]!r}")
    expected = cast + warm.statuses.get(201, 0)
    print(f"  stored ballots / voters  {stored:,} / {voters:,} (expected {expected:,})")


def bench_counting(commune: Any, args: argparse.Namespace, vendor: str) -> None:
    from django.db import transaction

    from commune import clock
    from commune.communes.access import OPERATOR
    from commune.elections import access, ballots, queries
    from commune.elections.models import Ballot, RollEntry, Voted
    from commune.mandates.actions import do_certify_election

    section = import_section(commune, 2, args.count_ballots)
    opens = dt.datetime.now(dt.UTC) + dt.timedelta(days=10)
    closes = opens + dt.timedelta(hours=10)
    election = call_and_open(commune, section, opens, closes)
    t = time.perf_counter()
    rng = random.Random(1789)
    candidates = list(range(1, CANDIDATES + 1))
    weights = [30, 25, 20, 12, 8, 5]
    people = list(RollEntry.objects.filter(election=election).values_list("person_id", flat=True))
    batch: list[int] = []

    places = list(range(len(people)))
    rng.shuffle(places)

    def write(batch: list[int]) -> None:
        voted, rows = [], []
        for person_id in batch:
            voted.append(Voted(election=election, person_id=person_id))
            if rng.random() < 0.02:
                marks = ""
            else:
                chosen = set(rng.choices(candidates, weights, k=rng.randint(1, SEATS)))
                marks = " ".join(map(str, sorted(chosen)))
            rows.append(
                Ballot(
                    election=election,
                    marks=marks,
                    is_blank=not marks,
                    receipt=ballots.make_receipt(election.pk, marks),
                    place=places.pop(),
                )
            )
        with transaction.atomic():
            Voted.objects.bulk_create(voted, batch_size=5000)
            Ballot.objects.bulk_create(rows, batch_size=5000)

    written = 0
    for person_id in people:
        batch.append(person_id)
        if len(batch) == 20_000:
            write(batch)
            written += len(batch)
            batch = []
            if written % 200_000 == 0:
                say(f"{written:,} ballots stored ({time.perf_counter() - t:.0f} s)")
    write(batch)
    say(f"{args.count_ballots:,} ballots and voters stored in {time.perf_counter() - t:.0f} s")

    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    with clock.frozen(closes + dt.timedelta(minutes=1)):
        t0 = time.perf_counter()
        election = access.access_election(OPERATOR, None, election.pk)  # closes and counts
        t1 = time.perf_counter()
        do_certify_election(election, actor=OPERATOR)
        t2 = time.perf_counter()
    if profiler is not None:
        import pstats

        profiler.disable()
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
    result = election.result or {}
    turnout = queries.turnout(election)
    print(f"Counting stored ballots ({vendor}, block vote, {SEATS} seats of {CANDIDATES})")
    print(f"  ballots                  {turnout.ballots:,} ({turnout.blank:,} blank)")
    print(f"  close and count          {t1 - t0:.2f} s (read, BLT text, engine, journal)")
    print(f"  certify                  {t2 - t1:.2f} s")
    print(f"  database to certified    {t2 - t0:.2f} s")
    print(f"  winners                  {result.get('winners')}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000, help="members on the roll")
    parser.add_argument("--ballots", type=int, default=20_000, help="ballots cast over HTTP")
    parser.add_argument("--clients", type=int, default=16, help="concurrent HTTP clients")
    parser.add_argument("--workers", type=int, default=1, help="server worker processes")
    parser.add_argument("--threads", type=int, default=8, help="server threads per worker")
    parser.add_argument(
        "--count-ballots", type=int, default=1_000_000, help="stored ballots to count"
    )
    parser.add_argument("--database-url", help="PostgreSQL URL (its schema is dropped first)")
    parser.add_argument("--skip-casting", action="store_true", help="only the count")
    parser.add_argument("--skip-counting", action="store_true", help="only the casting")
    parser.add_argument("--profile", action="store_true", help="profile the count (cProfile)")
    args = parser.parse_args()
    if args.ballots > args.members:
        parser.error("--ballots cannot exceed --members (one ballot per member)")
    vendor = setup(args.database_url or os.environ.get("COMMUNE_DATABASE_URL"))
    print(f"Elections benchmark ({vendor}), data in {os.environ['COMMUNE_DATA_DIR']}")

    from commune.communes.access import OPERATOR
    from commune.members import actions

    commune = actions.do_found_commune(actor=OPERATOR, slug="bench", name="Bench")
    if not args.skip_casting:
        bench_casting(commune, args, vendor)
    if not args.skip_counting:
        bench_counting(commune, args, vendor)


if __name__ == "__main__":
    main()
