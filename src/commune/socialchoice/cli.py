"""``commune tally FILE --method …``: count a ballot file and explain the result.

Exit status: 0 on success, 2 on any error — a bad option or a bad input (one line on stderr,
``commune tally: error: …``, naming the file, line and problem; never a traceback).
"""

from __future__ import annotations

import argparse
import inspect
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any, NoReturn

from commune.socialchoice.errors import BallotError, SocialChoiceError
from commune.socialchoice.limits import MAX_SEATS
from commune.socialchoice.methods import ALIASES, METHODS, get_method
from commune.socialchoice.rules import RULE_SETS, get_rules

BIG_FILE = 4 << 20
PROG = "commune tally"


class UsageError(Exception):
    """A bad command line (argparse's message, without the usage text)."""


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line (``prog: error: …``), not a usage text."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def whole_number(minimum: int, unit: str, maximum: int | None = None) -> Any:
    """An argparse ``type``: a whole number of at least ``minimum`` (and at most ``maximum``,
    the limit for the number of ``unit``)."""

    def parse(text: str) -> int:
        t = text.strip()
        digits = t[1:] if t[:1] in "+-" else t
        if not (digits.isascii() and digits.isdigit()) or len(digits) > 30:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text[:40]!r}")
        value = int(t)
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {value}")
        if maximum is not None and value > maximum:
            raise argparse.ArgumentTypeError(
                f"{value:,} {unit}: more than {maximum:,} (the limit for the number of {unit})"
            )
        return value

    return parse


def _parser() -> argparse.ArgumentParser:
    methods = "\n".join(
        f"  {s.name:<18} {s.summary}" + (f" (aliases: {', '.join(s.aliases)})" if s.aliases else "")
        for s in METHODS.values()
    )
    rules = "\n".join(f"  {name:<14} {r.description}" for name, r in RULE_SETS.items())
    p = OneLineParser(
        prog=PROG,
        description="Count the ballots in FILE and explain the result round by round.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=f"methods:\n{methods}\n\nrule sets (--rules):\n{rules}",
    )
    p.add_argument(
        "file", metavar="FILE", help="ballot file (BLT, ABIF, PrefLib, Irish, Debian, CSV)"
    )
    p.add_argument("--method", "-m", required=True, help="counting method (see below)")
    p.add_argument(
        "--seats",
        type=whole_number(1, "seats", MAX_SEATS),
        help=f"seats to fill, 1 to {MAX_SEATS:,} (default: from the file, else 1)",
    )
    p.add_argument(
        "--format",
        help="input format: blt, abif, preflib, preflib-cat, irish, debian, csv, approval-csv, "
        "score-csv (default: detected from extension and content)",
    )
    p.add_argument(
        "--rules",
        help="rule set for irregular ballots and counting conventions (default: the format's "
        "own rules for Debian tally sheets, else strict)",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object instead of a report")
    p.add_argument("--seed", help="seed for drawing lots (default: SHA-256 of the ballots)")
    p.add_argument(
        "--threshold",
        help="block vote: share of registered voters a candidate needs, e.g. 1/8 or 0.125",
    )
    p.add_argument(
        "--registered",
        type=whole_number(0, "voters"),
        help="number of registered voters (for --threshold)",
    )
    p.add_argument(
        "--quorum",
        type=whole_number(0, "votes"),
        help="Debian: quorum an option needs against the default",
    )
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


def _rules_name(text: str) -> str:
    """The rule set named ``text``, whatever its capitals (its canonical name)."""
    key = text.strip().lower().replace("_", "-")
    if key not in RULE_SETS:
        raise ValueError(f"unknown rule set {text!r}; known: {', '.join(sorted(RULE_SETS))}")
    return get_rules(key).name


def _default_rules(election: Any, method: str) -> str:
    """The rules of a format that defines its own (Debian), of the Debian method, else strict:
    the safe default for a file of unknown origin."""
    if election.rules:
        return str(election.rules)
    if method == "debian":
        return "debian"
    return "strict"


def readers_of(election: Any, failed: str) -> list[str]:
    """The rule sets (canonical names, not ``failed``) under which every ballot is read."""
    names = []
    for name, rules in sorted(RULE_SETS.items()):
        if name != rules.name or name == failed:
            continue
        try:
            election.profile(rules)
        except BallotError:
            continue
        names.append(name)
    return names


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

    chosen = _rules_name(args.rules) if args.rules else None
    try:
        election = read(path, args.format, encoding=args.encoding, progress=progress_cb)
    finally:
        if bar is not None:
            bar.stop()
    rules = chosen or _default_rules(election, spec.name)
    kind = spec.ballot
    if kind not in ("party", election.kind) and not (
        spec.name == "block" and election.kind == "approval"
    ):
        raise ValueError(
            f"{path.name}: method {spec.name} needs {kind} ballots, "
            f"the file has {election.kind} ballots"
        )
    try:
        profile: Any = election.profile(rules)
    except BallotError as exc:
        if chosen is None and rules == "strict":
            readers = readers_of(election, rules)
            hint = (
                f"rule sets that read this file: {', '.join(readers)}; choose one with --rules"
                if readers
                else "no rule set reads this file as it is"
            )
            raise BallotError(
                exc.problem,
                f"{exc.message} (the default rules are strict; {hint})",
                ballot=exc.ballot,
                line=exc.line,
                source=exc.source,
            ) from None
        raise
    options: dict[str, Any] = {"rules": rules, "seed": args.seed}
    params = inspect.signature(spec.func).parameters
    if "seats" in params:
        options["seats"] = args.seats if args.seats is not None else election.seats or 1
    elif args.seats is not None and args.seats != 1:
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
    except UsageError as exc:
        return _fail(str(exc))
    except SystemExit as exc:  # --help
        return int(exc.code or 0) if isinstance(exc.code, int) else 2
    try:
        return run(args)
    except (SocialChoiceError, ValueError) as exc:
        return _fail(str(exc) or type(exc).__name__)
    except OSError as exc:
        return _fail(f"{exc.filename or args.file}: {exc.strerror or exc}")
    except MemoryError:
        return _fail(f"{args.file}: not enough memory to count this file")
    except KeyboardInterrupt:
        return 130


def _fail(message: str) -> int:
    """Print ``message`` as the one line of an error and return the exit status 2."""
    line = " ".join(message.split()) or "error"
    sys.stderr.write(f"{PROG}: error: {line}\n")
    return 2


__all__ = ["main"]
_ = ALIASES

if __name__ == "__main__":
    sys.exit(main())
