"""One member, one vote under concurrent attempts, with real commits (SQLite and PostgreSQL).

The guard is the unique constraint on `Voted(election, person)`, inserted in the same
transaction as the ballot: separate operating-system processes hammering the same member's
ballot must leave exactly one ballot and one who-voted row, and every other attempt must be
refused as already voted (409), never fail otherwise.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading

from django.db import connection
from django.test import Client
from tests.elections import live

from commune.elections.models import Ballot, Voted

PROCESSES = 8
ATTEMPTS = 50


def test_eight_processes_of_fifty_attempts_cast_one_ballot(committed_db, tmp_path):
    """8 processes × 50 attempts to cast the same member's ballot: one ballot counted."""
    state = live.open_question(3)
    env = live.process_env(tmp_path)
    command = [sys.executable, "-m", "tests.elections.cast_worker"]
    args = [str(state.election.pk), str(state.users[0].pk), str(ATTEMPTS)]
    workers = [
        subprocess.Popen(
            command + args,
            cwd=live.ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(PROCESSES)
    ]
    try:
        for worker in workers:
            assert worker.stdout is not None and worker.stdin is not None
            ready = worker.stdout.readline()
            assert ready.strip() == "ready", ready + worker.communicate(timeout=10)[1]
        for worker in workers:  # every worker waits on its input: go, all at once
            worker.stdin.write("go\n")  # type: ignore[union-attr]
            worker.stdin.flush()  # type: ignore[union-attr]
        outcomes = []
        for worker in workers:
            out, err = worker.communicate(timeout=120)
            assert worker.returncode == 0, err[-3000:]
            outcomes.append(json.loads(out.strip().splitlines()[-1]))
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
    receipts = [r for o in outcomes for r in o["receipts"]]
    assert [e for o in outcomes for e in o["errors"]] == []
    assert len(receipts) == 1, outcomes
    assert sum(o["already_voted"] for o in outcomes) == PROCESSES * ATTEMPTS - 1
    assert list(Ballot.objects.values_list("receipt", flat=True)) == receipts
    assert Voted.objects.get().person.user_id == state.users[0].pk


def test_concurrent_posts_of_one_member_get_one_201_and_409s(committed_db):
    """Eight requests of one member at once through the API: one 201, seven 409."""
    state = live.open_question(2)
    barrier = threading.Barrier(PROCESSES)
    responses: list[object] = [None] * PROCESSES

    def post(i: int) -> None:
        client = Client()
        client.force_login(state.users[0])
        barrier.wait()
        try:
            responses[i] = client.post(
                f"/api/v1/elections/{state.election.pk}/ballots",
                json.dumps({"ballot": ["Non"]}),
                content_type="application/json",
            )
        except Exception as error:  # kept and asserted on below
            responses[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(i,)) for i in range(PROCESSES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    statuses = sorted(getattr(r, "status_code", r) for r in responses)
    assert statuses == [201] + [409] * (PROCESSES - 1), responses
    codes = {r.json()["code"] for r in responses if r.status_code == 409}  # type: ignore[union-attr]
    assert codes == {"already_voted"}
    assert Ballot.objects.count() == 1 and Voted.objects.count() == 1
