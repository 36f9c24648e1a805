"""The fuzz corpus replayed through ``journal verify``: every input found to crash it, or
made by fuzzing the export reader and the URL verifier, gets its exit status (2: the input
is unusable, 1: the log is bad) and one clear line, never a traceback.

The corpus and how it is made: ``fuzz_corpus/make_corpus.py``.
"""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from commune.ledger.cli import main
from commune.ledger.encoding import b64encode
from commune.ledger.export import read_all
from commune.ledger.merkle import MemoryTree

CORPUS = Path(__file__).resolve().parent / "fuzz_corpus"
API = "/api/v1/journal"


@dataclass(frozen=True)
class Expected:
    status: int
    line: str
    args: tuple[str, ...]

    @classmethod
    def read(cls, case: str) -> Expected:
        fields: dict[str, str] = {}
        text = (CORPUS / f"{case}.expected").read_text(encoding="utf-8")
        for line in text.splitlines():
            name, _, value = line.partition(": ")
            fields[name] = value
        args = tuple(fields["args"].split()) if fields.get("args") else ()
        return cls(int(fields["exit"]), fields["line"], args)


def _cases(suffix: str) -> list[str]:
    return sorted(
        p.name[: -len(suffix)] for p in CORPUS.glob(f"*{suffix}") if not p.name.startswith("_")
    )


def _fill(text: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        text = text.replace(f"{{{name}}}", value)
    return text


def _replay(case: str, source: str, capsys: pytest.CaptureFixture[str], **values: str) -> None:
    expected = Expected.read(case)
    values = {"dir": str(CORPUS), **values}
    args = [_fill(arg, values) for arg in expected.args]
    status = main(["verify", source, "--no-trust-store", "--jobs", "1", *args])
    out, err = capsys.readouterr()
    line = _fill(expected.line, values)
    assert "Traceback" not in out + err and "internal_error" not in err
    assert status == expected.status, (out, err)
    if status == 2:
        assert err.splitlines() == [line], err
    else:
        assert line in out.splitlines(), out
    assert all(len(text) <= 500 for text in (out + err).splitlines())


def test_every_case_has_its_expected_outcome() -> None:
    """Each input of the corpus comes with the line it must produce."""
    inputs = _cases(".jsonl") + _cases(".http.json")
    assert len(inputs) >= 30
    assert sorted(inputs) == _cases(".expected")


@pytest.mark.parametrize("case", _cases(".jsonl"))
def test_an_export_of_the_corpus_gets_one_clear_line(
    case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """An export of the corpus: the expected exit status and line, no traceback."""
    _replay(case, str(CORPUS / f"{case}.jsonl"), capsys)


# --- The server -----------------------------------------------------------------------------


class _Journal(BaseHTTPRequestHandler):
    """Serves the journal of ``_served.jsonl``, except the answers a case overrides."""

    answers: dict[str, tuple[int, bytes]] = {}
    entries: list[bytes] = []
    note = ""
    key = ""
    tree = MemoryTree()

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        url = urlparse(self.path)
        query = {name: int(value[0]) for name, value in parse_qs(url.query).items()}
        status, body = self.answers.get(url.path) or self._answer(url.path, query)
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _answer(self, path: str, query: dict[str, int]) -> tuple[int, bytes]:
        if path == f"{API}/checkpoint":
            return 200, self.note.encode()
        if path == f"{API}/public-key":
            return 200, self.key.encode() + b"\n"
        if path == f"{API}/entries":
            items = [
                {
                    "index": index,
                    "data": b64encode(data),
                    "kind": json.loads(data)["kind"],
                    "at": json.loads(data)["at"],
                }
                for index, data in enumerate(self.entries)
            ]
            return 200, json.dumps({"entries": items[query["start"] : query["end"]]}).encode()
        if path == f"{API}/proof/consistency":
            proof = self.tree.consistency_proof(query["first"], query["second"])
            return 200, json.dumps({"hashes": [b64encode(h) for h in proof]}).encode()
        return 404, b""


@pytest.fixture
def corpus_server() -> Iterator[ThreadingHTTPServer]:
    with (CORPUS / "_served.jsonl").open("rb") as handle:
        header, lines, note = read_all(handle)
    tree = MemoryTree()
    tree.extend(line.data for line in lines)
    handler = type(
        "Handler",
        (_Journal,),
        {
            "entries": [line.data for line in lines],
            "note": note,
            "key": header.public_keys[0],
            "tree": tree,
        },
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("case", _cases(".http.json"))
def test_a_server_of_the_corpus_gets_one_clear_line(
    case: str, corpus_server: ThreadingHTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """A server giving the answers of the corpus: the expected exit status and line."""
    overrides = json.loads((CORPUS / f"{case}.http.json").read_text(encoding="utf-8"))
    corpus_server.RequestHandlerClass.answers = {  # type: ignore[attr-defined]
        path: (answer["status"], base64.b64decode(answer["body_b64"]))
        for path, answer in overrides.items()
    }
    url = f"http://127.0.0.1:{corpus_server.server_address[1]}"
    _replay(case, url, capsys, url=url)
