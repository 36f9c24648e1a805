"""Resource limits: every reader streams its input or stops at a named cap, and says which."""

from __future__ import annotations

import io
from pathlib import Path
from typing import IO, Any
from unittest import mock

import pytest

from commune.socialchoice import FormatError, SocialChoiceError
from commune.socialchoice.cli import main
from commune.socialchoice.formats import read
from commune.socialchoice.formats.abif import read_abif
from commune.socialchoice.formats.blt import read_blt
from commune.socialchoice.formats.csvfile import read_csv
from commune.socialchoice.formats.debian import read_debian
from commune.socialchoice.formats.irish import read_irish
from commune.socialchoice.formats.preflib import read_preflib
from commune.socialchoice.limits import MAX_CANDIDATES, MAX_LINE_CHARS, MAX_SEATS


def run_cli(path: Path, *args: str) -> tuple[int, str]:
    err = io.StringIO()
    with mock.patch("sys.stderr", err), mock.patch("sys.stdout", io.StringIO()):
        status = main([str(path), *args])
    return status, err.getvalue()


def test_blt_with_more_candidates_than_the_limit_is_refused_at_its_header(tmp_path: Path) -> None:
    """A BLT declaring 80,000 candidates is refused at once, naming the limit it passes."""
    path = tmp_path / "many.blt"
    names = "\n".join(f'"c{i}"' for i in range(80_000))
    path.write_text(f'80000 1\n1 1 2 0\n0\n{names}\n"t"\n', encoding="utf-8")
    status, err = run_cli(path, "--method", "irv")
    assert status == 2
    assert err == (
        "commune tally: error: many.blt:1: 80,000 candidates: more than "
        f"{MAX_CANDIDATES:,} (the limit for the number of candidates)\n"
    )


def test_blt_names_are_checked_in_one_pass(tmp_path: Path) -> None:
    """A BLT naming as many candidates as the limit allows is read; a repeated name is refused."""
    n = MAX_CANDIDATES
    names = [f'"c{i}"' for i in range(n)]
    path = tmp_path / "wide.blt"
    path.write_text("\n".join([f"{n} 1", "1 1 2 0", "0", *names, '"t"']), encoding="utf-8")
    election = read(path)
    assert len(election.candidates) == n
    assert election.profile().num_voters == 1
    names[-1] = '"c7"'
    path.write_text("\n".join([f"{n} 1", "1 1 2 0", "0", *names, '"t"']), encoding="utf-8")
    with pytest.raises(FormatError, match=f"wide.blt:{n + 3}: candidate name 'c7' given twice"):
        read(path)


def test_a_csv_line_longer_than_the_limit_is_refused(tmp_path: Path) -> None:
    """A one-line CSV longer than the line limit is refused without reading it all."""
    path = tmp_path / "long.csv"
    path.write_text("x" * (2 * MAX_LINE_CHARS) + "\n", encoding="utf-8")
    status, err = run_cli(path, "--method", "irv")
    assert status == 2
    assert err == (
        f"commune tally: error: long.csv:1: line is longer than {MAX_LINE_CHARS:,} characters "
        "(the limit for a line)\n"
    )


def test_a_csv_with_more_candidates_than_the_limit_is_refused(tmp_path: Path) -> None:
    """A CSV naming 32,768 candidates is refused (their indices would not fit int16)."""
    path = tmp_path / "wide.csv"
    row = ",".join(f"c{i}" for i in range(MAX_CANDIDATES + 1))
    path.write_text(f"rank1,rank2\n{row}\nc1,c2\n", encoding="utf-8")
    status, err = run_cli(path, "--method", "irv", "--rules", "lenient")
    assert status == 2
    assert err == (
        f"commune tally: error: wide.csv:2: more than {MAX_CANDIDATES:,} candidates "
        "(the limit for the number of candidates)\n"
    )


