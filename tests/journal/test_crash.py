"""Nothing acknowledged is lost: appends survive SIGKILL at random moments.

A writer process appends acts and reports each one after its transaction has
committed; it is killed with SIGKILL at a random moment, many times over the
same database. After each kill, the log is exported by a fresh process and
checked by the independent verifier: every acknowledged entry is there, indices
have no gap, and the log is consistent with every checkpoint published before.
"""

from __future__ import annotations

import base64
import os
import random
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from commune.ledger.verify import verify_export

ROOT = Path(__file__).resolve().parents[2]
KILLS = 6


@pytest.fixture
def crash_database(tmp_path):
    """A database of its own, outside the test database: SQLite file or a new PostgreSQL db."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COMMUNE_", "DJANGO_"))}
    env.update(COMMUNE_DATA_DIR=str(tmp_path / "data"), COMMUNE_DEBUG="1", PYTHONPATH=str(ROOT))
    if connection.vendor == "postgresql":
        import psycopg

        settings = connection.settings_dict
        name = f"commune_crash_{uuid.uuid4().hex[:8]}"
        params = dict(
            host=settings["HOST"],
            port=settings["PORT"] or 5432,
            user=settings["USER"],
            password=settings["PASSWORD"],
            dbname="postgres",
        )
        with psycopg.connect(**params, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        user = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
        env["COMMUNE_DATABASE_URL"] = (
            f"postgres://{user}@{settings['HOST']}:{params['port']}/{name}"
        )
        yield env
        with psycopg.connect(**params, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        env["COMMUNE_DATABASE_URL"] = f"sqlite:///{tmp_path / 'crash.sqlite3'}"
        yield env


def run_until_killed(env: dict[str, str], acts: int) -> tuple[list[int], list[str]]:
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.journal.crash_writer"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    acked, checkpoints = [], []
    assert writer.stdout is not None
    ready = writer.stdout.readline()
    assert ready.strip() == "ready", ready + writer.stderr.read() if writer.stderr else ready
    deadline = time.monotonic() + 60
    while len(acked) < acts and time.monotonic() < deadline:
        line = writer.stdout.readline()
        word, _, value = line.strip().partition(" ")
        if word == "ack":
            acked.append(int(value))
        elif word == "checkpoint":
            checkpoints.append(base64.b64decode(value).decode())
    os.kill(writer.pid, signal.SIGKILL)  # mid-transaction or not: we do not know, on purpose
    writer.wait()
    for line in writer.stdout:  # acknowledgements already written before the kill count too
        word, _, value = line.strip().partition(" ")
        if word == "ack":
            acked.append(int(value))
        elif word == "checkpoint":
            checkpoints.append(base64.b64decode(value).decode())
    writer.stdout.close()
    if writer.stderr is not None:
        writer.stderr.close()
    return acked, checkpoints


def export(env: dict[str, str], path: Path) -> None:
    command = ["journal", "export", "--commune", "crash", "-o", str(path)]
    done = subprocess.run(
        [sys.executable, "-m", "commune.cli.main", *command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-3000:]


@pytest.mark.slow
@pytest.mark.django_db
def test_acknowledged_appends_survive_sigkill(crash_database, tmp_path):
    rng = random.Random(1871)
    all_acked: list[int] = []
    all_checkpoints: list[str] = []
    for round_number in range(KILLS):
        acked, checkpoints = run_until_killed(crash_database, rng.randint(1, 40))
        all_acked += acked
        all_checkpoints += checkpoints
        path = tmp_path / f"export-{round_number}.jsonl"
        export(crash_database, path)
        report = verify_export(path)
        assert report.ok, report.problems
        assert report.checkpoint is not None
        size = report.checkpoint.size
        assert max(all_acked) < size, "an acknowledged entry is missing after the kill"
        assert sorted(set(all_acked)) == sorted(all_acked), "an index was acknowledged twice"
        for note in all_checkpoints:  # consistent with everything published before the kill
            assert verify_export(path, trusted=note).ok
    assert len(all_acked) >= KILLS
