"""Fixtures of the ledger's tests: the RFC 6962 vectors, small logs and keys. No database."""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from commune.ledger.checkpoint import Checkpoint, sign_checkpoint
from commune.ledger.encoding import b64encode
from commune.ledger.entry import make_entry, parse_entry
from commune.ledger.export import ExportEntry, write_export
from commune.ledger.merkle import MemoryTree
from commune.ledger.note import SignerKey, generate_signer_key
from commune.ledger.rotation import rotation_payload

_HERE = Path(__file__).resolve()


def _shared_data() -> Path:
    """``<repo>/../shared/data/ledger`` when the repository sits beside shared/, else
    ``/work/shared/data/ledger``."""
    repo = _HERE.parents[2]
    for candidate in (repo.parent / "shared" / "data" / "ledger", Path("/work/shared/data/ledger")):
        if (candidate / "rfc6962-vectors.json").is_file():
            return candidate
    pytest.skip("the shared RFC 6962 vectors are not on this machine")


@pytest.fixture(scope="session")
def rfc6962_vectors() -> dict[str, Any]:
    with (_shared_data() / "rfc6962-vectors.json").open(encoding="utf-8") as handle:
        vectors: dict[str, Any] = json.load(handle)
    return vectors


@pytest.fixture(scope="session")
def rfc6962_leaves(rfc6962_vectors: dict[str, Any]) -> list[bytes]:
    return [bytes.fromhex(leaf) for leaf in rfc6962_vectors["leaves"]]


@pytest.fixture(autouse=True)
def _private_trust_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """`journal verify` remembers checkpoints in ~/.config: never in the user's own."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOME", str(tmp_path_factory.mktemp("home")))
        yield


# --- Fixture logs --------------------------------------------------------------------------


ORIGIN = "commune.example/paris"
KINDS = ["commune.proclaimed", "decree.adopted", "election.opened", "delegate.recalled"]
START = datetime(1871, 3, 28, 16, 0, tzinfo=UTC)
KEY = generate_signer_key(ORIGIN)


@dataclass
class FixtureLog:
    """A journal built in memory: its entries, tree and current signing key."""

    origin: str = ORIGIN
    key: SignerKey = KEY
    entries: list[bytes] = field(default_factory=list)
    tree: MemoryTree = field(default_factory=MemoryTree)
    public_keys: list[str] = field(default_factory=list)

    @property
    def commune(self) -> str:
        return self.origin.rsplit("/", 1)[-1]

    def append(self, kind: str | None = None, payload: dict[str, object] | None = None) -> bytes:
        index = len(self.entries)
        data = make_entry(
            commune=self.commune,
            index=index,
            kind=kind or KINDS[index % len(KINDS)],
            at=START + timedelta(minutes=index),
            payload=payload if payload is not None else {"n": index, "text": f"acte n° {index}"},
        )
        self.entries.append(data)
        self.tree.append(data)
        return data

    def rotate(self, new_key: SignerKey, endorsed_by: SignerKey | None = None) -> None:
        payload = rotation_payload(
            origin=self.origin,
            index=len(self.entries),
            new_key=new_key.verifier_key,
            endorsed_by=endorsed_by or self.key,
        )
        self.append("key.rotated", payload)
        self.key = new_key
        self.public_keys.append(str(new_key.verifier_key))

    def checkpoint(self, size: int | None = None, key: SignerKey | None = None) -> str:
        size = len(self.entries) if size is None else size
        head = Checkpoint(self.origin, size, self.tree.root(size))
        return sign_checkpoint(head, key or self.key)

    def export_entries(self, size: int | None = None) -> list[ExportEntry]:
        size = len(self.entries) if size is None else size
        return [ExportEntry(index, data) for index, data in enumerate(self.entries[:size])]

    def export(self, size: int | None = None, key: SignerKey | None = None) -> bytes:
        out = io.BytesIO()
        write_export(
            out,
            checkpoint=self.checkpoint(size, key),
            public_keys=self.public_keys,
            entries=self.export_entries(size),
        )
        return out.getvalue()


def build_log(size: int, key: SignerKey = KEY, origin: str = ORIGIN) -> FixtureLog:
    log = FixtureLog(origin=origin, key=key, public_keys=[str(key.verifier_key)])
    for _ in range(size):
        log.append()
    return log


@pytest.fixture
def make_log() -> Callable[..., FixtureLog]:
    return build_log


# --- A journal server for URL tests (no Django) -------------------------------------------


@dataclass
class ServedJournal:
    """What the fixture server answers; tests tamper with these fields."""

    log: FixtureLog
    note: str
    entries: list[dict[str, object]]
    public_key: str
    requests: list[str] = field(default_factory=list)


def served(log: FixtureLog, size: int | None = None) -> ServedJournal:
    size = len(log.entries) if size is None else size
    items: list[dict[str, object]] = []
    for data in log.entries[:size]:
        entry = parse_entry(data)
        items.append(
            {"index": entry.index, "data": b64encode(data), "kind": entry.kind, "at": entry.at}
        )
    return ServedJournal(log, log.checkpoint(size), items, str(log.public_keys[0]))


class _Handler(BaseHTTPRequestHandler):
    journal: ServedJournal

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        journal = self.server.journal  # type: ignore[attr-defined]
        url = urlparse(self.path)
        query = {k: int(v[0]) for k, v in parse_qs(url.query).items()}
        journal.requests.append(self.path)
        tree = journal.log.tree
        base = "/api/v1/journal"
        if url.path == base + "/checkpoint":
            self._send(200, journal.note.encode(), "text/plain; charset=utf-8")
        elif url.path == base + "/public-key":
            self._send(200, journal.public_key.encode() + b"\n", "text/plain")
        elif url.path == base + "/entries":
            start, end = query["start"], query["end"]
            if end - start > 1000:
                self._send(400, b'{"error":"too many"}', "application/json")
                return
            body = {"entries": journal.entries[start:end]}
            self._send(200, json.dumps(body).encode(), "application/json")
        elif url.path == base + "/proof/consistency":
            first, second = query["first"], query["second"]
            if not 0 < first <= second <= tree.size:
                self._send(400, b'{"error":"bad sizes"}', "application/json")
                return
            hashes = [b64encode(h) for h in tree.consistency_proof(first, second)]
            body = {"first": first, "second": second, "hashes": hashes}
            self._send(200, json.dumps(body).encode(), "application/json")
        elif url.path == base + "/proof/inclusion":
            index, size = query["index"], query["size"]
            hashes = [b64encode(h) for h in tree.inclusion_proof(index, size)]
            body = {"index": index, "size": size, "hashes": hashes}
            self._send(200, json.dumps(body).encode(), "application/json")
        else:
            self._send(404, b"not found", "text/plain")


@pytest.fixture
def journal_server() -> Iterator[Callable[[ServedJournal], str]]:
    """Serve a ServedJournal on 127.0.0.1 in a thread; yields a function returning its URL."""
    servers: list[ThreadingHTTPServer] = []

    def serve(journal: ServedJournal) -> str:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        server.journal = journal  # type: ignore[attr-defined]
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()
