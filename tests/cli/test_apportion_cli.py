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


def run(argv, capsys):
    status = main(["apportion", *argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_seats_beyond_the_limit_are_refused_at_once(csv_file, capsys):
    """Huntington–Hill asked for a billion seats stops at once, naming the limit it passes."""
    status, out, err = run(
        [str(csv_file), "--method", "huntington-hill", "--seats", str(10**9)], capsys
    )
    assert status == 2
    assert out == ""
    assert err == (
        "commune apportion: error: argument --seats: 1,000,000,000 seats: more than 10,000 "
        "(the limit for the number of seats)\n"
    )


def test_a_file_without_a_header_keeps_its_first_row(tmp_path, capsys):
    """A file whose first row is already a section (no header) is read whole."""
    path = tmp_path / "bare.csv"
    path.write_text("A,100\nB,80\nC,30\nD,20\n", encoding="utf-8")
    status, out, err = run([str(path), "--method", "dhondt", "--seats", "8", "--json"], capsys)
    assert status == 0, err
    assert json.loads(out)["seats"] == {"A": 4, "B": 3, "C": 1, "D": 0}


@pytest.mark.parametrize("seats", ["0", "-3", "many"])
def test_seats_must_be_a_positive_integer(csv_file, capsys, seats):
    """--seats 0 (or negative, or not a number) is an error on one line, never ignored."""
    status, out, err = run([str(csv_file), "--method", "hamilton", "--seats", seats], capsys)
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("commune apportion: error: argument --seats: ")


@pytest.mark.parametrize("method", ["Hamilton", "HAMILTON", "Sainte_Lague", "D'Hondt"])
def test_method_names_ignore_case_and_spelling(csv_file, capsys, method):
    """A method named in capitals, with an underscore or an apostrophe is the method meant."""
    status, out, err = run([str(csv_file), "--method", method, "--seats", "8", "--json"], capsys)
    assert status == 0, err
    assert json.loads(out)["method"] in ("hamilton", "sainte-lague", "dhondt")


def test_unknown_method_is_one_line(csv_file, capsys):
    """An unknown method is refused on one line that lists the known ones."""
    status, _, err = run([str(csv_file), "--method", "borda", "--seats", "8"], capsys)
    assert status == 2
    assert err.count("\n") == 1
    assert "unknown apportionment method 'borda'" in err and "hamilton" in err
