"""Reading member and section lists from CSV: every line is checked before anything is saved.

A member list is a header row naming the columns, then one member per line:

    name,email,section
    Eugène Varlin,varlin@example.org,6

`name` (or `full_name`) and `section` (a section's number or exact name) are
required; `email` is optional but, when given, unique. Problems are collected
for every line, so a clerk fixes the whole file in one pass.

A section list founds a commune's constituencies:

    number,name,population,registered,source
    1,Louvre,81665,22060,"Lefrançais, p. 35"

`number` and `name` are required; the figures and their source are optional.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from commune.text import control_character, shorten

REQUIRED = ("name", "section")
OPTIONAL = ("email",)
ALIASES = {"full_name": "name", "nom": "name", "courriel": "email", "e-mail": "email"}
MAX_NAME = 200
MAX_EMAIL = 254  # RFC 5321's limit, and the column's


@dataclass(frozen=True, slots=True)
class MemberRow:
    """One well-formed line of a member list; `line` is its 1-based line number in the file."""

    line: int
    full_name: str
    email: str | None
    section: str


@dataclass(frozen=True, slots=True)
class LineProblem:
    """Why one line of the file cannot be imported."""

    line: int
    problem: str

    def as_dict(self) -> dict[str, object]:
        return {"line": self.line, "problem": self.problem}

    def __str__(self) -> str:
        return f"line {self.line}: {self.problem}"


def decode(raw: bytes) -> str:
    """Files come from spreadsheets: accept UTF-8 (with or without BOM), refuse anything else."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(
            f"the file is not UTF-8 (byte {error.start}): save it as CSV UTF-8"
        ) from None


@dataclass(frozen=True, slots=True)
class ListSpec:
    """The columns of one kind of list: what the header must name, and what it may."""

    what: str  # "members", "sections": for messages
    required: tuple[str, ...]
    optional: tuple[str, ...]
    aliases: dict[str, str]
    max_rows: int


def _read_records(
    text: str, spec: ListSpec, problems: list[LineProblem]
) -> Iterator[tuple[int, dict[str, str]]]:
    """Each non-blank line of a list as (line number, {column: stripped cell}).

    The header is checked first; a line with the wrong number of fields, or a control
    character in any cell, becomes a problem instead of a record. Problems are appended to
    `problems`, so one pass reports every bad line.
    """
    expected = ",".join(spec.required + spec.optional)
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        problems.append(LineProblem(1, f"the file is empty: expected a header row {expected}"))
        return
    except csv.Error as error:
        problems.append(LineProblem(1, f"unreadable CSV: {error}"))
        return
    columns = [spec.aliases.get(h.strip().lower(), h.strip().lower()) for h in header]
    unknown = [c for c in columns if c not in spec.required + spec.optional]
    missing = [c for c in spec.required if c not in columns]
    parts = []
    if missing:
        parts.append("missing column(s) " + ", ".join(missing))
    if unknown:
        parts.append("unknown column(s) " + ", ".join(shorten(c) for c in unknown))
    if len(set(columns)) != len(columns):
        parts.append("a column is repeated")
    if parts:
        problems.append(LineProblem(1, f"bad header: {'; '.join(parts)} (expected {expected})"))
        return
    line = 1
    count = 0
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append(LineProblem(reader.line_num, f"unreadable CSV: {error}"))
            return
        line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue  # blank lines are common at the end of exported sheets
        count += 1
        if count > spec.max_rows:
            problems.append(LineProblem(line, f"more than {spec.max_rows:,} {spec.what}"))
            return
        if len(record) != len(columns):
            problems.append(
                LineProblem(line, f"expected {len(columns)} fields, found {len(record)}")
            )
            continue
        values = dict(zip(columns, (cell.strip() for cell in record), strict=True))
        bad = [
            f"{column} contains the control character {control_character(value)}"
            for column, value in values.items()
            if control_character(value)
        ]
        if bad:
            problems.extend(LineProblem(line, p) for p in bad)
            continue
        yield line, values
    if count == 0 and not problems:
        problems.append(LineProblem(line + 1, f"the file has a header but no {spec.what}"))


MEMBERS = ListSpec("members", REQUIRED, OPTIONAL, ALIASES, max_rows=1_000_000)


