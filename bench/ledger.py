"""Benchmarks of the Journal officiel's pure core (commune.ledger). Prints figures; asserts nothing.

    python bench/ledger.py                 # everything, 10^6 entries
    python bench/ledger.py --size 100000   # smaller
    python bench/ledger.py --verify-only --repeat 3   # only the export's verification
    python bench/ledger.py --db myproject.bench:append_batch   # plus the database append

Figures: SHA-256 throughput (hashlib, the floor), appends/s of the in-memory tree, latency of
proofs at the full size from stored hashes, and full verification of an export end to end.

The database append benchmark is the lead's to plug in: pass ``--db module:function`` where
``function(entries: list[bytes]) -> None`` appends a batch of entry bytes to a journal in one
transaction (computing and storing the tree's new nodes as the Django app does). See
``bench_db_append`` below.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from commune.ledger.checkpoint import Checkpoint, sign_checkpoint
from commune.ledger.entry import parse_entry
from commune.ledger.export import write_export
from commune.ledger.merkle import (
    CompactRange,
    MappingHashStore,
    MemoryTree,
    consistency_proof,
    consistency_proof_keys,
    inclusion_proof,
    inclusion_proof_keys,
    verify_consistency,
    verify_inclusion,
)
from commune.ledger.note import generate_signer_key
from commune.ledger.verify import verify_export

ORIGIN = "commune.example/paris"
KINDS = ["decree.adopted", "election.opened", "ballot.counted", "delegate.recalled"]


def entries(size: int) -> Iterator[bytes]:
    """Realistic entries (about 250 bytes), canonical by construction (one is checked)."""
    for index in range(size):
        minute, second = divmod(index, 60)
        hour, minute = divmod(minute, 60)
        day, hour = divmod(hour, 24)
        at = f"1871-{3 + day // 28:02d}-{1 + day % 28:02d}T{hour:02d}:{minute:02d}:{second:02d}Z"
        kind = KINDS[index % 4]
        yield (
            f'{{"at":"{at}","commune":"paris","index":{index},"kind":"{kind}",'
            f'"payload":{{"body":"La Commune de Paris décrète: article {index}, '
            f'la conscription est abolie.","by":"council","decree":{index // 3},'
            f'"section":"{index % 20 + 1}e arrondissement"}}}}'
        ).encode()


def timed(label: str, seconds: float, count: int, unit: str = "") -> None:
    rate = count / seconds if seconds else float("inf")
    print(f"  {label:<46} {seconds:8.3f} s   {rate:14,.0f} {unit}/s")


def bench_sha256() -> None:
    print("SHA-256 (hashlib, the floor)")
    buffer = os.urandom(64 << 20)
    start = time.perf_counter()
    hashlib.sha256(buffer).digest()
    elapsed = time.perf_counter() - start
    print(f"  {'bulk 64 MiB':<46} {elapsed:8.3f} s   {64 / elapsed:14,.0f} MiB/s")
    left, right, n = b"l" * 32, b"r" * 32, 1_000_000
    sha = hashlib.sha256
    start = time.perf_counter()
    for _ in range(n):
        sha(b"\x01" + left + right).digest()
    timed("node hashes (65 bytes)", time.perf_counter() - start, n, "hashes")


def bench_appends(size: int, data: list[bytes]) -> MemoryTree:
    print(f"Appends ({size:,} entries)")
    compact = CompactRange()
    start = time.perf_counter()
    for item in data:
        compact.append(item)
    timed("CompactRange.append (nodes returned)", time.perf_counter() - start, size, "appends")
    tree = MemoryTree()
    start = time.perf_counter()
    for item in data:
        tree.append(item)
    timed("MemoryTree.append (nodes stored)", time.perf_counter() - start, size, "appends")
    return tree


def bench_proofs(tree: MemoryTree, samples: int = 2000) -> None:
    size = tree.size
    print(f"Proofs at size {size:,} from stored hashes ({samples} random each)")
    rng = random.Random(1871)
    root = tree.root()
    cases = [rng.randrange(size) for _ in range(samples)]
    latencies = []
    for index in cases:
        start = time.perf_counter()
        proof = inclusion_proof(tree.store, index, size)
        latencies.append(time.perf_counter() - start)
        assert verify_inclusion(tree.leaf_hash(index), index, size, proof, root)
    _latency("inclusion_proof (store reads)", latencies)
    latencies = []
    for index in cases:
        start = time.perf_counter()
        keys = inclusion_proof_keys(index, size)
        rows = {(k.level, k.index): tree.store.get(k.level, k.index) for k in keys}
        inclusion_proof(MappingHashStore(rows), index, size)
        latencies.append(time.perf_counter() - start)
    _latency("keys + one batched read + proof", latencies)
    latencies = []
    for first in cases:
        first += 1
        start = time.perf_counter()
        proof = consistency_proof(tree.store, first, size)
        latencies.append(time.perf_counter() - start)
        assert verify_consistency(first, size, tree.root(first), root, proof)
    _latency("consistency_proof (store reads)", latencies)
    print(
        f"  {'rows read per proof (max)':<46} "
        f"{max(len(inclusion_proof_keys(i, size)) for i in cases[:200])} inclusion, "
        f"{max(len(consistency_proof_keys(i + 1, size)) for i in cases[:200])} consistency"
    )


def _latency(label: str, seconds: list[float]) -> None:
    ordered = sorted(seconds)
    p99 = ordered[int(len(ordered) * 0.99) - 1]
    print(f"  {label:<46} mean {statistics.fmean(seconds) * 1e6:7.1f} µs   p99 {p99 * 1e6:7.1f} µs")


def bench_verify(size: int, data: list[bytes], root: bytes, workdir: Path, repeat: int) -> None:
    print(f"Full verification of a {size:,}-entry export")
    key = generate_signer_key(ORIGIN)
    note = sign_checkpoint(Checkpoint(ORIGIN, size, root), key)
    path = workdir / "journal.jsonl"
    parse_entry(data[-1], index=size - 1, commune="paris")  # the generator makes valid entries
    start = time.perf_counter()
    with path.open("wb") as out:
        write_export(
            out,
            checkpoint=note,
            public_keys=[str(key.verifier_key)],
            entries=enumerate(data),
        )
    timed("write_export", time.perf_counter() - start, size, "entries")
    megabytes = path.stat().st_size / 1e6
    print(f"  {'export size':<46} {megabytes:8.1f} MB")
    for jobs in (2, 1):
        for _ in range(repeat):
            cpu, busy = _cpu_seconds(), _machine_busy_seconds()
            start = time.perf_counter()
            report = verify_export(path, public_key=key.verifier_key, jobs=jobs)
            elapsed = time.perf_counter() - start
            cpu = _cpu_seconds() - cpu
            others = _machine_busy_seconds() - busy - cpu
            assert report.ok, report.problems
            timed(f"verify_export, {jobs} process(es), end to end", elapsed, size, "entries")
            print(
                f"  {'  CPU time (all processes)':<46} {cpu:8.3f} s   "
                f"{cpu / size * 1e6:11.1f} µs/entry"
            )
            if others == others:  # not NaN: /proc/stat was readable
                print(f"  {'  CPU time of other jobs meanwhile':<46} {others:8.3f} s")


def _cpu_seconds() -> float:
    """User + system CPU of this process and its finished children: a figure that other
    load on the machine does not inflate as much as wall time."""
    me, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def _machine_busy_seconds() -> float:
    """CPU time all processes of the machine have used (Linux /proc/stat), NaN elsewhere:
    less ours, what other jobs took while we ran."""
    try:
        with open("/proc/stat") as stat:
            ticks = [int(field) for field in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return float("nan")
    idle = ticks[3] + ticks[4]  # idle, iowait
    return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def bench_db_append(append_batch: Callable[[list[bytes]], None], size: int, batch: int) -> None:
    """THE LEAD'S HOOK: time ``append_batch`` (one transaction per call) over ``size`` entries
    in batches of ``batch``, and single-entry appends (one action, one entry)."""
    print(f"Database append ({size:,} entries, batches of {batch})")
    data = list(entries(size))
    start = time.perf_counter()
    for offset in range(0, size, batch):
        append_batch(data[offset : offset + batch])
    timed("append_batch", time.perf_counter() - start, size, "entries")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--skip-verify", action="store_true")
    parser.add_argument(
        "--verify-only", action="store_true", help="only the export and its verification"
    )
    parser.add_argument("--repeat", type=int, default=1, help="verification runs per figure")
    parser.add_argument(
        "--db",
        metavar="MODULE:FUNCTION",
        help="the database append benchmark: FUNCTION(entries: list[bytes]) appends a batch",
    )
    parser.add_argument("--db-size", type=int, default=10_000)
    parser.add_argument("--db-batch", type=int, default=100)
    args = parser.parse_args()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load}")
    data = list(entries(args.size))
    if args.verify_only:
        compact = CompactRange()
        compact.extend(hashlib.sha256(b"\x00" + item).digest() for item in data)
        root = compact.root()
    else:
        bench_sha256()
        tree = bench_appends(args.size, data)
        bench_proofs(tree)
        root = tree.root()
    if not args.skip_verify:
        with tempfile.TemporaryDirectory() as workdir:
            bench_verify(args.size, data, root, Path(workdir), args.repeat)
    if args.db:
        module, function = args.db.split(":")
        bench_db_append(
            getattr(importlib.import_module(module), function), args.db_size, args.db_batch
        )


if __name__ == "__main__":
    main()
