"""`commune apportion FILE.csv --method …`: seats per name from `name,population` rows.

For clerks and for anyone checking a commune's seats: it needs no database.

Exit status: 0 on success, 2 on a bad option or a bad file, with one line on stderr
(`commune apportion: error: …`) naming the line and the problem; never a traceback.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from commune.socialchoice.apportionment import (
    ALIASES,
    METHODS,
    Apportionment,
    ApportionmentError,
    apportion,
    method_name,
)
from commune.socialchoice.cli import OneLineParser, UsageError, whole_number
from commune.socialchoice.errors import SocialChoiceError
from commune.socialchoice.formats import Lines, bad_line, shorten
from commune.socialchoice.limits import MAX_SEATS

PROG = "commune apportion"
#: digits of a population (or of a vote count for party lists): more is a mistake, and Python
#: refuses to read integers of more than 4,300 digits anyway
MAX_POPULATION_DIGITS = 30


class InputError(Exception):
    """The CSV cannot be read; the message names the line."""


def _is_number(cell: str) -> bool:
    text = cell.strip().replace("_", "")
    return text.lstrip("+-").isascii() and text.lstrip("+-").isdigit()


def read_populations(path: Path) -> dict[str, int]:
    """Read `name,population` rows, after an optional header row; each problem names its line.

    The first row is a header when its second cell is not a number (`name,population`,
    `arrondissement,inhabitants` …); otherwise it is already a section and is read as one.
    """
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            return _read_rows(path, Lines(stream, source=path.name))
    except OSError as error:
        raise InputError(f"{path}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}, line {bad_line(path, 'utf-8-sig')}: not UTF-8 text") from None
    except SocialChoiceError as error:
        raise InputError(str(error)) from None


def _read_rows(path: Path, lines: Lines) -> dict[str, int]:
    populations: dict[str, int] = {}
    header_seen = False
    for number, text in lines:
        try:
            row = next(csv.reader([text])) if text.strip() else []
        except csv.Error as error:
            raise InputError(f"{path}, line {number}: bad CSV: {error}") from None
        if not row or not any(cell.strip() for cell in row):
            continue
        if not header_seen and not populations:
            header_seen = True
            if len(row) < 2:
                raise InputError(
                    f"{path}, line {number}: expected a header row with two columns: "
                    "name,population"
                )
            if not _is_number(row[1]):
                continue  # a header: name,population
        if len(row) != 2:
            raise InputError(f"{path}, line {number}: expected 2 fields, found {len(row)}")
        name, raw = row[0].strip(), row[1].strip().replace("_", "")
        if not name:
            raise InputError(f"{path}, line {number}: the name is empty")
        if name in populations:
            raise InputError(f"{path}, line {number}: {shorten(name)!r} appears twice")
        if not _is_number(raw):
            raise InputError(
                f"{path}, line {number}: population {shorten(row[1])!r} is not an integer"
            )
        if len(raw.lstrip("+-").lstrip("0")) > MAX_POPULATION_DIGITS:
            raise InputError(
                f"{path}, line {number}: population {shorten(raw)} has more than "
                f"{MAX_POPULATION_DIGITS} digits (the limit for a population)"
            )
        population = int(raw)
        if population < 0:
            raise InputError(f"{path}, line {number}: population {population} is negative")
        populations[name] = population
    if not header_seen:
        raise InputError(f"{path}: the file is empty (expected a header row name,population)")
    if not populations:
        raise InputError(f"{path}: no rows after the header")
    return populations


def report(result: Apportionment) -> str:
    width = max(len(name) for name in result.seats)
    lines = [f"{name:<{width}}  {seats:>5}" for name, seats in result.seats.items()]
    lines.append(f"{'total':<{width}}  {sum(result.seats.values()):>5}")
    if result.tie:
        lines.append(f"TIE: {result.tie} — not broken; decide it by lot or by the constitution")
    return "\n".join(lines)


def _method(text: str) -> str:
    name = method_name(text)
    if name not in METHODS:
        known = ", ".join([*METHODS, *ALIASES])
        raise argparse.ArgumentTypeError(
            f"unknown apportionment method {text!r} (known: {known}; any capitals)"
        )
    return name


def main(argv: list[str] | None = None) -> int:
    methods = [*METHODS, *ALIASES]
    parser = OneLineParser(
        prog=PROG,
        description="Share seats among sections (or lists) by population, exactly; a tie for "
        "the last seat is reported, never broken.",
    )
    parser.add_argument(
        "file", type=Path, help="CSV of name,population rows (a header row is optional)"
    )
    parser.add_argument(
        "--method",
        required=True,
        type=_method,
        metavar="METHOD",
        help="one of: " + ", ".join(methods) + " (any capitals)",
    )
    parser.add_argument(
        "--seats",
        type=whole_number(1, "seats", MAX_SEATS),
        help=f"seats to share, 1 to {MAX_SEATS:,} (not for paris-1871)",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help='print one JSON object {"method", "seats": {name: n}, "tie"}',
    )
    try:
        args = parser.parse_args(argv)
    except UsageError as error:
        return _fail(str(error))
    try:
        populations = read_populations(args.file)
        result = apportion(args.method, populations, args.seats)
    except (InputError, ApportionmentError) as error:
        return _fail(str(error))
    if args.json:
        json.dump(result.as_dict(), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(report(result))
    return 0


def _fail(message: str) -> int:
    print(f"{PROG}: error: {' '.join(message.split())}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
