"""Readers of every ballot format: content, detection, and line-numbered errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from commune.socialchoice import BallotError, FormatError
from commune.socialchoice.formats import blt, read
from commune.socialchoice.methods.condorcet import pairwise_matrix

CASES = {
    # name: (text, expected candidates, expected number of ballots)
    "a.blt": ('3 2\n2 1 2 0\n1 3 1 0\n0\n"A ""Party"""\n"B"\n"C"\nTitle', ["A", "B", "C"], 3),
    "b.abif": ('{title: "x"}\n=a:[Ann]\n=b:[Bob]\n4:a>b\n1:b=a\n2:\n', ["Ann", "Bob"], 7),
    "c.soi": ("# ALTERNATIVE NAME 1: x\n# ALTERNATIVE NAME 2: y\n3: 1,2\n2: 2\n", ["x", "y"], 5),
    "d.toc": ("# ALTERNATIVE NAME 1: x\n# ALTERNATIVE NAME 2: y\n3: {1,2}\n", ["x", "y"], 3),
    "e.cat": (
        "# ALTERNATIVE NAME 1: x\n# ALTERNATIVE NAME 2: y\n# CATEGORY NAME 1: yes\n"
        "# CATEGORY NAME 2: no\n3: {1,2},{}\n1: {},{1,2}\n",
        ["x", "y"],
        4,
    ),
    "f.csv": ("rank1,rank2\nx,y\ny,\n", ["x", "y"], 2),
    "g.txt": (
        '"Higg" "Leni" "XXXXX"\n"Leni" "XXXXX" "XXXXX"\n',
        ["Joe Higgins", "Brian Lenihan"],
        2,
    ),
    "h.txt": (
        "Tally Sheet\n  Option 1--->: A\n  Option 2-->: None Of The Above\nV: 12 aa\nV: -1 bb\n",
        ["A", "None Of The Above"],
        2,
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_each_format_is_detected_and_read(tmp_path: Path, name: str) -> None:
    """Every format is recognised from its extension or content and read correctly."""
    text, candidates, ballots = CASES[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    election = read(path)
    assert election.candidates == candidates
    assert election.num_ballots == ballots


def test_blt_party_and_title(tmp_path: Path) -> None:
    """A BLT party quoted inside the name is split off; an unquoted last line is the title."""
    path = tmp_path / "a.blt"
    path.write_text(CASES["a.blt"][0], encoding="utf-8")
    election = read(path)
    assert election.parties == {"A": "Party"}
    assert election.title == "Title"
    assert election.seats == 2


def test_checkoway_variant_marks(tmp_path: Path) -> None:
    """Checkoway's '-' (skip), 'a=b' (over-vote) and '-=-' are kept raw for the rules."""
    path = tmp_path / "k.blt"
    path.write_text('# c\n3 1\n1 1 - 2 0\n1 1=2 3 0\n1 -=- 0\n1 - - - 0\n0\n"a"\n"b"\n"c"\n"t"\n')
    election = read(path)
    assert set(election.ranked) == {
        ((0,), (), (1,)),
        ((0, 1), (2,)),
        ((-1, -1),),
        ((), (), ()),
    }
    profile = election.profile("alameda")
    assert profile.irregular.num_blank == 1
    assert profile.num_voters == 3


def test_debian_latin1_is_decoded(tmp_path: Path) -> None:
    """A tally sheet in ISO-8859-1 (Debian 2007) is read with its accents."""
    path = tmp_path / "leader.txt"
    path.write_bytes(
        "Option 1-->: Rapha\xebl\nOption 2->: None Of The Above\nV: 12 x\n".encode("latin-1")
    )
    assert read(path).candidates == ["Raphaël", "None Of The Above"]


def test_score_and_approval_csv(tmp_path: Path) -> None:
    """Approval and score CSV files give cardinal profiles."""
    path = tmp_path / "s.csv"
    path.write_text("# max score: 5\na=5,b=2\nb=4\n")
    election = read(path, "score-csv")
    assert election.max_score == 5
    assert election.profile().num_voters == 2  # type: ignore[union-attr]
    path = tmp_path / "a.csv"
    path.write_text("# candidates: a, b, c\na,b\n\nc\n")
    approval = read(path, "approval-csv")
    assert approval.candidates == ["a", "b", "c"]
    assert approval.num_ballots == 3


BAD = [
    ("bad.blt", '2 1\n1 1 2 0\n1 1 x 0\n0\n"a"\n"b"\n', 3, "bad candidate number 'x'"),
    ("bad2.blt", '2 1\n1 1 2\n0\n"a"\n"b"\n', 2, "does not end with 0"),
    ("bad3.blt", '2 1\n1 1 0\n0\n"a"\n', 4, "expected 2 candidate names"),
    ("bad.abif", "=a:[A]\nthree:a\n", 2, "expected 'count:ballot'"),
    ("bad.soi", "# ALTERNATIVE NAME 1: x\n3: 1,4\n", 2, "unknown alternative 4"),
    ("bad.csv", "# candidates: a, b\na,z\n", 2, "unknown candidate 'z'"),
    ("irish.txt", '"Higg" "Leni"\n"Higg"\n', 2, "expected 2 ranks"),
    ("deb.txt", "Option 1-->: A\nOption 2->: B\nV: 123 x\n", 3, "3 marks for 2 options"),
]


@pytest.mark.parametrize(("name", "text", "line", "message"), BAD)
def test_malformed_input_names_the_line(
    tmp_path: Path, name: str, text: str, line: int, message: str
) -> None:
    """Each reader reports the line number of malformed input."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FormatError) as exc:
        read(path)
    assert exc.value.line == line
    assert message in str(exc.value)
    assert str(exc.value).startswith(f"{name}:{line}: ")


def test_undetectable_format_asks_for_format(tmp_path: Path) -> None:
    """A file of unknown shape is refused with a hint to pass --format."""
    path = tmp_path / "x.dat"
    path.write_text("hello\n")
    with pytest.raises(FormatError, match="pass --format"):
        read(path)


def big_blt(tmp_path: Path, bad_line: int | None = None) -> Path:
    rng = np.random.default_rng(3)
    lines = ["4 2"]
    for k in range(6000):
        order = rng.permutation(4)[: 1 + k % 4] + 1
        lines.append(f"{1 + k % 3} " + " ".join(map(str, order)) + " 0")
    if bad_line is not None:
        lines[bad_line - 1] = "1 2 2 0"
    lines += ["0", '"a"', '"b"', '"c"', '"d"', "t"]
    path = tmp_path / "big.blt"
    path.write_text("\n".join(lines))
    return path


def test_large_plain_blt_takes_the_vectorised_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large plain BLT is parsed into an array, and counts exactly as the line-by-line path."""
    path = big_blt(tmp_path)
    fast = read(path)
    assert fast.array is not None and not fast.ranked
    monkeypatch.setattr(blt, "FAST_MIN_LINES", 10**9)
    slow = read(path)
    assert slow.array is None
    assert fast.num_ballots == slow.num_ballots
    assert pairwise_matrix(fast.profile()).tolist() == pairwise_matrix(slow.profile()).tolist()


def test_vectorised_blt_errors_still_name_the_line(tmp_path: Path) -> None:
    """An irregular ballot found by the vectorised path is reported with its file line."""
    path = big_blt(tmp_path, bad_line=4321)
    with pytest.raises(BallotError) as exc:
        read(path).profile("strict")
    assert exc.value.line == 4321
    assert str(exc.value).startswith("big.blt: line 4321: ")


def test_withdrawn_candidates_are_struck_out(tmp_path: Path) -> None:
    """A BLT withdrawn line (-k) removes the candidate; its ranks pass to the next preference."""
    path = tmp_path / "w.blt"
    path.write_text('3 1\n-2\n2 2 1 0\n1 3 2 0\n1 2 0\n0\n"a"\n"b"\n"c"\n"t"\n')
    profile = read(path).profile()
    assert profile.candidates == ("a", "c")
    assert sorted(profile.iter_ballots()) == [((), 1), (("a",), 2), (("c",), 1)]
    assert profile.num_voters == 4  # the ballot for b alone stays in the count, exhausted
