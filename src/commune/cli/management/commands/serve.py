"""`commune serve`: serve the web app with Granian (see `commune.cli.serving`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from commune.cli.base import CommuneCommand
from commune.cli.serving import serve


class Command(CommuneCommand):
    help = (
        "Serve the web app with Granian (run `commune migrate` and `commune collectstatic` first)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
        parser.add_argument("--port", type=int, default=8000, help="port to listen on")
        parser.add_argument("--workers", type=int, default=1, help="worker processes")
        parser.add_argument("--threads", type=int, default=8, help="threads per worker")

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Serving on http://{options['host']}:{options['port']}/")
        serve(
            host=options["host"],
            port=options["port"],
            workers=options["workers"],
            threads=options["threads"],
        )
