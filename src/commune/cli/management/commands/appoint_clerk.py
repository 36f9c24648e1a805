"""`commune appoint-clerk USERNAME`: entrust a user with a commune's records."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from commune.accounts import queries as account_queries
from commune.cli.base import CommuneCommand
from commune.communes import access
from commune.members import actions


class Command(CommuneCommand):
    help = (
        "Make USERNAME a clerk of a commune (who keeps its rolls, sections and seats), or "
        "with --dismiss withdraw it. Create the account first with `commune create-login`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--commune", help="the commune's slug (optional if there is one)")
        parser.add_argument("--dismiss", action="store_true", help="withdraw the clerkship")

    def handle(self, *args: Any, **options: Any) -> None:
        commune = self.get_commune(options["commune"])
        user = account_queries.find_user(options["username"])
        if user is None:
            raise CommandError(f"no account {options['username']!r}")
        if options["dismiss"]:
            actions.do_dismiss_clerk(commune, actor=access.OPERATOR, user=user)
            self.stdout.write(self.style.SUCCESS(f"{user} is no longer a clerk of {commune}."))
        else:
            actions.do_appoint_clerk(commune, actor=access.OPERATOR, user=user)
            self.stdout.write(self.style.SUCCESS(f"{user} is now a clerk of {commune}."))
