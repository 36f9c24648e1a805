"""`commune election verify ID`: recount an election of this installation from its published
ballots (as anyone can with its URL), and compare with its published result."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import CommandParser

from commune.cli.base import CommuneCommand
from commune.communes import access as commune_access
from commune.elections import access, publication
from commune.elections.verify import report


class Command(CommuneCommand):
    help = (
        "Recount election ID from its published ballots and compare the winners and every "
        "round with its published result. `commune election verify URL` does the same "
        "against any server, without a database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("election", type=int, help="the election's number")

    def handle(self, *args: Any, **options: Any) -> None:
        election = access.access_election(commune_access.OPERATOR, None, options["election"])
        document = publication.result_document(election)
        blt = "" if document.get("of_record") else publication.ballots_file(election, "blt")[0]
        if report(document, blt) != 0:
            sys.exit(1)
