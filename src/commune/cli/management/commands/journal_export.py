"""`commune journal export`: write a commune's journal to a file for `commune journal verify`."""

from __future__ import annotations

import sys
from collections.abc import Generator
from contextlib import closing
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from rich.console import Console
from rich.progress import Progress

from commune.cli.base import CommuneCommand
from commune.journal import actions, queries
from commune.ledger.export import write_export


class Command(CommuneCommand):
    help = (
        "Write the Journal officiel of a commune (every entry up to a freshly signed "
        "checkpoint) to FILE, for `commune journal verify FILE`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--commune", help="the commune's slug (optional if there is one)")
        parser.add_argument("-o", "--output", type=Path, required=True, help="the file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        commune = self.get_commune(options["commune"])
        checkpoint = actions.do_sign_checkpoint(commune)
        size = checkpoint.size
        path: Path = options["output"]
        with (
            path.open("wb") as out,
            Progress(transient=True, console=Console(stderr=True)) as progress,
        ):
            task = progress.add_task("Exporting", total=size)

            def entries() -> Generator[tuple[int, bytes, bytes | None], None, None]:
                # The stored tree's leaf hashes, so the verifier names an altered entry.
                with closing(queries.iter_export_rows(commune, size)) as rows:
                    for row in rows:
                        yield row
                        if row[0] % 10_000 == 0:
                            progress.update(task, completed=row[0])

            # Closed at once if writing fails: not by the garbage collector, whose closing
            # of a server-side cursor may wait on the connection in use.
            with closing(entries()) as rows:
                count = write_export(
                    out,
                    checkpoint=checkpoint.note,
                    public_keys=queries.verifier_keys(commune),
                    entries=rows,
                )
        print(f"Wrote {count} entries of {commune.slug} to {path}", file=sys.stdout)