def parse_member_csv(text: str) -> tuple[list[MemberRow], list[LineProblem]]:
    """Split a member list into good rows and problems; the caller saves nothing if any problem."""
    problems: list[LineProblem] = []
    rows: list[MemberRow] = []
    seen_emails: dict[str, int] = {}
    for line, values in _read_records(text, MEMBERS, problems):
        line_problems = []
        name = values["name"]
        if not name:
            line_problems.append("the name is empty")
        elif len(name) > MAX_NAME:
            line_problems.append(f"the name is longer than {MAX_NAME} characters")
        section = values["section"]
        if not section:
            line_problems.append("the section is empty")
        email = values.get("email") or None
        if email:
            email = email.lower()
            if len(email) > MAX_EMAIL:
                line_problems.append(f"the email is longer than {MAX_EMAIL} characters")
            try:
                validate_email(email)
            except ValidationError:
                line_problems.append(f"{email!r} is not a valid email address")
            else:
                if email in seen_emails:
                    line_problems.append(
                        f"{email} is already on line {seen_emails[email]} of this file"
                    )
                else:
                    seen_emails[email] = line
        if line_problems:
            problems.extend(LineProblem(line, p) for p in line_problems)
        else:
            rows.append(MemberRow(line, name, email, section))
    return rows, problems


SECTION_REQUIRED = ("number", "name")
SECTION_OPTIONAL = ("population", "registered", "source")
SECTION_ALIASES = {
    "numero": "number",
    "numéro": "number",
    "nom": "name",
    "inscrits": "registered",
    "registered_voters": "registered",
}
#: More sections than any real body has: a larger file is a mistake, refused before reading on.
MAX_SECTIONS = 10_000
MAX_FIGURE = 2_000_000_000  # the database column's range, with room to spare


@dataclass(frozen=True, slots=True)
class SectionRow:
    """One well-formed line of a section list (`line` 0 when it did not come from a file)."""

    line: int
    number: int
    name: str
    population: int | None = None
    registered: int | None = None
    source: str = ""


def _count(text: str, what: str) -> int | None:
    cleaned = text.replace(" ", "").replace("\u202f", "").replace("\xa0", "").replace(",", "")
    if not cleaned:
        return None
    if not cleaned.isdigit() or len(cleaned) > 10:
        raise ValueError(f"the {what} {text!r} is not a whole number")
    value = int(cleaned)
    if value > MAX_FIGURE:
        raise ValueError(f"the {what} {text!r} is larger than {MAX_FIGURE:,}")
    return value


SECTIONS = ListSpec(
    "sections", SECTION_REQUIRED, SECTION_OPTIONAL, SECTION_ALIASES, max_rows=MAX_SECTIONS
)


def parse_section_csv(text: str) -> tuple[list[SectionRow], list[LineProblem]]:
    """Split a section list into good rows and problems (the caller saves nothing if any)."""
    problems: list[LineProblem] = []
    rows: list[SectionRow] = []
    seen_numbers: dict[int, int] = {}
    seen_names: dict[str, int] = {}
    for line, values in _read_records(text, SECTIONS, problems):
        line_problems = []
        number = None
        try:
            number = _count(values["number"], "number")
            if number is None:
                line_problems.append("the number is empty")
            population = _count(values.get("population", ""), "population")
            registered = _count(values.get("registered", ""), "registered voters")
        except ValueError as error:
            line_problems.append(str(error))
        name = values["name"]
        if not name:
            line_problems.append("the name is empty")
        elif len(name) > MAX_NAME:
            line_problems.append(f"the name is longer than {MAX_NAME} characters")
        if number is not None and number in seen_numbers:
            line_problems.append(f"number {number} is already on line {seen_numbers[number]}")
        if name and name.casefold() in seen_names:
            line_problems.append(f"{name!r} is already on line {seen_names[name.casefold()]}")
        if line_problems or number is None:
            problems.extend(LineProblem(line, p) for p in line_problems)
            continue
        seen_numbers[number] = line
        seen_names[name.casefold()] = line
        rows.append(
            SectionRow(line, number, name, population, registered, values.get("source", ""))
        )
    return rows, problems
