"""The ``commune tally`` command line: JSON, reports, errors, help."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from commune.socialchoice.cli import main
from commune.socialchoice.methods import METHODS


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


BLT = '3 1\n4 1 2 0\n3 2 0\n2 3 1 0\n0\n"Varlin"\n"Vallès"\n"Pyat"\n"1871"\n'


def test_json_output_is_one_object_with_winners(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--json prints exactly one JSON object whose "winners" are the elected names."""
    path = write(tmp_path, "a.blt", BLT)
    assert main([str(path), "--method", "irv", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["winners"] == ["Varlin"]
    assert data["method"] == "irv"
    assert data["rounds"][0]["counts"] == {"Varlin": 4, "Vallès": 3, "Pyat": 2}


def test_report_explains_every_round(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Without --json, the report lists each round, exclusions, transfers and the winner."""
    path = write(tmp_path, "a.blt", BLT)
    assert main(["tally", str(path), "--method", "irv"]) == 0
    out = capsys.readouterr().out
    assert "Round 1" in out and "Round 2" in out
    assert "excluded: Pyat" in out
    assert "Winner: Varlin" in out


def test_bad_line_is_one_message_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A malformed line gives exit code 2 and one line naming file, line and problem."""
    path = write(tmp_path, "bad.blt", '2 1\n1 1 2 0\n1 7 0\n0\n"a"\n"b"\n"t"\n')
    assert main([str(path), "--method", "irv"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "bad.blt:3" in err and "unknown candidate number 7" in err
    assert "Traceback" not in err


def test_irregular_ballot_under_strict_rules_names_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A skipped rank under the default strict rules is refused, naming the line."""
    path = write(tmp_path, "skip.blt", '2 1\n1 1 2 0\n1 - 2 0\n0\n"a"\n"b"\n"t"\n')
    assert main([str(path), "--method", "irv"]) == 2
    assert "skip.blt: line 3: rank 1 is skipped" in capsys.readouterr().err
    assert main([str(path), "--method", "irv", "--rules", "alameda", "--json"]) == 0


def test_unknown_method_and_missing_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Unknown methods and missing files are errors with exit code 2."""
    path = write(tmp_path, "a.blt", BLT)
    assert main([str(path), "--method", "nope"]) == 2
    assert "unknown method 'nope'" in capsys.readouterr().err
    assert main([str(tmp_path / "missing.blt"), "--method", "irv"]) == 2
    assert "no such file" in capsys.readouterr().err


def test_help_lists_every_method(capsys: pytest.CaptureFixture[str]) -> None:
    """--help lists every method by name."""
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for name in METHODS:
        assert name in out


def test_module_runs_as_a_script(tmp_path: Path) -> None:
    """``python -m commune.socialchoice.cli`` works."""
    path = write(tmp_path, "a.blt", BLT)
    proc = subprocess.run(
        [sys.executable, "-m", "commune.socialchoice.cli", str(path), "-m", "schulze", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["winners"] == ["Varlin"]
