"""`commune found-commune`: found a commune, with its sections from a CSV file if given."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from commune.cli.base import CommuneCommand
from commune.communes import access
from commune.members import actions
from commune.members.errors import ImportRejected
from commune.members.imports import SectionRow, parse_section_csv


class Command(CommuneCommand):
    help = (
        "Found a commune. Its first constitution is the 1871 rules, or a JSON file; its "
        "sections can be given as a CSV file with a header row "
        "number,name,population,registered,source (only number and name are required): "
        "every line is checked, and the commune is founded with all of them or not at all."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--slug", required=True, help="short name used in addresses")
        parser.add_argument("--name", required=True, help="the commune's full name")
        parser.add_argument("--description", default="")
        parser.add_argument("--constitution", type=Path, help="JSON file of rules")
        parser.add_argument("--sections", type=Path, help="CSV file of the sections")

    def handle(self, *args: Any, **options: Any) -> None:
        rules = None
        if options["constitution"]:
            try:
                rules = json.loads(options["constitution"].read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                raise CommandError(f"{options['constitution']}: {error}") from None
        rows: list[SectionRow] = []
        path: Path | None = options["sections"]
        if path is not None:
            text = self.read_text_file(path)
            rows, problems = parse_section_csv(text)
            if problems:
                for problem in problems:
                    self.stderr.write(f"{path}, line {problem.line}: {problem.problem}")
                raise CommandError(f"{len(problems)} problem(s) in {path}; nothing was founded")
        try:
            commune = actions.do_found_commune(
                actor=access.OPERATOR,
                slug=options["slug"],
                name=options["name"],
                description=options["description"],
                constitution=rules,
                sections=rows,
            )
        except ImportRejected as error:
            for problem in error.details:
                self.stderr.write(f"{path}, line {problem['line']}: {problem['problem']}")
            raise CommandError(error.message) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Founded {commune.name} ({commune.slug}) with {len(rows)} section(s)."
            )
        )
        if rows:
            self.stdout.write(f"Next: commune apportion-seats --commune {commune.slug}")
