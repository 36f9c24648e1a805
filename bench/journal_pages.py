"""Benchmark of the Journal officiel's public pages on a large journal.

    python bench/journal_pages.py                        # 10^6 entries, SQLite, scratch dir
    python bench/journal_pages.py --entries 100000
    COMMUNE_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench python bench/journal_pages.py

Fills one commune's journal with acts of the kinds the members app registers (through
`append_entries`, as every action does), then requests the list page (newest, a deep
page, a kind filter, a word search, a day), an entry page with its proof and the Atom
feed through Django's test client, and 16 list pages at once from 16 threads. Prints the
median time and the size of each answer; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from journal_db import setup  # noqa: E402  (the same scratch database set-up)


def fill(commune: object, entries: int, batch: int) -> None:
    from django.db import transaction

    from commune.communes.access import OPERATOR
    from commune.journal.record import append_entries

    done = 0
    start = time.perf_counter()
    while done < entries:
        count = min(batch, entries - done)
        acts = [
            (
                ("roll.member_admitted", {"section": 1 + (done + i) % 20, "membership": done + i})
                if (done + i) % 10
                else (
                    "section.figures_changed",
                    {
                        "number": 1 + (done + i) % 20,
                        "name": f"Arrondissement {(done + i) % 20}",
                        "population": done + i,
                        "registered": None,
                        "source": "recensement",
                    },
                )
            )
            for i in range(count)
        ]
        with transaction.atomic():
            append_entries(commune, acts, actor=OPERATOR)  # type: ignore[arg-type]
        done += count
        if done % (batch * 100) == 0:
            rate = done / (time.perf_counter() - start)
            print(f"  … {done:,} entries ({rate:,.0f}/s)", file=sys.stderr)


def timed(client: object, url: str, repeat: int) -> tuple[float, int, int]:
    times = []
    size = status = 0
    for _ in range(repeat):
        t = time.perf_counter()
        response = client.get(url)  # type: ignore[attr-defined]
        times.append(time.perf_counter() - t)
        size, status = len(response.content), response.status_code
    return statistics.median(times), size, status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000, help="acts in the journal")
    parser.add_argument("--batch", type=int, default=2000, help="acts per transaction")
    parser.add_argument("--repeat", type=int, default=9, help="requests per page (median)")
    args = parser.parse_args()
    vendor = setup(os.environ.get("COMMUNE_DATABASE_URL"))

    from django.core.management import call_command
    from django.test import Client

    call_command("collectstatic", interactive=False, verbosity=0)  # the pages link to them
    from commune.communes.access import OPERATOR
    from commune.journal import queries
    from commune.members import actions

    commune = actions.do_found_commune(actor=OPERATOR, slug="bench", name="Bench")
    t = time.perf_counter()
    fill(commune, args.entries - 1, args.batch)
    size = queries.tree_size(commune)
    print(f"Journal pages ({vendor}), {size:,} acts filled in {time.perf_counter() - t:.0f} s")

    client = Client(HTTP_HOST="localhost")
    today = time.strftime("%Y-%m-%d")
    base = "/c/bench/journal/"
    client.get(f"{base}{size // 2}/")  # signs the checkpoint once, as a first reader would
    pages = [
        ("list, newest 50", base),
        ("list, a deep page", f"{base}?before={size // 2}"),
        ("list, one kind", f"{base}?kind=section.figures_changed"),
        ("list, one kind, deep", f"{base}?kind=section.figures_changed&before={size // 2}"),
        ("list, words (one stretch)", f"{base}?q=Arrondissement+7"),
        ("list, words not found", f"{base}?q=Versailles"),
        ("list, a day", f"{base}?on={today}"),
        ("entry with its proof", f"{base}{size // 3}/"),
        ("Atom feed", f"{base}feed.atom"),
    ]
    print(f"  {'page':<28} {'median':>10} {'bytes':>9}  status")
    for name, url in pages:
        median, length, status = timed(client, url, args.repeat)
        print(f"  {name:<28} {median * 1e3:>8.1f} ms {length:>9,}  {status}")

    def one(_: int) -> float:
        from django.db import connection

        t = time.perf_counter()
        Client(HTTP_HOST="localhost").get(f"{base}?q=Versailles")
        elapsed = time.perf_counter() - t
        connection.close()
        return elapsed

    t = time.perf_counter()
    with ThreadPoolExecutor(16) as pool:
        latencies = list(pool.map(one, range(16)))
    wall = time.perf_counter() - t
    print(
        f"  16 word searches at once: all answered in {wall:.2f} s (slowest {max(latencies):.2f} s)"
    )


if __name__ == "__main__":
    main()
