"""Nothing acknowledged is lost: ballots survive SIGKILL of the server at random moments.

The real server (`commune serve`, Granian) runs on the test's committed database (the SQLite
file or the PostgreSQL test database). Members, signed in, post their ballots through the
API from several connections at once; the server's whole process group is killed with
SIGKILL at a random moment, several times, and started again. After each kill: every
ballot whose receipt reached its voter is stored (found by its receipt), and the election
has exactly as many ballots as who-voted rows. A member whose request was cut off tries
again after the restart: a 201 (the first attempt was lost whole) or a 409 (it had
committed whole) are both right; anything else is not.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import queue
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from tests.elections import live

from commune.elections.models import Ballot, Voted

ROUNDS = 4
CLIENTS = 6
CSRF = "c" * 32  # the CSRF cookie and header (any 32 letters or digits are a valid secret)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(env: dict[str, str], port: int, log: Path, election_id: int) -> subprocess.Popen:
    command = [sys.executable, "-m", "commune.cli.main", "serve", "--port", str(port)]
    with log.open("ab") as out:
        server = subprocess.Popen(
            [*command, "--threads", "4"],
            cwd=live.ROOT,
            env=env,
            stdout=out,
            stderr=out,
            start_new_session=True,  # its own process group: the kill takes its workers too
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", f"/api/v1/elections/{election_id}")
            if conn.getresponse().status == 200:
                conn.close()
                return server
        except OSError:
            time.sleep(0.1)
        assert server.poll() is None, log.read_text()[-3000:]
    kill(server)
    raise AssertionError("the server did not answer within 60 s: " + log.read_text()[-3000:])


def kill(server: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):  # already gone
        os.killpg(server.pid, signal.SIGKILL)
    server.wait()


class Voters:
    """Members waiting to cast, and what became of each request."""

    def __init__(self, sessions: list[str]) -> None:
        self.todo: queue.Queue[tuple[str, bool]] = queue.Queue()
        for key in sessions:
            self.todo.put((key, False))
        self.acked: dict[str, str] = {}  # session → receipt, for every 201
        self.cut_off: list[str] = []  # sessions whose request got no answer
        self.unexpected: list[tuple[str, int, bytes]] = []
        self.lock = threading.Lock()

    def cast(self, port: int, election_id: int) -> None:
        """Post ballots one member after another until the server dies or no one is left."""
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            try:
                key, retry = self.todo.get_nowait()
            except queue.Empty:
                return
            headers = {
                "Content-Type": "application/json",
                "Cookie": f"sessionid={key}; csrftoken={CSRF}",
                "X-CSRFToken": CSRF,
            }
            try:
                conn.request(
                    "POST",
                    f"/api/v1/elections/{election_id}/ballots",
                    json.dumps({"ballot": [random.choice(live.OPTIONS)]}),
                    headers,
                )
                response = conn.getresponse()
                body = response.read()
            except (OSError, http.client.HTTPException):
                with self.lock:
                    self.cut_off.append(key)
                return
            with self.lock:
                if response.status == 201:
                    self.acked[key] = json.loads(body)["receipt"]
                elif not (response.status == 409 and retry and b"already_voted" in body):
                    self.unexpected.append((key, response.status, body[:300]))

    def retry_cut_off(self) -> None:
        for key in self.cut_off:
            self.todo.put((key, True))
        self.cut_off = []


@pytest.mark.slow
def test_acknowledged_ballots_survive_sigkill_of_the_server(committed_db, tmp_path):
    state = live.open_question(3000)
    election = state.election
    voters = Voters(live.sessions_for(state.users))
    env = live.process_env(tmp_path)
    rng = random.Random(1871)
    log = tmp_path / "server.log"
    for round_number in range(ROUNDS):
        voters.retry_cut_off()
        port = free_port()  # the last one's connections linger in TIME_WAIT
        server = start_server(env, port, log, election.pk)
        try:
            clients = [
                threading.Thread(target=voters.cast, args=(port, election.pk))
                for _ in range(CLIENTS)
            ]
            for client in clients:
                client.start()
            time.sleep(rng.uniform(0.2, 1.0))  # casting in full flow: kill at any moment
        finally:
            kill(server)
        for client in clients:
            client.join(60)
        assert voters.unexpected == [], voters.unexpected[:5]
        stored = set(Ballot.objects.filter(election=election).values_list("receipt", flat=True))
        lost = [r for r in voters.acked.values() if r not in stored]
        assert lost == [], f"round {round_number}: {len(lost)} acknowledged ballots lost"
        ballots = Ballot.objects.filter(election=election).count()
        assert ballots == Voted.objects.filter(election=election).count()
        assert ballots >= len(voters.acked)
    assert len(voters.acked) >= ROUNDS * CLIENTS, "too few ballots were cast to test anything"
    assert voters.todo.qsize() > 0, "every member voted before the last kill: add members"
