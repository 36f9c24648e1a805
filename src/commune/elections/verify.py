"""`commune election verify URL|ID`: recount an election from its published ballots.

Fetches the published result and the anonymised ballots (BLT) of an election from a
server (`https://host/api/v1/elections/ID`), counts the ballots with the engine exactly
as `commune tally` would, and compares the winners, the seats left empty and every round
with what the server published. With an ID instead of a URL, reads them from this
installation's database. Exit status: 0 the result is confirmed; 1 it differs (each
difference printed); 2 the source cannot be read.

Django-free for URLs, so that anyone can check an election without installing a server.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import urllib.error
import urllib.request
from typing import Any

from commune.elections.counting import CountSettings, count_blt

#: Published files larger than this are refused (10^7 ballots of a dozen marks fit).
MAX_BYTES = 512 * 1024 * 1024
TIMEOUT = 300
EXIT_OK, EXIT_DIFFERS, EXIT_ERROR = 0, 1, 2


class SourceError(Exception):
    """The election's result or ballots cannot be fetched or read."""


def fetch(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "commune-election-verify/1"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            body: bytes = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as error:
        detail = error.read(2000).decode("utf-8", "replace")
        with contextlib.suppress(ValueError, AttributeError):  # not our JSON error: as is
            detail = json.loads(detail).get("message", detail)
        raise SourceError(f"GET {url}: HTTP {error.code}: {detail[:300]}") from None
    except (urllib.error.URLError, OSError) as error:
        raise SourceError(f"GET {url}: {getattr(error, 'reason', error)}") from None
    if len(body) > MAX_BYTES:
        raise SourceError(f"GET {url}: the answer is larger than {MAX_BYTES // 2**20} MiB")
    return body


def from_url(url: str) -> tuple[dict[str, Any], str]:
    base = url.rstrip("/")
    if "/api/v1/elections/" not in base:
        raise SourceError(f"{url}: expected https://HOST/api/v1/elections/ID")
    try:
        document = json.loads(fetch(base + "/result"))
        if document.get("of_record"):
            return document, ""  # no ballots were kept: nothing to fetch
        blt = fetch(base + "/ballots?format=blt").decode("utf-8")
    except (ValueError, UnicodeDecodeError) as error:
        raise SourceError(f"{url}: unreadable answer ({error})") from None
    return document, blt


def differences(document: dict[str, Any], blt: str) -> list[str]:
    """What the recount finds different from the published result (empty: confirmed)."""
    settings = CountSettings(
        method=str(document["method"]),
        seats=int(document["seats"]),
        rules=str(document.get("rules", "strict")),
        threshold=str(document.get("threshold_share") or ""),
        registered=document.get("registered"),
    )
    if not document.get("num_ballots"):
        recount: dict[str, Any] = {"winners": [], "rounds": []}
    else:
        recount = count_blt(blt, settings).as_dict()
    found = []
    for key in ("winners", "unfilled", "num_ballots", "rounds"):
        published, counted = document.get(key), recount.get(key)
        if key == "unfilled":
            published, counted = published or 0, counted or 0
        if key == "num_ballots" and not document.get("num_ballots"):
            continue
        if published != counted:
            shown = json.dumps(published)[:300], json.dumps(counted)[:300]
            found.append(f"{key}: published {shown[0]}, recounted {shown[1]}")
    return found


def report(document: dict[str, Any], blt: str) -> int:
    title = document.get("title", f"election {document.get('election')}")
    if document.get("of_record"):
        print(
            f"RECORD {title}: a result of record, entered from its sources ("
            f"{document.get('source', 'no source given')[:200]}); no ballot was kept, so there "
            "is nothing to recount"
        )
        return EXIT_OK
    found = differences(document, blt)
    if found:
        print(f"DIFFERS {title}:")
        for line in found:
            print(f"  {line}")
        return EXIT_DIFFERS
    winners = ", ".join(document.get("winners", [])) or "nobody"
    outcome = "decided" if document.get("kind") == "question" else "elected"
    print(
        f"OK {title}: {document.get('num_ballots', 0)} ballots recounted with "
        f"{document['method']}; {outcome}: {winners}"
        + (f"; {document['unfilled']} seat(s) left empty" if document.get("unfilled") else "")
    )
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="commune election verify",
        description="Recount an election from its published ballots and compare with its "
        "published result (URL: no database needed; ID: this installation's).",
    )
    parser.add_argument("source", metavar="URL|ID", help="https://HOST/api/v1/elections/ID")
    args = parser.parse_args(argv)
    try:
        document, blt = from_url(args.source)
        return report(document, blt)
    except SourceError as error:
        print(f"commune election verify: {error}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
