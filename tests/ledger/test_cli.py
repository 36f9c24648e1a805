"""``journal verify`` on the command line: exit statuses, output, monitor mode."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from commune.ledger.cli import main

from .conftest import KEY, build_log

LOG = build_log(20)


@pytest.fixture
def export(tmp_path: Path) -> Path:
    path = tmp_path / "journal.jsonl"
    path.write_bytes(LOG.export())
    return path


def test_a_good_export_exits_0(export: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A log that verifies prints OK and exits 0."""
    assert main(["verify", str(export), "--public-key", str(KEY.verifier_key)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK commune.example/paris: 20 entries verified")


def test_a_bad_export_exits_1_naming_the_entry(
    export: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A tampered log exits 1 and names the first bad entry."""
    lines = export.read_bytes().split(b"\n")
    lines[4], lines[5] = lines[5], lines[4]
    export.write_bytes(b"\n".join(lines))
    assert main(["verify", str(export)]) == 1
    out = capsys.readouterr().out
    assert "first bad entry: 3" in out and "index_mismatch: [3]" in out


def test_json_output(export: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--json prints the report as JSON."""
    assert main(["verify", str(export), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True and report["checkpoint"]["size"] == 20
    assert report["problems"] == [] and report["first_bad_index"] is None


def test_monitor_mode_saves_and_trusts(
    export: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--save-checkpoint writes the verified checkpoint; --trusted uses it next time."""
    saved = tmp_path / "trusted.txt"
    key_file = tmp_path / "journal.pub"
    key_file.write_text(f"{KEY.verifier_key}\n")
    args = ["verify", str(export), "--public-key", str(key_file)]
    assert main([*args, "--save-checkpoint", str(saved)]) == 0
    assert saved.read_text() == LOG.checkpoint()
    export.write_bytes(LOG.export(12))
    assert main([*args, "--trusted", str(saved)]) == 1
    assert "rollback: [12]" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["verify", "/nonexistent/journal.jsonl"],
        ["verify", "EXPORT", "--public-key", "not a key"],
        ["verify", "EXPORT", "--trusted", "/nonexistent/checkpoint"],
        ["verify"],
        ["frobnicate"],
    ],
)
def test_usage_and_io_errors_exit_2_in_one_line(
    argv: list[str], export: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Usage and I/O errors exit 2 with a one-line message and no traceback."""
    argv = [str(export) if a == "EXPORT" else a for a in argv]
    try:
        status = main(argv)
    except SystemExit as exit_:
        status = exit_.code  # type: ignore[assignment]
    assert status == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.strip()
    assert len([line for line in err.splitlines() if line.startswith("journal")]) == 1


def test_module_runs_with_help() -> None:
    """python -m commune.ledger.cli works and documents its options."""
    result = subprocess.run(
        [sys.executable, "-m", "commune.ledger.cli", "verify", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert "--trusted" in result.stdout and "--save-checkpoint" in result.stdout
    assert "--trust-store" in result.stdout and "--no-trust-store" in result.stdout


def test_a_bug_is_one_line_too(
    export: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should the verifier meet an error it does not expect (a bug), it still prints one
    line, saying where, and exits 2."""
    import commune.ledger.cli as cli

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("something unforeseen")

    monkeypatch.setattr(cli, "verify_export", broken)
    assert main(["verify", str(export)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith(
        "journal: internal_error: ValueError at test_cli.py:"
    )
    assert "something unforeseen" in err[0] and "please report it" in err[0]
