"""`commune apportion-seats`: recompute a commune's seats by its constitution."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from commune.cli.base import CommuneCommand
from commune.communes import access
from commune.members import actions


class Command(CommuneCommand):
    help = "Re-apportion the council's seats among a commune's sections by its constitution."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--commune", help="the commune's slug (optional if there is one)")

    def handle(self, *args: Any, **options: Any) -> None:
        commune = self.get_commune(options["commune"])
        seats = actions.do_apportion_seats(commune, actor=access.OPERATOR)
        for number, count in sorted(seats.items()):
            self.stdout.write(f"section {number}: {count}")
        self.stdout.write(self.style.SUCCESS(f"{sum(seats.values())} seats apportioned."))
