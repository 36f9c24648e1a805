"""The elections of 26 March 1871 as results of record, and the delegates they seated.

From `paris1871/councillors.csv` (the names of the Journal officiel's list, with the votes
where a source gives them) and `arrondissements.csv` (registered and voters where known):
one result of record per arrondissement, nothing estimated. Each councillor is entered on
the roll of the first arrondissement that elected them, and takes a seat of the council
for each arrondissement that elected them on 28 March 1871, when the Commune was
proclaimed at the Hôtel de Ville. The complementary elections of 16 April are not entered:
the sources read do not say which arrondissement elected whom.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from pathlib import Path
from zoneinfo import ZoneInfo

from commune.communes.access import Actor
from commune.communes.models import Commune
from commune.elections import actions as elections
from commune.elections.actions import CandidateOfRecord
from commune.mandates.actions import do_certify_election
from commune.members import actions as members
from commune.members.models import Person, Section

DATA = Path(__file__).resolve().parent / "paris1871"
PARIS = ZoneInfo("Europe/Paris")
POLLS_OPEN = dt.datetime(1871, 3, 26, 8, 0, tzinfo=PARIS)
POLLS_CLOSE = dt.datetime(1871, 3, 26, 18, 0, tzinfo=PARIS)
# The Commune was proclaimed at the Hôtel de Ville on 28 March 1871, in the afternoon.
SEATED = dt.datetime(1871, 3, 28, 16, 0, tzinfo=PARIS)
TITLE = "Élections du 26 mars 1871 — {ordinal} arrondissement ({name})"


def _votes(text: str) -> int | None:
    text = text.strip().replace(",", "").replace(" ", "")
    return int(text) if text else None


def record_26_march(commune: Commune, *, actor: Actor) -> int:
    """Enter each arrondissement's result of record and seat its councillors; how many seats."""
    with (DATA / "councillors.csv").open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["elected_on"] == "1871-03-26"]
    with (DATA / "arrondissements.csv").open(encoding="utf-8", newline="") as handle:
        figures = {int(r["number"]): r for r in csv.DictReader(handle)}
    sections = {s.number: s for s in Section.objects.filter(commune=commune)}
    by_arrondissement: dict[int, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_arrondissement[int(row["arrondissement"])].append(row)
    people: dict[str, Person] = {}
    for number in sorted(by_arrondissement):
        for row in by_arrondissement[number]:
            if row["name"] not in people:
                people[row["name"]] = members.do_admit_member(
                    sections[number], actor=actor, full_name=row["name"]
                ).person
    seated = 0
    for number, elected in sorted(by_arrondissement.items()):
        section = sections[number]
        known = figures.get(number, {})
        sources = list(dict.fromkeys(r["source"] for r in elected))
        election = elections.do_record_election(
            commune,
            actor=actor,
            title=TITLE.format(ordinal="1er" if number == 1 else f"{number}e", name=section.name),
            section=section,
            seats=max(section.seats, len(elected)),
            opened_at=POLLS_OPEN,
            closed_at=POLLS_CLOSE,
            candidates=[
                CandidateOfRecord(r["name"], people[r["name"]], _votes(r["votes"]), True)
                for r in elected
            ],
            registered=_votes(known.get("registered", "")),
            voters=_votes(known.get("voters", "")),
            source=" · ".join(sources)[:4000],
        )
        seated += len(do_certify_election(election, actor=actor, seated_at=SEATED))
    return seated
