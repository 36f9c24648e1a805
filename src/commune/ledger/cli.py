"""``journal verify``: the command line of the independent verifier.

    journal verify URL|EXPORT [--trusted CHECKPOINT | --trust-store FILE | --no-trust-store]
                              [--public-key KEY|FILE] [--save-checkpoint FILE] [--json]

Without ``--trusted``, each run compares the journal with the checkpoint it remembers for it
in the trust store (``~/.config/commune/known_checkpoints``, like SSH's known_hosts)
and remembers the newer one, so that a fork or a rollback is caught on the next run.

Exit status: 0 the log verified; 1 the log is bad (each problem is printed, with the first
entry at fault); 2 a usage or I/O error, or an input beyond one of the verifier's limits (one
line on stderr, no traceback). The ``commune`` entry point dispatches ``commune journal
verify …`` here; ``python -m commune.ledger.cli`` works too.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

from commune.ledger.errors import LedgerError, SourceError, one_line
from commune.ledger.limits import MAX_NOTE_FILE_BYTES, read_file
from commune.ledger.note import load_verifier_key
from commune.ledger.truststore import TrustStore, default_path
from commune.ledger.verify import Progress, Report, save_checkpoint, verify_export, verify_url

__all__ = ["main"]

EXIT_OK, EXIT_BAD_LOG, EXIT_ERROR = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_ERROR, f"{self.prog}: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="journal",
        description="Verify a Journal officiel: the transparency log of a commune.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    verify = commands.add_parser(
        "verify",
        help="verify a journal from its server or an export file",
        description=(
            "Recompute the Merkle tree of every entry, check each entry, the checkpoint's "
            "signature and root, and that the log only grew since the checkpoint given with "
            "--trusted, else since the one remembered in the trust store (like SSH's "
            "known_hosts). Exit status: 0 good, 1 bad log, 2 unusable input or a limit hit."
        ),
    )
    verify.add_argument(
        "source", metavar="URL|EXPORT", help="https://host of a server, or an export file"
    )
    verify.add_argument(
        "--trusted",
        metavar="CHECKPOINT",
        help=(
            "a checkpoint saved earlier: detect forks and rollbacks since then (instead of "
            "the trust store, which this run then neither reads nor writes)"
        ),
    )
    verify.add_argument(
        "--trust-store",
        metavar="FILE",
        help=(
            "where the last checkpoint verified of each journal is remembered, to catch a "
            "fork or rollback on the next run (default: ~/.config/commune/known_checkpoints; "
            "the first run on a journal only remembers it, and says so)"
        ),
    )
    verify.add_argument(
        "--no-trust-store",
        action="store_true",
        help="neither read nor write the trust store",
    )
    verify.add_argument(
        "--public-key",
        metavar="KEY|FILE",
        help="the journal's verifier key (default: trust the one the source gives, on first use)",
    )
    verify.add_argument(
        "--save-checkpoint",
        metavar="FILE",
        help="if the log verifies, save its checkpoint here (for --trusted next time)",
    )
    verify.add_argument("--json", action="store_true", help="print the report as JSON")
    verify.add_argument(
        "--jobs", type=int, default=None, metavar="N", help="processes checking an export"
    )
    return parser


@contextmanager
def _progress(enabled: bool) -> Iterator[Progress | None]:
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, TimeElapsedColumn
    from rich.progress import Progress as Bar

    with Bar(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("entries", total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def _print_report(report: Report, as_json: bool, write: Callable[[str], object]) -> None:
    if as_json:
        write(json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n")
        return
    checkpoint = report.checkpoint
    if report.ok and checkpoint is not None:
        write(
            f"OK {checkpoint.origin}: {checkpoint.size} entries verified, "
            f"root {report.to_json()['root']}\n"
        )
    else:
        first = report.first_bad_index
        where = f" (first bad entry: {first})" if first is not None else ""
        write(f"BAD {report.source}: {len(report.problems)} problem(s){where}\n")
        for problem in report.problems:
            at = f"[{problem.index}] " if problem.index is not None else ""
            write(f"  {problem.code}: {at}{problem.message}\n")
    for notice in report.notices:
        write(f"  note: {notice}\n")


def _read_note_file(path: str) -> str:
    data = read_file(path, MAX_NOTE_FILE_BYTES, "the trusted checkpoint")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise SourceError(f"the trusted checkpoint {path} is not UTF-8") from None


def _remember(store: TrustStore, report: Report) -> Report:
    """Remember the checkpoint of a log that verified; say so when it is new or larger."""
    checkpoint = report.checkpoint
    if report.note is None or checkpoint is None:
        return report
    old = store.remember(report.note)
    origin, size = checkpoint.origin, checkpoint.size
    if old is None:
        notice = (
            f"first time this journal is seen: remembering {origin} at size {size} in {store.path}"
        )
    elif old.size < size:
        notice = f"remembered {origin} now at size {size} (was {old.size}) in {store.path}"
    else:
        return report
    return dataclasses.replace(report, notices=(*report.notices, notice))


def main(argv: list[str] | None = None) -> int:
    """Run ``journal …``; return the exit status."""
    args = _parser().parse_args(argv)
    try:
        public_key = load_verifier_key(args.public_key) if args.public_key else None
        trusted = _read_note_file(args.trusted) if args.trusted else None
        store: TrustStore | None = None
        if trusted is None and not args.no_trust_store:
            store = TrustStore(args.trust_store or default_path(Path.home()))
        label = (
            f"the checkpoint remembered in {store.path}"
            if store is not None
            else "the trusted checkpoint"
        )
        trusted_for = store.get if store is not None else None
        is_url = args.source.startswith(("http://", "https://"))
        with _progress(sys.stderr.isatty() and not args.json) as progress:
            if is_url:
                report = verify_url(
                    args.source,
                    public_key=public_key,
                    trusted=trusted,
                    trusted_for=trusted_for,
                    trusted_label=label,
                    progress=progress,
                )
            else:
                report = verify_export(
                    args.source,
                    public_key=public_key,
                    trusted=trusted,
                    trusted_for=trusted_for,
                    trusted_label=label,
                    jobs=args.jobs,
                    progress=progress,
                )
        if report.ok and store is not None:
            report = _remember(store, report)
        _print_report(report, args.json, sys.stdout.write)
        if report.ok and args.save_checkpoint:
            save_checkpoint(report, args.save_checkpoint)
    except LedgerError as exc:
        print(f"journal: {exc.code}: {one_line(exc.message)}", file=sys.stderr)
        return EXIT_ERROR
    except (OSError, UnicodeDecodeError) as exc:
        print(f"journal: {one_line(str(exc))}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("journal: interrupted", file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:  # the last resort: one line, never a traceback
        # Every input the verifier refuses has its own error above; reaching this is a bug,
        # reported with where it happened so that it can be fixed (and pinned in the fuzz
        # corpus, tests/ledger/fuzz_corpus/).
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        where = f"{os.path.basename(frame.filename)}:{frame.lineno}"
        message = one_line(f"{type(exc).__name__} at {where}: {exc}")
        print(
            f"journal: internal_error: {message} (a bug of the verifier: please report it)",
            file=sys.stderr,
        )
        return EXIT_ERROR
    return EXIT_OK if report.ok else EXIT_BAD_LOG


if __name__ == "__main__":
    sys.exit(main())
