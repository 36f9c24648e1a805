"""Benchmark of the Journal officiel in the database: batched appends, proofs, export + verify.

    python bench/journal_db.py                          # SQLite in a scratch directory
    COMMUNE_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench python bench/journal_db.py
    python bench/journal_db.py --entries 1000000 --batch 1000

Prints figures, asserts nothing. Appends go through `commune.journal.record.append_entries`,
the function every action uses (canonical JSON, leaf and node hashes, one lock per batch), in
one transaction per batch; single appends (one transaction each) are timed separately.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def setup(database_url: str | None) -> str:
    scratch = tempfile.mkdtemp(prefix="commune-bench-")
    os.environ["COMMUNE_DATA_DIR"] = scratch
    os.environ["COMMUNE_DEMO"] = "1"  # not DEBUG: Django would log every statement
    if database_url:
        os.environ["COMMUNE_DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commune.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        # A fresh schema each run: drop everything in the bench database first.
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0, interactive=False)
    return connection.vendor


def bench_kind() -> Any:
    """The benchmark's own kind of act, registered like any institution's."""
    from commune.journal.kinds import EntryKind, Payload

    class Appended(Payload):
        n: int
        text: str

    return EntryKind("bench.appended", "Benchmark act", Appended, lambda p: str(p["n"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=200_000, help="entries to append")
    parser.add_argument("--batch", type=int, default=1000, help="entries per transaction")
    parser.add_argument("--singles", type=int, default=2000, help="one-entry transactions")
    parser.add_argument("--proofs", type=int, default=2000, help="proofs to time")
    args = parser.parse_args()
    vendor = setup(os.environ.get("COMMUNE_DATABASE_URL"))

    from django.db import transaction

    from commune.communes.access import OPERATOR
    from commune.journal import actions, kinds, queries
    from commune.journal.record import append_entries
    from commune.ledger.verify import verify_export
    from commune.members import actions as member_actions

    kinds.register([bench_kind()])
    commune = member_actions.do_found_commune(actor=OPERATOR, slug="bench", name="Bench")
    print(f"Journal in the database ({vendor}), Python {sys.version.split()[0]}")

    start = time.perf_counter()
    done = 1
    while done < args.entries:
        count = min(args.batch, args.entries - done)
        with transaction.atomic():
            append_entries(
                commune,
                [("bench.appended", {"n": done + i, "text": "Décret"}) for i in range(count)],
                actor=OPERATOR,
            )
        done += count
    elapsed = time.perf_counter() - start
    print(
        f"  batched appends ({args.batch}/transaction): {done / elapsed:,.0f} entries/s "
        f"({done:,} entries in {elapsed:.1f} s)"
    )

    start = time.perf_counter()
    for i in range(args.singles):
        with transaction.atomic():
            append_entries(commune, [("bench.appended", {"n": i, "text": ""})], actor=OPERATOR)
    elapsed = time.perf_counter() - start
    print(f"  single appends (1/transaction): {args.singles / elapsed:,.0f} entries/s")

    size = queries.tree_size(commune)
    import random

    rng = random.Random(7)
    times = []
    for _ in range(args.proofs):
        index = rng.randrange(size)
        t = time.perf_counter()
        queries.inclusion_proof(commune, index, size)
        times.append(time.perf_counter() - t)
    print(f"  inclusion proof at size {size:,}: median {statistics.median(times) * 1e3:.3f} ms")
    times = []
    for _ in range(args.proofs):
        first = rng.randrange(1, size)
        t = time.perf_counter()
        queries.consistency_proof(commune, first, size)
        times.append(time.perf_counter() - t)
    print(f"  consistency proof to size {size:,}: median {statistics.median(times) * 1e3:.3f} ms")

    from django.core.management import call_command

    path = Path(tempfile.mkdtemp()) / "journal.jsonl"
    t = time.perf_counter()
    actions.do_sign_checkpoint(commune)
    call_command("journal_export", output=path, commune="bench")
    export_s = time.perf_counter() - t
    t = time.perf_counter()
    report = verify_export(path)
    verify_s = time.perf_counter() - t
    print(
        f"  export {size:,} entries: {export_s:.1f} s; verify the export: {verify_s:.1f} s "
        f"({'good' if report.ok else 'BAD'})"
    )


if __name__ == "__main__":
    main()
