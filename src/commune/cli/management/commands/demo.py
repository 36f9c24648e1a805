"""`commune demo`: the 1871 Commune on the embedded SQLite default, served locally."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandParser
from django.db import transaction

from commune.cli.base import CommuneCommand
from commune.cli.serving import serve
from commune.demo import loader
from commune.members import access, actions
from commune.members.models import Commune

DEMO_USERNAME = "demo"


def _demo_password(data_dir: Path) -> str:
    """A random password, created once and kept (mode 0600) in the data directory."""
    path = data_dir / "demo-password"
    if path.exists():
        return path.read_text().strip()
    password = secrets.token_urlsafe(12)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(password + "\n")
    return password


class Command(CommuneCommand):
    help = (
        "Create the data directory, migrate, load the Paris Commune of 1871, create a demo "
        "login and serve on http://127.0.0.1:8000/ (Ctrl-C to stop)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--no-serve", action="store_true", help="prepare the data directory, do not serve"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        data_dir: Path = settings.DATA_DIR
        data_dir.mkdir(parents=True, exist_ok=True)
        self.stdout.write(f"Data directory: {data_dir}")
        self.stdout.write("Creating or updating the database…")
        call_command("migrate", interactive=False, verbosity=0)
        if not Commune.objects.filter(slug=loader.SLUG).exists():
            self.stdout.write("Loading the Paris Commune of 1871…")
            loader.load_paris_1871(actor=access.OPERATOR)
        commune = Commune.objects.get(slug=loader.SLUG)
        password = _demo_password(data_dir)
        self._ensure_demo_user(commune, password)
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(
            self.style.SUCCESS(
                f"\nCommune demo ready: http://{options['host']}:{options['port']}/\n"
                f"Sign in as {DEMO_USERNAME!r} with password {password!r} "
                f"(clerk of {commune.name}; kept in {data_dir / 'demo-password'}).\n"
            )
        )
        if not options["no_serve"]:
            serve(host=options["host"], port=options["port"])

    def _ensure_demo_user(self, commune: Commune, password: str) -> None:
        if get_user_model().objects.filter(username=DEMO_USERNAME).exists():
            return
        with transaction.atomic():
            user = actions.do_create_login(
                actor=access.OPERATOR, username=DEMO_USERNAME, password=password, is_superuser=True
            )
            actions.do_appoint_clerk(commune, actor=access.OPERATOR, user=user)
