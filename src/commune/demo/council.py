"""The council of 1871 at work: its ten commissions of 29 March and its decrees of record.

Every decree of `paris1871/decrees.csv` is entered as a motion of the council, adopted and
promulgated on its date, so the Journal officiel prints it. The sources give a summary, not
the full text, and the text says so. Where a source gives the outcome of the vote ("adopted
by 45 votes to 23") it is recorded as written; otherwise none is, and no division is invented.

A commission member is seated only when their name on the list of 29 March matches exactly
one councillor of 26 March; the others are reported, never guessed.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from commune.assemblies import actions as assemblies
from commune.assemblies.models import Body, Seat
from commune.commissions import actions as commissions
from commune.communes.access import Actor
from commune.communes.models import Commune
from commune.demo.loader import DATA
from commune.members.models import Person

PARIS = ZoneInfo("Europe/Paris")
#: Decrees are dated by day; the demo places them at noon, Paris time, and says so.
NOON = dt.time(12, 0)
SUMMARY_NOTE = "Summary of record (the sources give no full text here): "


@dataclass
class CouncilOfRecord:
    commissions: int = 0
    seated: int = 0
    decrees: int = 0
    referrals: int = 0
    unmatched: list[str] = field(default_factory=list)


def _display(name: str) -> str:
    """Names the list of record writes "Vallès (Jules)", as "Jules Vallès"."""
    match = re.fullmatch(r"(.+?) \((.+)\)", name)
    return f"{match.group(2)} {match.group(1)}" if match else name


def _match(name: str, people: list[Person]) -> Person | None:
    """The one councillor `name` designates: the same name, or the same surname alone."""
    exact = [p for p in people if _display(p.full_name) == name]
    if len(exact) == 1:
        return exact[0]
    surname = name.split()[-1]
    by_surname = [p for p in people if _display(p.full_name).split()[-1] == surname]
    if len(by_surname) == 1 and (" " not in name or _display(by_surname[0].full_name) == name):
        return by_surname[0]
    if len(by_surname) == 1 and len(name.split()) > 1:
        first = name.split()[0].rstrip(".")
        if _display(by_surname[0].full_name).startswith(first):
            return by_surname[0]
    return None


def _at_noon(day: str) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), NOON, tzinfo=PARIS)


def record_council(commune: Commune, *, actor: Actor) -> CouncilOfRecord:
    """Create the commissions of 29 March 1871 and enter the decrees of record."""
    done = CouncilOfRecord()
    council = assemblies.do_ensure_council(commune, actor=actor)
    councillors = list(Person.objects.filter(commune=commune, seats__body=council).distinct())
    by_short_name: dict[str, Body] = {}
    with (DATA / "commissions.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            commission = assemblies.do_create_body(
                commune,
                actor=actor,
                kind=Body.Kind.COMMISSION,
                name=row["commission_fr"],
                competence=f"{row['commission_en']}. Source: {row['source']}",
            )
            done.commissions += 1
            by_short_name[_short(row["commission_en"])] = commission
            for name in (n.strip() for n in row["members"].split(";")):
                person = _match(name, councillors)
                if person is None:
                    done.unmatched.append(f"{name} ({row['commission_en']})")
                    continue
                assemblies.do_take_seat(
                    commission,
                    person,
                    actor=actor,
                    origin=Seat.Origin.APPOINTMENT,
                    since=_at_noon(row["created"]),
                )
                done.seated += 1
    with (DATA / "decrees.csv").open(encoding="utf-8", newline="") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda r: r["date"])
    for row in rows:
        decree = assemblies.do_enter_decree_of_record(
            council,
            actor=actor,
            title=row["title_fr"],
            text=f"{SUMMARY_NOTE}{row['summary_en']}",
            adopted_on=_at_noon(row["date"]),
            source=row["source"],
            recorded_outcome=row["outcome_of_record"],
        )
        done.decrees += 1
        # The commissions the source names as proposing or carrying out the decree.
        for name in filter(None, (n.strip() for n in row["commission"].split(";"))):
            commissions.do_refer_decree(decree, actor=actor, commission=by_short_name[name])
            done.referrals += 1
    return done


def _short(name: str) -> str:
    """The name decrees.csv gives a commission: "Labour and Exchange" for the Labour,
    Industry and Exchange Commission; the others without " Commission"."""
    short = name.removesuffix(" Commission")
    return "Labour and Exchange" if short.startswith("Labour") else short
