"""What every `commune` management command shares: domain errors become clean messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from commune.communes import access, queries
from commune.communes.models import Commune
from commune.errors import CommuneError
from commune.members.imports import decode


class CommuneCommand(BaseCommand):
    """A management command whose domain errors print as one line, not a traceback."""

    def execute(self, *args: Any, **options: Any) -> str | None:
        try:
            return super().execute(*args, **options)
        except CommuneError as error:
            raise CommandError(error.message) from None

    def read_text_file(self, path: Path) -> str:
        """A list file's text (UTF-8, with or without BOM), or one line saying why not."""
        try:
            return decode(path.read_bytes())
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        except ValueError as error:
            raise CommandError(f"{path}: {error}") from None

    def get_commune(self, slug: str | None) -> Commune:
        """The commune named by `--commune`, or the only one when there is just one."""
        if slug:
            return access.access_commune(access.OPERATOR, slug)
        communes = queries.first_communes(2)
        if len(communes) == 1:
            return communes[0]
        if not communes:
            raise CommandError("no commune exists yet: found one with `commune found-commune`")
        raise CommandError("several communes exist: name one with --commune SLUG")
