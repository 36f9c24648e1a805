"""Reading the Journal officiel: pages of entries, proofs from stored hashes, searches."""

from __future__ import annotations

import datetime as dt
from collections.abc import Generator, Iterator
from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from commune.communes.models import Commune
from commune.errors import InvalidInput
from commune.journal.models import JournalEntry, SigningKey, TreeHead, TreeNode
from commune.journal.store import DatabaseHashStore
from commune.ledger import merkle
from commune.ledger.entry import parse_entry
from commune.ledger.errors import LedgerError

MAX_PAGE = 1000


def tree_size(commune: Commune) -> int:
    """How many entries the commune's journal holds (one indexed read, on every proof)."""
    # Written by hand: the ORM's work to build this query costs more than running it.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT size FROM {TreeHead._meta.db_table} WHERE commune_id = %s", [commune.pk]
        )
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def list_entries(commune: Commune, start: int, end: int) -> list[JournalEntry]:
    """Entries `start` ≤ index < `end` (at most 1,000), for the API and the verifier."""
    if start < 0 or end < start:
        raise InvalidInput(f"bad range [{start}, {end}): need 0 ≤ start ≤ end")
    if end - start > MAX_PAGE:
        raise InvalidInput(f"at most {MAX_PAGE} entries per request (asked {end - start})")
    return list(
        JournalEntry.objects.filter(commune=commune, index__gte=start, index__lt=end).order_by(
            "index"
        )
    )


def iter_leaves(commune: Commune, size: int) -> Iterator[tuple[int, bytes]]:
    """Every entry below `size` as (index, exact leaf bytes), streamed in index order.

    For exports: rows are read in chunks from a server-side cursor where the database
    has one, without building a model object per entry.
    """
    rows = (
        JournalEntry.objects.filter(commune=commune, index__lt=size)
        .order_by("index")
        .values_list("index", "data")
    )
    for index, data in rows.iterator(chunk_size=5000):
        yield index, data.encode("utf-8")


def iter_export_rows(
    commune: Commune, size: int
) -> Generator[tuple[int, bytes, bytes | None], None, None]:
    """Every entry below `size` as (index, exact leaf bytes, its leaf hash in the stored tree),
    streamed in index order, for `write_export`: the export carries the tree's own leaves,
    so a verifier names an entry whose bytes were altered in the database (None where the
    tree lacks the leaf: the writer then hashes the entry).

    Entries are read through a server-side cursor where the database has one (Django's
    chunked cursor), without model objects; the leaves of each chunk with one range read of
    the tree's unique index (cheaper than joining the two tables row by row).
    """
    quote = connection.ops.quote_name
    index, level = quote("index"), quote("level")
    entries_sql = (
        f"SELECT {index}, data FROM {quote(JournalEntry._meta.db_table)} "
        f"WHERE commune_id = %s AND {index} < %s ORDER BY {index}"
    )
    leaves_sql = (
        f"SELECT {index}, hash FROM {quote(TreeNode._meta.db_table)} "
        f"WHERE commune_id = %s AND {level} = 0 AND {index} >= %s AND {index} <= %s"
    )
    with connection.chunked_cursor() as cursor, connection.cursor() as leaves_cursor:
        cursor.execute(entries_sql, [commune.pk, size])
        while rows := cursor.fetchmany(5000):
            leaves_cursor.execute(leaves_sql, [commune.pk, rows[0][0], rows[-1][0]])
            leaves = dict(leaves_cursor.fetchall())
            for position, data in rows:
                leaf = leaves.get(position)
                yield position, data.encode("utf-8"), None if leaf is None else bytes(leaf)


def _check_size(commune: Commune, size: int) -> None:
    current = tree_size(commune)
    if not 1 <= size <= current:
        raise InvalidInput(f"size {size} is not a tree size of this journal (1 to {current})")


def inclusion_proof(commune: Commune, index: int, size: int) -> list[bytes]:
    """RFC 9162 §2.1.3.1 audit path of entry `index` in the tree of `size`, from stored hashes."""
    _check_size(commune, size)
    if not 0 <= index < size:
        raise InvalidInput(f"index {index} is not in a tree of size {size}")
    store = DatabaseHashStore(commune, merkle.inclusion_proof_keys(index, size))
    return merkle.inclusion_proof(store, index, size)


