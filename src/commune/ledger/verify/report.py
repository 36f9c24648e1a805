"""The verifier's report: problems with stable codes and the first entry at fault."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from commune.ledger.checkpoint import Checkpoint
from commune.ledger.encoding import b64encode
from commune.ledger.errors import SourceError, one_line
from commune.ledger.note import VerifierKey

#: Problems kept in a report; the rest are counted in a last ``more_problems`` problem.
MAX_PROBLEMS = 50

#: Called with (entries checked so far, entries expected).
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the log. ``index`` is the first entry at fault, when known."""

    code: str
    index: int | None
    message: str

    def __post_init__(self) -> None:
        # Messages quote the input: whatever it held, a problem is one line of bounded length.
        object.__setattr__(self, "message", one_line(self.message))

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "index": self.index, "message": self.message}


@dataclass(frozen=True, slots=True)
class Report:
    """The verdict on one source."""

    source: str
    problems: tuple[Problem, ...]
    #: The checkpoint whose signature verified (even if other checks failed), or None.
    checkpoint: Checkpoint | None
    #: Its signed note, as served: what ``save_checkpoint`` writes for the next run.
    note: str | None
    entries_checked: int
    #: The recomputed root over the checkpoint's size, when it could be computed.
    root: bytes | None
    #: The verifier keys that were trusted in the end.
    keys: tuple[str, ...]
    #: Things worth knowing that are not problems (e.g. a key trusted on first use).
    notices: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems and self.checkpoint is not None

    @property
    def first_bad_index(self) -> int | None:
        indexes = [p.index for p in self.problems if p.index is not None]
        return min(indexes) if indexes else None

    def to_json(self) -> dict[str, Any]:
        checkpoint = self.checkpoint
        return {
            "source": self.source,
            "ok": self.ok,
            "first_bad_index": self.first_bad_index,
            "problems": [p.to_json() for p in self.problems],
            "checkpoint": None
            if checkpoint is None
            else {
                "origin": checkpoint.origin,
                "size": checkpoint.size,
                "root": b64encode(checkpoint.root),
            },
            "entries_checked": self.entries_checked,
            "root": None if self.root is None else b64encode(self.root),
            "keys": list(self.keys),
            "notices": list(self.notices),
        }


def save_checkpoint(report: Report, path: str | os.PathLike[str]) -> None:
    """Save the checkpoint of a good report, to pass as ``trusted`` on the next run."""
    if not report.ok or report.note is None:
        raise SourceError("only the checkpoint of a log that verified is saved")
    tmp = f"{os.fspath(path)}.tmp"
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as handle:
            handle.write(report.note)
        os.replace(tmp, path)
    except OSError as exc:
        raise SourceError(f"cannot save the checkpoint to {os.fspath(path)}: {exc}") from None


class Verdict:
    """Collects problems and notices while a source is verified."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.notices: list[str] = []

    def add(self, code: str, index: int | None, message: str) -> None:
        self.problems.append(Problem(code, index, message))

    def report(
        self,
        source: str,
        *,
        signed: tuple[Checkpoint, str] | None,
        entries_checked: int,
        root: bytes | None,
        keys: Iterable[VerifierKey],
    ) -> Report:
        problems = sorted(
            self.problems, key=lambda p: (p.index is None, p.index if p.index is not None else 0)
        )
        if len(problems) > MAX_PROBLEMS:
            # Keep the first problem of every code, then the earliest others.
            kept: dict[int, Problem] = {}
            for position, problem in enumerate(problems):
                if all(p.code != problem.code for p in kept.values()):
                    kept[position] = problem
            for position, problem in enumerate(problems):
                if len(kept) >= MAX_PROBLEMS - 1:
                    break
                kept.setdefault(position, problem)
            extra = len(problems) - len(kept)
            problems = [kept[position] for position in sorted(kept)]
            problems.append(Problem("more_problems", None, f"and {extra} more problems"))
        return Report(
            source=source,
            problems=tuple(problems),
            checkpoint=signed[0] if signed else None,
            note=signed[1] if signed else None,
            entries_checked=entries_checked,
            root=root,
            keys=tuple(str(k) for k in keys),
            notices=tuple(self.notices),
        )
