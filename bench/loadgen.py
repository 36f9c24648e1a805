"""What the HTTP benchmarks share: the real server on loopback, and a lean load generator.

The server is `commune serve` (Granian) in its own process group, so its CPU time can be
read and it can be stopped with its workers. The load generator is a few lines of
HTTP/1.1 on asyncio streams, one keep-alive connection per client: a full HTTP client
would take a large share of the two cores from the server it measures.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CSRF = "b" * 32  # the CSRF cookie and header: any 32 letters or digits are a valid secret


def say(text: str) -> None:
    print(f"  … {text}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(port: int, workers: int, threads: int, log: Path) -> subprocess.Popen[bytes]:
    """`commune serve` on loopback, with this process's environment (its data directory)."""
    command = [sys.executable, "-m", "commune.cli.main", "serve", "--port", str(port)]
    command += ["--workers", str(workers), "--threads", str(threads)]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COMMUNE_LOG_LEVEL": "WARNING"}
    with log.open("ab") as out:
        server = subprocess.Popen(command, env=env, stdout=out, stderr=out, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit("the server stopped: " + log.read_text()[-2000:]) from None
            time.sleep(0.2)
    stop_server(server)
    raise SystemExit("the server did not start within 60 s")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(10)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def _cpu_seconds(wanted: Callable[[str, list[str]], bool]) -> tuple[float, float]:
    """CPU time (user, system) of the live processes `wanted(name, fields)` (Linux /proc)."""
    user = system = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            head, tail = stat.read_text().rsplit(")", 1)
        except (OSError, ValueError):
            continue
        fields = tail.split()
        if wanted(head.partition("(")[2], fields):
            user, system = user + int(fields[11]), system + int(fields[12])  # utime, stime
    tick = os.sysconf("SC_CLK_TCK")
    return user / tick, system / tick


def group_cpu_seconds(group: int) -> tuple[float, float]:
    """CPU time (user, system) of the live processes of a process group."""
    return _cpu_seconds(lambda _name, fields: int(fields[2]) == group)  # pgrp


def postgres_cpu_seconds() -> float:
    """CPU time of the machine's PostgreSQL processes (its backends stay connected for the
    whole run: the server keeps its connections). Zero where PostgreSQL runs elsewhere."""
    return sum(_cpu_seconds(lambda name, _fields: name == "postgres"))


def request_bytes(method: str, path: str, session: str, body: bytes) -> bytes:
    """A request as a signed-in page would send it: session cookie, CSRF cookie and header."""
    head = (
        f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nCookie: sessionid={session}; csrftoken={CSRF}\r\n"
        f"X-CSRFToken: {CSRF}\r\n\r\n"
    )
    return head.encode() + body


async def _exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, raw: bytes
) -> tuple[int, bytes]:
    writer.write(raw)
    await writer.drain()
    status = int((await reader.readline()).split()[1])
    length = 0
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    return status, await reader.readexactly(length)


@dataclass
class Run:
    """What a load run saw: each request's latency and answer, and its wall time."""

    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    answers: list[tuple[int, bytes]] = field(default_factory=list)  # (status, body) in order
    elapsed: float = 0.0

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def _load(port: int, requests: Iterable[bytes], clients: int, what: str) -> Run:
    pending = iter(requests)
    run = Run()
    started = time.perf_counter()

    async def client() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        for raw in pending:
            t = time.perf_counter()
            status, body = await _exchange(reader, writer, raw)
            run.latencies.append(time.perf_counter() - t)
            run.statuses[status] = run.statuses.get(status, 0) + 1
            run.answers.append((status, body))
            if len(run.latencies) % 2000 == 0:
                rate = len(run.latencies) / (time.perf_counter() - started)
                say(f"{len(run.latencies):,} {what} ({rate:,.0f}/s)")
        writer.close()

    await asyncio.gather(*(client() for _ in range(clients)))
    run.elapsed = time.perf_counter() - started
    return run


def load(port: int, requests: Iterable[bytes], clients: int, what: str) -> Run:
    """Send `requests` over `clients` keep-alive connections, each waiting for its answer."""
    return asyncio.run(_load(port, requests, clients, what))
