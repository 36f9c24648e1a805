"""A process that appends acts until it is killed (for tests/journal/test_crash.py).

Run as `python -m tests.journal.crash_writer` with COMMUNE_DATABASE_URL and
COMMUNE_DATA_DIR set. After each action returns (its transaction committed) it
prints `ack <index>`; every few acts it prints `checkpoint <base64 note>`.
"""

from __future__ import annotations

import base64
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commune.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from commune.communes.access import OPERATOR
    from commune.communes.models import Commune
    from commune.journal import actions as journal_actions
    from commune.members import actions
    from commune.members.models import Section

    call_command("migrate", verbosity=0, interactive=False)
    commune = Commune.objects.filter(slug="crash").first()
    if commune is None:
        commune = actions.do_found_commune(actor=OPERATOR, slug="crash", name="Crash")
    number = (
        Section.objects.filter(commune=commune).order_by("-number").first() or Section(number=0)
    ).number
    print("ready", flush=True)
    while True:
        number += 1
        section = actions.do_create_section(
            commune, actor=OPERATOR, number=number, name=f"S{number}"
        )
        entry_index = section.commune.journal.order_by("-index").values_list("index", flat=True)[0]
        sys.stdout.write(f"ack {entry_index}\n")
        if number % 7 == 0:
            note = journal_actions.do_sign_checkpoint(commune).note
            sys.stdout.write(f"checkpoint {base64.b64encode(note.encode()).decode()}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
