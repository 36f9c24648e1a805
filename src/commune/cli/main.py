"""`commune …`: one entry point for clerks, operators and third parties.

Commands that only count or verify (`tally`, `apportion`, `journal verify`) use
the pure packages and start without Django or a database, so anyone can run
them on published data. Every other command is a Django management command
run with Commune's settings.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Sequence

# Commands that need no database, and the module whose `main(argv)` runs them.
PURE: dict[str, str] = {
    "tally": "commune.socialchoice.cli",
    "apportion": "commune.cli.apportion",
}
PURE_JOURNAL: dict[str, str] = {"verify": "commune.ledger.cli"}
# `commune election verify URL` needs no database; with an election's number it reads ours.
PURE_ELECTION: dict[str, str] = {"verify": "commune.elections.verify"}

HELP = """\
usage: commune <command> [options]    (commune <command> --help for each)

Counting and checking (no server or database needed):
  tally FILE            count an election's ballots, round by round
  apportion FILE.csv    share seats among sections by population
  journal verify SRC    check a Journal officiel (URL or export) without trusting the server
  election verify URL   recount an election from its published ballots

Running a commune:
  demo                  install the 1871 Commune in a local data directory and serve it
  serve                 serve the web app with Granian (production)
  migrate               create or update the database tables
  createsuperuser       create an administrator account
  create-login NAME     create a sign-in account (password asked on the terminal)
  appoint-clerk NAME    make an account a clerk of a commune (--dismiss to withdraw it)
  found-commune         found a new commune
  import-members FILE   put a CSV member list on the sections' rolls (all lines or none)
  apportion-seats       re-apportion a commune's council seats by its constitution
  journal export        write a commune's journal to a file for `journal verify`
  check --deploy        Django's deployment checks
  collectstatic         gather static files for production

Every Django management command also works: `commune help --django` lists them.
Configuration is read from COMMUNE_* environment variables (see the README).
"""


def _run_pure(module_name: str, argv: Sequence[str]) -> int:
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        print(f"commune: this installation lacks {error.name}", file=sys.stderr)
        return 2
    entry: Callable[[list[str]], int] = module.main
    return entry(list(argv))


def main(argv: Sequence[str] | None = None) -> int:
    # Files this process creates (the SQLite database, keys, exports) are private to its user.
    os.umask(0o077)
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help") or args == ["help"]:
        print(HELP, end="")
        return 0
    command, rest = args[0], args[1:]
    if command in PURE:
        return _run_pure(PURE[command], rest)
    if command == "journal" and rest and rest[0] in PURE_JOURNAL:
        return _run_pure(PURE_JOURNAL[rest[0]], rest)
    if command == "election" and rest[:1] == ["verify"] and not (rest[1:2] and rest[1].isdigit()):
        return _run_pure(PURE_ELECTION["verify"], rest[1:])
    if command == "help" and rest == ["--django"]:
        rest = []
    from commune.config import env

    if command == "demo":
        env.set_default("COMMUNE_DEMO", "1")
    elif (demo_dir := env.demo_data_dir()) is not None:
        # The demo's own data: its settings, said once so nobody is surprised.
        env.set_default("COMMUNE_DEMO", "1")
        print(f"commune: using the demo's data in {demo_dir}", file=sys.stderr)
    if command in ("journal", "election"):
        command = command + "_" + (rest.pop(0) if rest else "")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commune.config.settings")
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["commune", command.replace("-", "_"), *rest])
    except env.ConfigurationError as error:
        print(f"commune: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
