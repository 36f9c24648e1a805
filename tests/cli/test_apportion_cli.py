"""`commune apportion`: the command clerks and third parties use to check seats."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from commune.cli.main import main


@pytest.fixture
def csv_file(tmp_path):
    path = tmp_path / "sections.csv"
    path.write_text("name,population\nA,100\nB,80\nC,30\nD,20\n", encoding="utf-8")
    return path


def test_json_output(csv_file, capsys):
    assert main(["apportion", str(csv_file), "--method", "dhondt", "--seats", "8", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["method"] == "dhondt"
    assert out["seats"] == {"A": 4, "B": 3, "C": 1, "D": 0}


@pytest.mark.parametrize(("alias", "name"), [("jefferson", "dhondt"), ("webster", "sainte-lague")])
def test_aliases(csv_file, capsys, alias, name):
    assert main(["apportion", str(csv_file), "--method", alias, "--seats", "8", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["method"] == name


def test_paris_1871_needs_no_seats(tmp_path, capsys):
    path = tmp_path / "arr.csv"
    path.write_text("name,population\nGobelins,70192\nMénilmontant,87444\n", encoding="utf-8")
    assert main(["apportion", str(path), "--method", "paris-1871", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["seats"] == {"Gobelins": 4, "Ménilmontant": 4}


def test_tie_is_reported(tmp_path, capsys):
    path = tmp_path / "tie.csv"
    path.write_text("name,population\nA,10\nB,10\n", encoding="utf-8")
    assert main(["apportion", str(path), "--method", "hamilton", "--seats", "1"]) == 0
    assert "TIE" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("name,population\nA,100\nB,many\n", "line 3: population 'many' is not an integer"),
        ("name,population\nA,100\nA,5\n", "line 3: 'A' appears twice"),
        ("name,population\nA,100,7\n", "line 2: expected 2 fields, found 3"),
        ("", "the file is empty"),
    ],
)
def test_bad_line_is_named(tmp_path, capsys, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    assert main(["apportion", str(path), "--method", "hamilton", "--seats", "3"]) == 2
    assert message in capsys.readouterr().err


def test_console_script_help():
    """The installed `commune` entry point answers --help for the pure commands."""
    done = subprocess.run(
        [sys.executable, "-m", "commune.cli.main", "apportion", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "huntington-hill" in done.stdout
