"""Bad input gets one line, never a traceback: the fuzz corpus replayed, and fresh fuzzing.

Each case of ``fuzz_corpus/cases.toml`` runs ``commune tally`` or ``commune apportion`` (their
``main`` functions) on one file of that directory; the command must exit with status 2 and
print exactly one line on stderr, the expected one, and nothing on stdout.
"""

from __future__ import annotations

import io
import tomllib
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commune.cli.apportion import main as apportion_main
from commune.socialchoice.cli import main as tally_main

CORPUS = Path(__file__).resolve().parent / "fuzz_corpus"
CASES: list[dict[str, Any]] = tomllib.loads((CORPUS / "cases.toml").read_text("utf-8"))["case"]
COMMANDS = {"tally": tally_main, "apportion": apportion_main}


def run(command: str, argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with mock.patch("sys.stdout", out), mock.patch("sys.stderr", err):
        status = COMMANDS[command](argv)
    return status, out.getvalue(), err.getvalue()


def test_every_corpus_file_has_a_case() -> None:
    """The corpus holds no file that no case replays."""
    files = {p.name for p in CORPUS.iterdir() if p.name != "cases.toml"}
    assert files == {case["file"] for case in CASES}


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_corpus_case_gives_its_one_line_error(
    case: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bad input exits with status 2 and one line on stderr naming the problem."""
    monkeypatch.chdir(CORPUS)
    status, out, err = run(case["command"], [case["file"], *case["args"]])
    assert "Traceback" not in err
    assert (status, out) == (2, "")
    assert err == f"commune {case['command']}: error: {case['error']}\n"


# --- fresh fuzzing: mutations of valid files through the whole command -----------------------

SAMPLES: dict[str, tuple[str, list[list[str]]]] = {
    "a.blt": (
        '# c\n3 2\n-2\n2 1 2 0\n1 3 1 0\n(7) 1 1=2 - 3 0\n1 -=- 0\n0\n"A ""P"""\n"B"\n"C"\nT',
        [["-m", "irv"], ["-m", "stv", "--rules", "lenient"], ["-m", "schulze", "--rules", "sf"]],
    ),
    "b.abif": (
        '{title: "x"}\n=a:[Ann]\n=b:[Bob]\n4:a>b\n1:b=a\n2:\n3:[Cy]/5>a\n',
        [["-m", "irv", "--rules", "lenient"], ["-m", "borda"]],
    ),
    "c.soi": (
        "# ALTERNATIVE NAME 1: x\n# ALTERNATIVE NAME 2: y\n3: 1,2\n2: 2\n1: {1,2}\n",
        [["-m", "irv", "--rules", "debian"], ["-m", "minimax"]],
    ),
    "e.cat": (
        "# ALTERNATIVE NAME 1: x\n# ALTERNATIVE NAME 2: y\n# CATEGORY NAME 1: yes\n"
        "3: {1,2},{}\n1: {},{1,2}\n",
        [["-m", "approval"], ["-m", "pav", "--seats", "2"], ["-m", "mes", "--seats", "1"]],
    ),
    "f.csv": ("count,rank1,rank2\n2,x,y\n1,y,\n1,x=y,\n", [["-m", "irv", "--rules", "lenient"]]),
    "s.csv": (
        "# max score: 5\na=5,b=2\nb=4\n",
        [["-m", "score", "--format", "score-csv"], ["-m", "mj", "--format", "score-csv"]],
    ),
    "p.csv": (
        "# candidates: a, b, c\na,b\n\nc\n",
        [["-m", "approval", "--format", "approval-csv"]],
    ),
    "g.txt": ('"Higg" "Leni" "XXXXX"\n"Leni" "XXXXX" "XXXXX"\n', [["-m", "stv-irish"]]),
    "h.txt": (
        "Tally Sheet\nOption 1--->: A\nOption 2-->: None Of The Above\nV: 12 aa\nV: -1 bb\n",
        [["-m", "debian"], ["-m", "schulze"]],
    ),
    "ap.csv": (
        "name,population\nA,100\nB,80\nC,30\n",
        [["--method", "hamilton", "--seats", "3"], ["--method", "Huntington-Hill", "--seats", "5"]],
    ),
}
PIECES = ["0", "-1", "-", "=", "\n", '"', "#", ",", ":", "{", "}", "[", "]", ">", "/", " ", "\r"]
PIECES += ["\ufeff", "9" * 25, "é", "\t", "V: ", "Option 9-->: X", "+3", "1e5", "\x85", "()"]


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, str, list[str]]:
    name = draw(st.sampled_from(sorted(SAMPLES)))
    text, arg_sets = SAMPLES[name]
    chars = list(text)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(chars)))
        edit = draw(st.sampled_from(["insert", "delete", "replace"]))
        if edit == "insert":
            chars[at:at] = list(draw(st.sampled_from(PIECES)))
        elif edit == "delete":
            del chars[at : at + draw(st.integers(1, 5))]
        elif chars:
            chars[min(at, len(chars) - 1)] = chr(draw(st.integers(1, 255)))
    return name, "".join(chars), draw(st.sampled_from(arg_sets))


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(mutated(), st.sampled_from(["utf-8", "latin-1"]))
def test_mutated_files_give_a_result_or_one_line(
    tmp_path: Path, case: tuple[str, str, list[str]], encoding: str
) -> None:
    """Whatever a mutated file holds, the command counts it or says what is wrong in one line."""
    name, text, args = case
    path = tmp_path / name
    path.write_bytes(text.encode(encoding, errors="replace"))
    command = "apportion" if name == "ap.csv" else "tally"
    status, out, err = run(command, [str(path), *args])
    assert status in (0, 2)
    if status == 2:
        assert out == ""
        assert err.count("\n") == 1 and err.startswith(f"commune {command}: error: ")
    else:
        assert err == ""