def consistency_proof(commune: Commune, first: int, second: int) -> list[bytes]:
    """RFC 9162 §2.1.4.1 proof that the tree of `first` is a prefix of the tree of `second`."""
    _check_size(commune, second)
    if not 1 <= first <= second:
        raise InvalidInput(f"first {first} must satisfy 1 ≤ first ≤ second ({second})")
    store = DatabaseHashStore(commune, merkle.consistency_proof_keys(first, second))
    return merkle.consistency_proof(store, first, second)


def verifier_keys(commune: Commune) -> list[str]:
    """Every key that has signed this journal's checkpoints, oldest first."""
    return list(SigningKey.objects.filter(commune=commune).values_list("verifier_key", flat=True))


def get_entry(commune: Commune, index: int) -> JournalEntry | None:
    return JournalEntry.objects.filter(commune=commune, index=index).first()


def latest_entries(commune: Commune, limit: int = 50) -> list[JournalEntry]:
    """The newest `limit` entries (at most `MAX_PAGE`), newest first."""
    rows = JournalEntry.objects.filter(commune=commune).select_related("commune")
    return list(rows.order_by("-index")[: min(limit, MAX_PAGE)])


#: How many entries one search request reads at most when its filters use no index (words,
#: a day): a bounded cost per request, whatever the journal's size. The page then offers to
#: search the next stretch of older entries.
SCAN_WINDOW = 20_000


@dataclass(frozen=True, slots=True)
class EntryPage:
    """One page of the human journal, newest first.

    `older` is the `before` of the next page, or None at the start of the journal.
    `scanned_from` is the lowest index this search read (when it read a bounded stretch):
    entries below it were not looked at, and `older` continues from there.
    """

    entries: list[JournalEntry]
    older: int | None
    scanned_from: int | None


def search_entries(
    commune: Commune,
    *,
    kind: str = "",
    text: str = "",
    on: dt.date | None = None,
    before: int | None = None,
    limit: int = 50,
) -> EntryPage:
    """Entries matching a kind, words of their content and a day, newest first, `limit` a page.

    Every request does a bounded amount of work: the kind filter and paging by `before`
    follow the (commune, kind, index) and (commune, index) indexes; words and days, which
    no index serves, are looked for among `SCAN_WINDOW` entries at most.
    """
    limit = max(1, min(limit, MAX_PAGE))
    size = tree_size(commune)
    top = size if before is None else max(0, min(before, size))
    query: QuerySet[JournalEntry] = JournalEntry.objects.filter(commune=commune, index__lt=top)
    if kind:
        query = query.filter(kind=kind)
    bounded = bool(text.split()) or on is not None
    low = max(0, top - SCAN_WINDOW) if bounded else 0
    if bounded:
        query = query.filter(index__gte=low)
    for word in text.split()[:8]:
        query = query.filter(data__icontains=word)
    if on is not None:
        start = dt.datetime.combine(on, dt.time.min, tzinfo=timezone.get_current_timezone())
        query = query.filter(at__gte=start, at__lt=start + dt.timedelta(days=1))
    rows = list(query.order_by("-index")[: limit + 1])
    entries = rows[:limit]
    if len(rows) > limit:
        older: int | None = entries[-1].index
    elif bounded and low > 0:
        older = low  # nothing more in this stretch: the next page searches the one below
    else:
        older = None
    return EntryPage(entries, older, low if bounded else None)


@dataclass(frozen=True, slots=True)
class ShownEntry:
    """An entry as the pages show it. A row whose stored text no longer parses (damaged on
    disk, or altered by hand) is shown as damaged, with the reason, instead of failing the
    page: the verifier then names it too."""

    entry: JournalEntry
    payload: dict[str, object] | None
    damage: str | None


def show_entry(entry: JournalEntry, *, slug: str) -> ShownEntry:
    """The entry with its payload, checked to be the act at its place in `slug`'s journal."""
    try:
        parsed = parse_entry(entry.leaf_bytes, index=entry.index, commune=slug)
    except (LedgerError, ValueError) as error:
        return ShownEntry(entry, None, str(error)[:300])
    return ShownEntry(entry, dict(parsed.payload), None)