def test_a_csv_with_many_candidates_below_the_limit_counts(tmp_path: Path) -> None:
    """Up to the limit, candidates beyond int8 are stored and counted exactly."""
    path = tmp_path / "wide.csv"
    n = 300
    lines = ["# candidates: " + ", ".join(f"c{i}" for i in range(n))]
    lines += [f"c{k},c{(k + 1) % n}" for k in range(n)] + ["c299,c1"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    status, err = run_cli(path, "--method", "plurality")
    assert status == 0, err


@pytest.mark.parametrize("method", ["dhondt", "sainte-lague"])
def test_party_list_seats_beyond_the_limit_are_refused(tmp_path: Path, method: str) -> None:
    """A party-list count asked for a billion seats is refused at once, naming the limit."""
    path = tmp_path / "p.blt"
    path.write_text('2 1\n3 1 0\n2 2 0\n0\n"a"\n"b"\n"t"\n', encoding="utf-8")
    status, err = run_cli(path, "--method", method, "--seats", str(10**9))
    assert status == 2
    assert err == (
        f"commune tally: error: argument --seats: 1,000,000,000 seats: more than {MAX_SEATS:,} "
        "(the limit for the number of seats)\n"
    )


def test_blt_seats_beyond_the_limit_are_refused(tmp_path: Path) -> None:
    """A BLT header asking for more seats than the limit is refused, naming the line."""
    path = tmp_path / "s.blt"
    path.write_text('2 1000000000\n3 1 0\n0\n"a"\n"b"\n"t"\n', encoding="utf-8")
    status, err = run_cli(path, "--method", "stv")
    assert status == 2
    assert err == (
        f"commune tally: error: s.blt:1: 1,000,000,000 seats: more than {MAX_SEATS:,} "
        "(the limit for the number of seats)\n"
    )


class Spy(io.StringIO):
    """A text stream that refuses to hand over everything at once."""

    largest = 0

    def read(self, size: int | None = -1) -> str:
        if size is None or size < 0 or size > 4 * MAX_LINE_CHARS:
            raise AssertionError("a reader asked for the whole stream at once")
        Spy.largest = max(Spy.largest, size)
        return super().read(size)

    def readlines(self, hint: int = -1) -> list[str]:  # pragma: no cover - must not be called
        raise AssertionError("a reader asked for every line at once")


SAMPLES: list[tuple[Any, str]] = [
    (read_blt, '2 1\n3 1 2 0\n1 2 0\n0\n"a"\n"b"\n"t"\n'),
    (read_abif, "=a:[A]\n=b:[B]\n3:a>b\n2:b\n"),
    (read_preflib, "# ALTERNATIVE NAME 1: a\n# ALTERNATIVE NAME 2: b\n3: 1,2\n"),
    (read_debian, "Option 1--->: A\nOption 2--->: B\nV: 12 x\n"),
    (read_irish, '"Higg" "Leni"\n"Leni" "XXXXX"\n'),
    (read_csv, "rank1,rank2\na,b\nb,a\n"),
]


@pytest.mark.parametrize(("reader", "text"), SAMPLES, ids=lambda x: getattr(x, "__name__", ""))
def test_readers_take_their_input_in_bounded_pieces(reader: Any, text: str) -> None:
    """Every reader streams its input: it never asks for the whole stream at once."""
    stream: IO[str] = Spy(text)
    election = reader(stream)
    assert election.num_ballots > 0


def test_read_never_loads_the_whole_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Opening a ballot file streams it: the file's bytes are never read in one piece."""
    path = tmp_path / "a.blt"
    path.write_text('2 1\n3 1 2 0\n1 2 0\n0\n"a"\n"b"\n"t"\n', encoding="utf-8")

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the whole file was read at once")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    monkeypatch.setattr(Path, "read_text", refuse)
    assert read(path).num_ballots == 4


def test_limit_errors_have_a_stable_code(tmp_path: Path) -> None:
    """A limit error is a domain error with the code ``limit_exceeded``."""
    path = tmp_path / "long.csv"
    path.write_text("y" * (MAX_LINE_CHARS + 1), encoding="utf-8")
    with pytest.raises(SocialChoiceError) as exc:
        read(path)
    assert exc.value.code == "limit_exceeded"
