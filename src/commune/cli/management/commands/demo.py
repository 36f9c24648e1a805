"""`commune demo`: the 1871 Commune on the embedded SQLite default, served locally."""

from __future__ import annotations

import os
import secrets
import shutil
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError, CommandParser
from django.db import DatabaseError, connections, transaction

from commune.accounts import queries as account_queries
from commune.cli.base import CommuneCommand
from commune.cli.serving import check_port_free, serve
from commune.communes import access
from commune.communes import queries as commune_queries
from commune.communes.models import Commune
from commune.config.env import DEMO_MARKER
from commune.demo import council as demo_council
from commune.demo import deliberation as demo_deliberation
from commune.demo import elections as demo_elections
from commune.demo import history, loader
from commune.demo import recall as demo_recall
from commune.elections import queries as election_queries
from commune.members import access as member_access
from commune.members import actions

DEMO_USERNAME = "demo"
MEMBER_PASSWORD_FILE = "demo-member-password"


def _demo_password(data_dir: Path, name: str = "demo-password") -> str:
    """A random password, created once and kept (mode 0600) in the data directory."""
    path = data_dir / name
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
        parser.add_argument("--host", default="127.0.0.1", help="address to serve on")
        parser.add_argument("--port", type=int, default=8000, help="port to serve on")
        parser.add_argument(
            "--no-serve", action="store_true", help="prepare the data directory, do not serve"
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="start the demo afresh: delete its SQLite database, journal keys and password",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        data_dir: Path = settings.DATA_DIR
        if not options["no_serve"]:
            # Before any work: a second demo on a busy port would split requests between two
            # servers (Granian shares ports), each with its own database.
            check_port_free(options["host"], options["port"])
        data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.stdout.write(f"Data directory: {data_dir}")
        if options["reset"]:
            self._reset(data_dir)
        (data_dir / DEMO_MARKER).write_text(
            "This data directory belongs to `commune demo`: other commands use its data.\n"
        )
        self.stdout.write("Creating or updating the database…")
        try:
            call_command("migrate", interactive=False, verbosity=0)
        except DatabaseError as error:
            raise CommandError(
                f"the demo database in {data_dir} cannot be brought up to date ({error}); "
                "it was probably made by an earlier development version: "
                "run `commune demo --reset` to start afresh"
            ) from None
        commune = commune_queries.find_commune(loader.SLUG)
        member_password = _demo_password(data_dir, MEMBER_PASSWORD_FILE)
        if commune is None:
            self.stdout.write("Loading the Paris Commune of 1871…")
            commune = loader.load_paris_1871(actor=access.OPERATOR)
            self.stdout.write("Entering the results of 26 March 1871 and seating the council…")
            history.record_26_march(commune, actor=access.OPERATOR)
            self.stdout.write("Creating the commissions and entering the decrees of record…")
            council = demo_council.record_council(commune, actor=access.OPERATOR)
            if council.unmatched:
                self.stdout.write(
                    f"  {len(council.unmatched)} commission members of record match no single "
                    f"councillor and are left out: {', '.join(council.unmatched)}"
                )
            self.stdout.write("Adding the elections of demonstration…")
            section = member_access.access_section_by_number(
                access.OPERATOR, commune, demo_elections.SECTION
            )
            demo_elections.load_demo_elections(
                commune, section, actor=access.OPERATOR, member_password=member_password
            )
            self.stdout.write("Adding a general assembly of demonstration…")
            demo_deliberation.load_demo_deliberation(commune, section, actor=access.OPERATOR)
            self.stdout.write("Adding a recall petition of demonstration…")
            demo_recall.load_demo_petition(commune, section, actor=access.OPERATOR)
        password = _demo_password(data_dir)
        self._ensure_demo_user(commune, password)
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(
            self.style.SUCCESS(
                f"\nCommune demo ready: http://{options['host']}:{options['port']}/\n"
                f"Sign in as {DEMO_USERNAME!r} with password {password!r} "
                f"(clerk of {commune.name}; kept in {data_dir / 'demo-password'}),\n"
                f"or as {demo_elections.MEMBER_USERNAME!r} with password {member_password!r} "
                f"(a member of demonstration who can vote; kept in "
                f"{data_dir / MEMBER_PASSWORD_FILE}).\n"
                + self._recount_hint(commune, options)
                + f"The council, its commissions and the general assembly of demonstration "
                f"(where {demo_elections.MEMBER_USERNAME!r} can vote in an open division): "
                f"http://{options['host']}:{options['port']}/c/{commune.slug}/bodies/\n"
                f"A recall petition of demonstration, one signature short (sign it as "
                f"{demo_elections.MEMBER_USERNAME!r}): "
                f"http://{options['host']}:{options['port']}/c/{commune.slug}/sections/"
                f"{demo_elections.SECTION}/delegates/\n"
                + "Other commands (commune journal export, import-members …) now use this "
                "demo's data; `commune demo --reset` starts afresh.\n"
            )
        )
        if not options["no_serve"]:
            serve(host=options["host"], port=options["port"])

    def _recount_hint(self, commune: Commune, options: dict[str, Any]) -> str:
        question = election_queries.find_election(commune, demo_elections.QUESTION_TITLE)
        if question is None:
            return ""
        return (
            "Recount the counted question of demonstration: .venv/bin/commune election verify "
            f"http://{options['host']}:{options['port']}/api/v1/elections/{question.pk}\n"
        )

    def _reset(self, data_dir: Path) -> None:
        """Delete what the demo made, only if it is the embedded SQLite database."""
        database = settings.DATABASES["default"]
        if database["ENGINE"] != "django.db.backends.sqlite3":
            raise CommandError("--reset only deletes the embedded SQLite demo database")
        connections.close_all()
        name = Path(database["NAME"])
        for path in [
            name,
            name.with_name(name.name + "-wal"),
            name.with_name(name.name + "-shm"),
            data_dir / "demo-password",
            data_dir / MEMBER_PASSWORD_FILE,
            data_dir / DEMO_MARKER,
        ]:
            path.unlink(missing_ok=True)
        shutil.rmtree(data_dir / "journal-keys", ignore_errors=True)
        self.stdout.write("Deleted the previous demo database, journal keys and password.")

    def _ensure_demo_user(self, commune: Commune, password: str) -> None:
        if account_queries.username_exists(DEMO_USERNAME):
            return
        with transaction.atomic():
            user = actions.do_create_login(
                actor=access.OPERATOR, username=DEMO_USERNAME, password=password, is_superuser=True
            )
            actions.do_appoint_clerk(commune, actor=access.OPERATOR, user=user)
