"""``journal verify``: the command line of the independent verifier.

    journal verify URL|EXPORT [--trusted CHECKPOINT] [--public-key KEY|FILE]
                              [--save-checkpoint FILE] [--json]

Exit status: 0 the log verified; 1 the log is bad (each problem is printed, with the first
entry at fault); 2 a usage or I/O error (one line on stderr, no traceback). The ``commune``
entry point dispatches ``commune journal verify …`` here; ``python -m commune.ledger.cli``
works too.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

from commune.ledger.errors import LedgerError
from commune.ledger.note import load_verifier_key
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
            "signature and root, and (with --trusted) that the log only grew since."
        ),
    )
    verify.add_argument(
        "source", metavar="URL|EXPORT", help="https://host of a server, or an export file"
    )
    verify.add_argument(
        "--trusted",
        metavar="CHECKPOINT",
        help="a checkpoint saved earlier: detect forks and rollbacks since then",
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


def main(argv: list[str] | None = None) -> int:
    """Run ``journal …``; return the exit status."""
    args = _parser().parse_args(argv)
    try:
        public_key = load_verifier_key(args.public_key) if args.public_key else None
        trusted = Path(args.trusted).read_text(encoding="utf-8") if args.trusted else None
        is_url = args.source.startswith(("http://", "https://"))
        with _progress(sys.stderr.isatty() and not args.json) as progress:
            if is_url:
                report = verify_url(
                    args.source, public_key=public_key, trusted=trusted, progress=progress
                )
            else:
                report = verify_export(
                    args.source,
                    public_key=public_key,
                    trusted=trusted,
                    jobs=args.jobs,
                    progress=progress,
                )
        _print_report(report, args.json, sys.stdout.write)
        if report.ok and args.save_checkpoint:
            save_checkpoint(report, args.save_checkpoint)
    except LedgerError as exc:
        print(f"journal: {exc.code}: {exc.message}", file=sys.stderr)
        return EXIT_ERROR
    except (OSError, UnicodeDecodeError) as exc:
        print(f"journal: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("journal: interrupted", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_OK if report.ok else EXIT_BAD_LOG


if __name__ == "__main__":
    sys.exit(main())
