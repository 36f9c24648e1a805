"""`commune create-login USERNAME`: an account to sign in with (password asked twice)."""

from __future__ import annotations

import getpass
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser

from commune.cli.base import CommuneCommand
from commune.communes import access
from commune.members import actions


class Command(CommuneCommand):
    help = (
        "Create a sign-in account. The password is asked on the terminal (never on the command "
        "line) and checked against the password rules."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--administrator", action="store_true", help="a superuser account")

    def handle(self, *args: Any, **options: Any) -> None:
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("the two passwords differ")
        try:
            validate_password(password)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        actions.do_create_login(
            actor=access.OPERATOR,
            username=options["username"],
            password=password,
            is_superuser=options["administrator"],
        )
        self.stdout.write(self.style.SUCCESS(f"Account {options['username']!r} created."))
