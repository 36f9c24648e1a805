"""``commune tally FILE --method …``: count a ballot file and explain the result.

Exit status: 0 on success, 2 on any error (a one-line message naming the file, line and
problem on stderr; no traceback).
"""

from __future__ import annotations

import argparse
import inspect
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

from commune.socialchoice.errors import BallotError, SocialChoiceError
from commune.socialchoice.methods import ALIASES, METHODS, get_method
from commune.socialchoice.rules import RULE_SETS

BIG_FILE = 4 << 20


def _parser() -> argparse.ArgumentParser:
    methods = "\n".join(
        f"  {s.name:<18} {s.summary}" + (f" (aliases: {', '.join(s.aliases)})" if s.aliases else "")
        for s in METHODS.values()
    )
    rules = "\n".join(f"  {name:<14} {r.description}" for name, r in RULE_SETS.items())
    p = argparse.ArgumentParser(
        prog="commune tally",
        description="Count the ballots in FILE and explain the result round by round.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=f"methods:\n{methods}\n\nrule sets (--rules):\n{rules}",
    )
    p.add_argument(
        "file", metavar="FILE", help="ballot file (BLT, ABIF, PrefLib, Irish, Debian, CSV)"
    )
    p.add_argument("--method", "-m", required=True, help="counting method (see below)")
    p.add_argument("--seats", type=int, help="seats to fill (default: from the file, else 1)")
    p.add_argument(
        "--format",
        help="input format: blt, abif, preflib, preflib-cat, irish, debian, csv, approval-csv, "
        "score-csv (default: detected from extension and content)",
    )
    p.add_argument("--rules", help="rule set for irregular ballots and counting conventions")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of a report")
    p.add_argument("--seed", help="seed for drawing lots (default: SHA-256 of the ballots)")
    p.add_argument(
        "--threshold",
        help="block vote: share of registered voters a candidate needs, e.g. 1/8 or 0.125",
    )
    p.add_argument("--registered", type=int, help="number of registered voters (for --threshold)")
    p.add_argument("--quorum", type=int, help="Debian: quorum an option needs against the default")
    p.add_argument("--encoding", help="text encoding of FILE (default: UTF-8, else ISO-8859-1)")
    p.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    return p


def _fraction(text: str) -> Fraction:
    try:
        return Fraction(text.strip().rstrip("%")) / (100 if text.strip().endswith("%") else 1)
    except (ValueError, ZeroDivisionError):
        raise ValueError(
            f"bad threshold {text!r}: give a fraction like 1/8, 0.125 or 12.5%"
        ) from None


def _default_rules(fmt_hint: str, method: str) -> str:
    if method == "debian":
        return "debian"
    return "strict"


def run(args: argparse.Namespace) -> int:
    from commune.socialchoice.formats import read

    spec = get_method(args.method)
    path = Path(args.file)
    if not path.exists():
        raise ValueError(f"{path}: no such file")
    progress_cb = None
    bar: Any = None
    if not args.no_progress and path.stat().st_size > BIG_FILE and sys.stderr.isatty():
        from rich.progress import Progress

        bar = Progress(transient=True, console=None)
        bar.start()
        task = bar.add_task(f"reading {path.name}", total=None)

        def progress_cb(line: int) -> None:
            bar.update(task, completed=line, description=f"reading {path.name}: line {line:,}")

    try:
        election = read(path, args.format, encoding=args.encoding, progress=progress_cb)
    finally:
        if bar is not None:
            bar.stop()
    rules = args.rules or _default_rules(args.format or "", spec.name)
    if rules not in RULE_SETS:
        raise ValueError(f"unknown rule set {rules!r}; known: {', '.join(sorted(RULE_SETS))}")
    kind = spec.ballot
    if kind == "party":
        profile: Any = election.profile(rules)
    elif kind != election.kind and not (spec.name == "block" and election.kind == "approval"):
        raise ValueError(
            f"{path.name}: method {spec.name} needs {kind} ballots, "
            f"the file has {election.kind} ballots"
        )
    else:
        profile = election.profile(rules)
    options: dict[str, Any] = {"rules": rules, "seed": args.seed}
    params = inspect.signature(spec.func).parameters
    if "seats" in params:
        options["seats"] = args.seats or election.seats or 1
    elif args.seats and args.seats != 1:
        raise ValueError(f"method {spec.name} elects one candidate; --seats does not apply")
    if args.threshold is not None:
        if "threshold" not in params:
            raise ValueError(f"method {spec.name} takes no --threshold")
        options["threshold"] = _fraction(args.threshold)
        if args.registered is None:
            raise ValueError("--threshold needs --registered (the number of registered voters)")
    if args.registered is not None and "registered" in params:
        options["registered"] = args.registered
    if args.quorum is not None:
        if "quorum" not in params:
            raise ValueError(f"method {spec.name} takes no --quorum")
        options["quorum"] = args.quorum
    result = spec.func(profile, **{k: v for k, v in options.items() if k in params})
    if args.json:
        sys.stdout.write(result.to_json() + "\n")
    else:
        if election.title:
            sys.stdout.write(f"{election.title}\n\n")
        sys.stdout.write(result.report() + "\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``commune tally`` (and ``python -m commune.socialchoice.cli``)."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["tally"]:
        args_list = args_list[1:]
    parser = _parser()
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exc:
        return int(exc.code or 0) if isinstance(exc.code, int) else 2
    try:
        return run(args)
    except (SocialChoiceError, ValueError, OSError, UnicodeDecodeError) as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if isinstance(exc, BallotError) and not args.rules:
            message += " (the default rules are strict: choose --rules, see --help)"
        sys.stderr.write(f"commune tally: error: {message}\n")
        return 2
    except KeyboardInterrupt:
        return 130


__all__ = ["main"]
_ = ALIASES

if __name__ == "__main__":
    sys.exit(main())
