"""No silent misreadings: what a file or an option says is read as meant, or refused.

Also: formats that define their own rules (Debian) use them; for the others, the error under
the default strict rules names the rule sets that would read the file.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from unittest import mock

import pytest

from commune.socialchoice import FormatError
from commune.socialchoice.cli import main
from commune.socialchoice.formats import read


def run_cli(tmp_path: Path, name: str, text: str, *args: str) -> tuple[int, str, str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with mock.patch("sys.stdout", out), mock.patch("sys.stderr", err):
        status = main([str(path), *args])
    return status, out.getvalue(), err.getvalue()


# --- CSV headers (issue item 10) -------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        "first,second,third",
        "First choice,Second choice,Third choice",
        "1st,2nd,3rd",
        "Rank 1,Rank 2,Rank 3",
        "choice1,choice2,choice3",
        "Preference #1,Preference #2,Preference #3",
    ],
)
def test_a_csv_header_naming_the_ranks_is_skipped(tmp_path: Path, header: str) -> None:
    """A header row naming the ranks (in words, ordinals or numbers) is not read as a ballot."""
    path = tmp_path / "h.csv"
    path.write_text(f"{header}\nVarlin,Pyat,Vallès\nPyat,Varlin\n", encoding="utf-8")
    election = read(path)
    assert election.candidates == ["Varlin", "Pyat", "Vallès"]
    assert election.num_ballots == 2


def test_an_unrecognised_csv_header_is_an_error(tmp_path: Path) -> None:
    """A first row whose names appear on no other row is refused as a header we cannot read."""
    path = tmp_path / "h.csv"
    path.write_text("Wahl A,Wahl B\nVarlin,Pyat\nPyat,Varlin\nPyat\n", encoding="utf-8")
    with pytest.raises(FormatError) as exc:
        read(path)
    assert exc.value.line == 1
    assert str(exc.value) == (
        "h.csv:1: the first row looks like a header ('Wahl A', 'Wahl B'): its names appear on "
        "no other row; name its columns rank1, rank2, … or declare the candidates with a line "
        "'# candidates: a, b, c'"
    )


def test_a_csv_whose_first_ballot_shares_a_name_is_read(tmp_path: Path) -> None:
    """A first row that names candidates met again later is a ballot, as before."""
    path = tmp_path / "b.csv"
    path.write_text("Varlin,Pyat\nPyat\nVallès,Varlin\n", encoding="utf-8")
    election = read(path)
    assert election.candidates == ["Varlin", "Pyat", "Vallès"]
    assert election.num_ballots == 3


# --- options read as meant (issue item 10) ---------------------------------------------------

BLT = '3 2\n4 1 2 0\n3 2 0\n2 3 1 0\n0\n"Varlin"\n"Vallès"\n"Pyat"\n"1871"\n'


@pytest.mark.parametrize("seats", ["0", "-1", "two"])
def test_seats_must_be_a_positive_integer(tmp_path: Path, seats: str) -> None:
    """--seats 0 is refused on one line, never silently replaced by the file's seats."""
    status, out, err = run_cli(tmp_path, "a.blt", BLT, "-m", "stv", "--seats", seats)
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("commune tally: error: argument --seats: ")


def test_seats_zero_is_refused_for_single_winner_methods(tmp_path: Path) -> None:
    """--seats 0 with a single-winner method is refused too."""
    status, _, err = run_cli(tmp_path, "a.blt", BLT, "-m", "irv", "--seats", "0")
    assert status == 2
    assert "--seats" in err


@pytest.mark.parametrize(
    "args",
    [
        ["-m", "STV"],
        ["-m", "Stv-WIGM", "--rules", "SCOTTISH"],
        ["-m", "irv", "--rules", "Alameda"],
        ["-m", "irv", "--format", "BLT"],
    ],
)
def test_names_of_methods_rules_and_formats_ignore_case(tmp_path: Path, args: list[str]) -> None:
    """Methods, rule sets and formats are recognised whatever their capitals."""
    status, out, err = run_cli(tmp_path, "a.blt", BLT, *args, "--json")
    assert status == 0, err
    assert json.loads(out)["winners"]


# --- formats that imply their rules (issue item 11) -----------------------------------------

DEBIAN = (
    "Tally Sheet\n"
    "Option 1--->: Varlin\n"
    "Option 2--->: Pyat\n"
    "Option 3--->: None Of The Above\n"
    "V: 112 aa\n"
    "V: 21- bb\n"
    "V: 123 cc\n"
)


@pytest.mark.parametrize("method", ["schulze", "ranked-pairs", "copeland", "debian"])
def test_a_debian_tally_sheet_uses_the_debian_rules(tmp_path: Path, method: str) -> None:
    """A Debian tally sheet (equal ranks by nature) is read under its own rules, any method."""
    status, out, err = run_cli(tmp_path, "leader_tally.txt", DEBIAN, "-m", method, "--json")
    assert status == 0, err
    assert json.loads(out)["rules"] == "debian"


def test_explicit_rules_still_apply_to_a_debian_sheet(tmp_path: Path) -> None:
    """--rules strict on a Debian sheet is obeyed: its equal ranks are then an error."""
    status, _, err = run_cli(
        tmp_path, "leader_tally.txt", DEBIAN, "-m", "schulze", "--rules", "strict"
    )
    assert status == 2
    assert "several candidates at rank 1" in err


OVERVOTE_BLT = '3 1\n2 1 2 0\n1 1=2 3 0\n1 3 0\n0\n"a"\n"b"\n"c"\n"t"\n'


def test_strict_error_names_the_rule_sets_that_would_read_the_file(tmp_path: Path) -> None:
    """Under the default strict rules, an over-vote is refused, naming rule sets that read it."""
    status, out, err = run_cli(tmp_path, "burl.blt", OVERVOTE_BLT, "-m", "irv")
    assert status == 2
    assert out == ""
    assert err == (
        "commune tally: error: burl.blt: line 3: several candidates at rank 1 "
        "(the default rules are strict; rule sets that read this file: alameda, burlington, "
        "debian, irish, lenient, nsw-optional, scottish; choose one with --rules)\n"
    )


def test_strict_error_on_a_skipped_rank_names_the_rule_sets_too(tmp_path: Path) -> None:
    """A skipped rank under the default strict rules also names the rule sets that read it."""
    text = '2 1\n1 1 2 0\n1 - 2 0\n0\n"a"\n"b"\n"t"\n'
    status, _, err = run_cli(tmp_path, "skip.blt", text, "-m", "irv")
    assert status == 2
    assert "rule sets that read this file: alameda, burlington, debian, irish, lenient" in err
