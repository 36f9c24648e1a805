"""Reading a member list from CSV: every line is checked before anything is saved.

The format is a header row naming the columns, then one member per line:

    name,email,section
    Eugène Varlin,varlin@example.org,6

`name` (or `full_name`) and `section` (a section's number or exact name) are
required; `email` is optional but, when given, unique. Problems are collected
for every line, so a clerk fixes the whole file in one pass.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

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


def parse_member_csv(text: str) -> tuple[list[MemberRow], list[LineProblem]]:
    """Split a member list into good rows and problems; the caller saves nothing if any problem."""
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        return [], [LineProblem(1, "the file is empty: expected a header row name,email,section")]
    except csv.Error as error:
        return [], [LineProblem(1, f"unreadable CSV: {error}")]
    columns = [ALIASES.get(h.strip().lower(), h.strip().lower()) for h in header]
    problems: list[LineProblem] = []
    unknown = [c for c in columns if c not in REQUIRED + OPTIONAL]
    missing = [c for c in REQUIRED if c not in columns]
    if unknown or missing or len(set(columns)) != len(columns):
        parts = []
        if missing:
            parts.append("missing column(s) " + ", ".join(missing))
        if unknown:
            parts.append("unknown column(s) " + ", ".join(unknown))
        if len(set(columns)) != len(columns):
            parts.append("a column is repeated")
        return [], [LineProblem(1, "bad header: " + "; ".join(parts))]

    rows: list[MemberRow] = []
    seen_emails: dict[str, int] = {}
    line = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append(LineProblem(reader.line_num, f"unreadable CSV: {error}"))
            break
        line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue  # blank lines are common at the end of exported sheets
        if len(record) != len(columns):
            problems.append(
                LineProblem(line, f"expected {len(columns)} fields, found {len(record)}")
            )
            continue
        values = dict(zip(columns, (cell.strip() for cell in record), strict=True))
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
    if not rows and not problems:
        problems.append(LineProblem(line + 1, "the file has a header but no members"))
    return rows, problems
