"""`commune import-members FILE`: put a CSV member list on the rolls, all lines or none."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from rich.console import Console
from rich.progress import Progress

from commune.cli.base import CommuneCommand
from commune.communes import access
from commune.members import actions
from commune.members.errors import ImportRejected
from commune.members.imports import parse_member_csv


class Command(CommuneCommand):
    help = (
        "Import members from a CSV file with a header row `name,email,section` (section: "
        "number or name). Every line is checked first; if any is bad, each bad line is "
        "reported and nothing is saved."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--commune", help="the commune's slug (optional if there is one)")

    def handle(self, *args: Any, **options: Any) -> None:
        commune = self.get_commune(options["commune"])
        path: Path = options["file"]
        text = self.read_text_file(path)
        rows, problems = parse_member_csv(text)
        with Progress(transient=True, console=Console(stderr=True)) as progress:
            task = progress.add_task("Importing members", total=len(rows))
            try:
                counts = actions.do_import_members(
                    commune,
                    actor=access.OPERATOR,
                    rows=rows,
                    problems=problems,
                    on_progress=lambda done: progress.update(task, completed=done),
                )
            except ImportRejected as error:
                for problem in error.details:
                    self.stderr.write(f"{path}, line {problem['line']}: {problem['problem']}")
                raise CommandError(error.message) from None
        total = sum(counts.values())
        self.stdout.write(self.style.SUCCESS(f"Imported {total} members into {commune.name}."))
