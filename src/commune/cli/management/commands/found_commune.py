"""`commune found-commune`: found a commune with the 1871 rules or a constitution file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from commune.cli.base import CommuneCommand
from commune.communes import access
from commune.members import actions


class Command(CommuneCommand):
    help = "Found a commune (its first constitution: the 1871 rules, or a JSON file)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--slug", required=True, help="short name used in addresses")
        parser.add_argument("--name", required=True, help="the commune's full name")
        parser.add_argument("--description", default="")
        parser.add_argument("--constitution", type=Path, help="JSON file of rules")

    def handle(self, *args: Any, **options: Any) -> None:
        rules = None
        if options["constitution"]:
            try:
                rules = json.loads(options["constitution"].read_text())
            except (OSError, ValueError) as error:
                raise CommandError(f"{options['constitution']}: {error}") from None
        commune = actions.do_found_commune(
            actor=access.OPERATOR,
            slug=options["slug"],
            name=options["name"],
            description=options["description"],
            constitution=rules,
        )
        self.stdout.write(self.style.SUCCESS(f"Founded {commune.name} ({commune.slug})."))
