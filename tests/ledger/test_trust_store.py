"""``journal verify`` remembers the last checkpoint it verified per journal (like SSH's
known_hosts), so that a fork or a rollback is caught on the next run without --trusted."""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from commune.ledger.cli import main

from .conftest import KEY, ServedJournal, build_log, served

LOG = build_log(30)


def _fork(size: int, at: int) -> bytes:
    """An export of the same journal (same origin and key) rewritten from entry `at` on."""
    other = build_log(at)
    other.append(payload={"n": at, "text": "rewritten"})
    while len(other.entries) < size:
        other.append()
    return other.export()


def _run(source: Path | str, store: Path, *more: str) -> int:
    argv = ["verify", str(source), "--public-key", str(KEY.verifier_key)]
    return main([*argv, "--trust-store", str(store), *more])


@pytest.fixture
def export(tmp_path: Path) -> Path:
    path = tmp_path / "journal.jsonl"
    path.write_bytes(LOG.export(20))
    return path


def test_the_first_run_remembers_the_checkpoint(
    export: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A journal seen for the first time is remembered, in a file only its owner reads,
    and the run says so."""
    store = tmp_path / "config" / "known_checkpoints"
    assert _run(export, store) == 0
    out = capsys.readouterr().out
    assert "first time this journal is seen: remembering commune.example/paris at size 20" in out
    assert stat.S_IMODE(store.stat().st_mode) == 0o600
    lines = [line for line in store.read_text().splitlines() if not line.startswith("#")]
    assert len(lines) == 1 and lines[0].startswith("commune.example/paris 20 ")


def test_a_fork_is_caught_on_the_second_run(
    export: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same journal rewritten below the remembered size fails the second run, naming
    both sizes; the store keeps the checkpoint it had."""
    store = tmp_path / "known_checkpoints"
    assert _run(export, store) == 0
    remembered = store.read_bytes()
    capsys.readouterr()
    export.write_bytes(_fork(26, at=11))
    assert _run(export, store) == 1
    out = capsys.readouterr().out
    assert "fork:" in out and "size 26" in out and "size 20" in out
    assert str(store) in out
    assert store.read_bytes() == remembered


def test_a_fork_of_the_same_size_is_caught(
    export: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two checkpoints of one size with different roots: a fork."""
    store = tmp_path / "known_checkpoints"
    assert _run(export, store) == 0
    export.write_bytes(_fork(20, at=3))
    assert _run(export, store) == 1
    assert "fork:" in capsys.readouterr().out


def test_a_rollback_is_caught_and_growth_is_remembered(
    export: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A shorter log is a rollback naming both sizes; a longer one that extends the
    remembered checkpoint verifies and is remembered instead."""
    store = tmp_path / "known_checkpoints"
    assert _run(export, store) == 0
    export.write_bytes(LOG.export(12))
    assert _run(export, store) == 1
    out = capsys.readouterr().out
    assert "rollback:" in out and "20" in out and "12" in out
    export.write_bytes(LOG.export(30))
    assert _run(export, store) == 0
    assert "commune.example/paris now at size 30 (was 20)" in capsys.readouterr().out
    assert "commune.example/paris 30 " in store.read_text()


def test_the_default_store_is_in_the_users_config(
    export: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --trust-store the store is ~/.config/commune/known_checkpoints."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert main(["verify", str(export)]) == 0
    store = tmp_path / "home" / ".config" / "commune" / "known_checkpoints"
    assert "commune.example/paris 20 " in store.read_text()
    export.write_bytes(_fork(20, at=3))
    assert main(["verify", str(export)]) == 1


def test_no_trust_store_and_trusted_leave_the_store_alone(export: Path, tmp_path: Path) -> None:
    """--no-trust-store neither reads nor writes it; --trusted replaces it for one run."""
    store = tmp_path / "known_checkpoints"
    assert _run(export, store, "--no-trust-store") == 0
    assert not store.exists()
    assert _run(export, store) == 0
    remembered = store.read_bytes()
    saved = tmp_path / "trusted.txt"
    saved.write_text(LOG.checkpoint(10))
    export.write_bytes(LOG.export(30))
    assert _run(export, store, "--trusted", str(saved)) == 0
    assert store.read_bytes() == remembered
    export.write_bytes(_fork(26, at=11))
    assert _run(export, store, "--no-trust-store") == 0


def test_a_damaged_store_is_an_error_naming_its_line(
    export: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A store that cannot be read is a usage error (exit 2) naming the file and line."""
    store = tmp_path / "known_checkpoints"
    store.write_text("# comment\ncommune.example/paris 20 not-a-root\n")
    assert _run(export, store) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"{store}, line 2" in err[0]


def test_a_fork_served_by_a_server_is_caught_on_the_second_run(
    journal_server: Callable[[ServedJournal], str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The same against a live server: the second run fails with a fork."""
    store = tmp_path / "known_checkpoints"
    assert _run(journal_server(served(LOG, 20)), store) == 0
    other = build_log(11)
    other.append(payload={"n": 11, "text": "rewritten"})
    while len(other.entries) < 26:
        other.append()
    capsys.readouterr()
    assert _run(journal_server(served(other)), store) == 1
    out = capsys.readouterr().out
    assert "fork:" in out and "26" in out and "20" in out
