"""Every reader of the verifier streams or stops at a limit, and says which limit it hit: a
huge or endless answer, line or file costs a bounded amount of memory, then one line."""

from __future__ import annotations

import base64
import json
import os
import threading
import tracemalloc
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from commune.ledger import limits
from commune.ledger.cli import main
from commune.ledger.errors import InputTooLargeError
from commune.ledger.verify import verify_export, verify_url

from .conftest import KEY, ServedJournal, build_log, served

Serve = Callable[[ServedJournal], str]
LOG = build_log(20)
ZEROS = b"0" * (1 << 16)


class _Endless(BaseHTTPRequestHandler):
    """Answers every request with a body that never ends (no Content-Length), or with one
    that announces a huge Content-Length, after the given path."""

    protocol_version = "HTTP/1.1"
    endless: str = ""
    announce: str = ""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path.startswith(self.endless) or self.path.startswith(self.announce):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            if self.path.startswith(self.announce):
                self.send_header("Content-Length", str(3 << 30))
            else:
                self.send_header("Connection", "close")
            self.end_headers()
            try:
                while True:
                    self.wfile.write(ZEROS)
            except OSError:
                return  # the verifier hung up: what it should do
        journal = self.server.journal  # type: ignore[attr-defined]
        if self.path.endswith("/checkpoint"):
            body = journal.note.encode()
        else:
            body = json.dumps({"entries": journal.entries[:1000]}).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def endless_server() -> Iterator[Callable[..., str]]:
    servers: list[ThreadingHTTPServer] = []

    def serve(*, endless: str = "\x00", announce: str = "\x00") -> str:
        handler = type("Handler", (_Endless,), {"endless": endless, "announce": announce})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        server.journal = served(LOG)  # type: ignore[attr-defined]
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


def _peak_while(action: Callable[[], object]) -> tuple[object, int]:
    """What ``action`` returned (or raised), and the most memory Python held meanwhile."""
    tracemalloc.start()
    try:
        outcome: object = action()
    except Exception as exc:
        outcome = exc
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return outcome, peak


@pytest.mark.parametrize("endpoint", ["/checkpoint", "/entries"])
def test_an_endless_answer_is_cut_off_at_its_limit(
    endless_server: Callable[..., str], monkeypatch: pytest.MonkeyPatch, endpoint: str
) -> None:
    """A server whose answer never ends: the verifier stops at its limit for that answer
    (a page of entries is asked again in halves first), and says which limit."""
    monkeypatch.setattr(limits, "MAX_ANSWER_BYTES", 4 << 20)
    url = endless_server(endless=f"/api/v1/journal{endpoint}")
    error, peak = _peak_while(lambda: verify_url(url, public_key=KEY.verifier_key, timeout=10))
    assert isinstance(error, InputTooLargeError), error
    limit = "1 MiB" if endpoint == "/checkpoint" else "4 MiB"
    assert f"exceeds {limit}" in error.message and "limit" in error.message
    assert peak < 24 << 20


def test_an_announced_huge_answer_is_refused_before_it_is_read(
    endless_server: Callable[..., str],
) -> None:
    """A Content-Length beyond the limit is refused at once."""
    url = endless_server(announce="/api/v1/journal/entries")
    error, peak = _peak_while(lambda: verify_url(url, public_key=KEY.verifier_key, timeout=10))
    assert isinstance(error, InputTooLargeError), error
    assert "announces 3221225472 bytes" in error.message and "64 MiB" in error.message
    assert peak < 8 << 20


def test_a_page_too_large_is_asked_again_in_halves(
    journal_server: Serve, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Entries whose page of 1,000 exceeds the limit are fetched in smaller pages."""
    big = build_log(0)
    for index in range(300):
        big.append(payload={"n": index, "text": "x" * 3000})
    monkeypatch.setattr(limits, "MAX_ANSWER_BYTES", 256 << 10)
    journal = served(big)
    report = verify_url(journal_server(journal), public_key=KEY.verifier_key)
    assert report.ok, report.problems
    pages = [r for r in journal.requests if "/entries" in r]
    assert pages[-1].endswith("end=300") and len(pages) > 5


def test_one_entry_beyond_the_limit_is_named(
    journal_server: Serve, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An entry whose answer alone exceeds the limit: the error names it and the limit."""
    monkeypatch.setattr(limits, "MAX_ANSWER_BYTES", 64 << 10)
    journal = served(LOG)
    journal.entries[7]["data"] = base64.b64encode(b"y" * (100 << 10)).decode()
    with pytest.raises(InputTooLargeError, match=r"entry 7 alone: .* exceeds 64 KiB"):
        verify_url(journal_server(journal), public_key=KEY.verifier_key)


def _sparse(path: Path, head: bytes, hole: int, tail: bytes) -> Path:
    """A file of `head`, `hole` zero bytes that take no disk space, then `tail`."""
    with path.open("wb") as out:
        out.write(head)
        out.seek(hole, os.SEEK_CUR)
        out.write(tail)
    return path


@pytest.mark.parametrize("where", ["header", "entry", "footer"])
def test_an_export_line_without_end_is_cut_off(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    """A line of a gigabyte (here: zeros) stops the verifier at the line limit, with exit
    status 2 and one line naming it, having read little more than the limit."""
    lines = LOG.export().split(b"\n")
    header, entries, footer = lines[0] + b"\n", b"\n".join(lines[1:-2]) + b"\n", lines[-2]
    hole = 1 << 30
    if where == "header":
        path = _sparse(tmp_path / "export", b"", hole, b"\n" + entries + footer + b"\n")
    elif where == "entry":
        path = _sparse(tmp_path / "export", header + entries, hole, b"\n" + footer + b"\n")
    else:
        path = _sparse(tmp_path / "export", header + entries + footer, hole, b"\n")
    status, peak = _peak_while(lambda: main(["verify", str(path), "--jobs", "1"]))
    assert status == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "input_too_large" in err[0] and "16 MiB" in err[0], err
    assert peak < 96 << 20


def test_files_named_on_the_command_line_are_read_up_to_a_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--trusted and --public-key given an endless device: one line naming the limit."""
    export = tmp_path / "journal.jsonl"
    export.write_bytes(LOG.export())
    for option, limit in (("--trusted", "1 MiB"), ("--public-key", "64 KiB")):
        assert main(["verify", str(export), option, "/dev/zero"]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and limit in err[0], err


def test_a_large_good_export_still_verifies(tmp_path: Path) -> None:
    """Lines longer than a read block but within the limit are fine."""
    log = build_log(0)
    for index in range(3):
        log.append(payload={"n": index, "text": "z" * (5 << 20)})
    path = tmp_path / "journal.jsonl"
    path.write_bytes(log.export())
    assert verify_export(path, public_key=KEY.verifier_key, jobs=1).ok


def test_the_streaming_reader_refuses_a_line_beyond_its_limit() -> None:
    """ExportReader reads no more of a line than its limit."""
    import io

    from commune.ledger.errors import ExportFormatError
    from commune.ledger.export import ExportReader

    lines = LOG.export().split(b"\n")
    with pytest.raises(ExportFormatError, match="first line is longer than 100 bytes"):
        ExportReader(io.BytesIO(b"x" * 1000), max_line=100)
    reader = ExportReader(io.BytesIO(LOG.export()), max_line=len(lines[0]) + 1)
    with pytest.raises(ExportFormatError, match="line of entry 0 is longer"):
        list(reader)
