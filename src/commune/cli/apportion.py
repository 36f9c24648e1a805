"""`commune apportion FILE.csv --method …`: seats per name from `name,population` rows.

For clerks and for anyone checking a commune's seats: it needs no database.
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
)


class InputError(Exception):
    """The CSV cannot be read; the message names the line."""


def read_populations(path: Path) -> dict[str, int]:
    """Read `name,population` rows after a header row; each problem names its line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise InputError(f"{path}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None
    rows = csv.reader(text.splitlines())
    populations: dict[str, int] = {}
    header = next(rows, None)
    if header is None:
        raise InputError(f"{path}: the file is empty (expected a header row name,population)")
    if len(header) < 2:
        raise InputError(f"{path}, line 1: expected a header row with two columns: name,population")
    for number, row in enumerate(rows, start=2):
        if not row or not any(cell.strip() for cell in row):
            continue
        if len(row) != 2:
            raise InputError(f"{path}, line {number}: expected 2 fields, found {len(row)}")
        name, raw = row[0].strip(), row[1].strip().replace("_", "")
        if not name:
            raise InputError(f"{path}, line {number}: the name is empty")
        if name in populations:
            raise InputError(f"{path}, line {number}: {name!r} appears twice")
        try:
            population = int(raw)
        except ValueError:
            raise InputError(
                f"{path}, line {number}: population {row[1]!r} is not an integer"
            ) from None
        if population < 0:
            raise InputError(f"{path}, line {number}: population {population} is negative")
        populations[name] = population
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


def main(argv: list[str] | None = None) -> int:
    methods = [*METHODS, *ALIASES]
    parser = argparse.ArgumentParser(
        prog="commune apportion",
        description="Share seats among sections (or lists) by population, exactly; a tie for "
        "the last seat is reported, never broken.",
    )
    parser.add_argument("file", type=Path, help="CSV with a header row, then name,population rows")
    parser.add_argument(
        "--method",
        required=True,
        choices=methods,
        metavar="METHOD",
        help="one of: " + ", ".join(methods),
    )
    parser.add_argument("--seats", type=int, help="seats to share (not for paris-1871)")
    parser.add_argument(
        "--json",
        action="store_true",
        help='print one JSON object {"method", "seats": {name: n}, "tie"}',
    )
    args = parser.parse_args(argv)
    try:
        populations = read_populations(args.file)
        result = apportion(args.method, populations, args.seats)
    except (InputError, ApportionmentError) as error:
        print(f"commune apportion: {error}", file=sys.stderr)
        return 2
    if args.json:
        json.dump(result.as_dict(), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
