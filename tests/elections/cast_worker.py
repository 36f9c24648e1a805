"""A process that casts one member's ballot again and again (for test_concurrency.py).

Run as `python -m tests.elections.cast_worker ELECTION USER ATTEMPTS` with the environment
of `tests.elections.live.process_env`. It prints `ready`, waits for a line on its input (so
that every worker starts at once), makes ATTEMPTS casts through `do_cast_ballot`, and prints
one JSON line: how many were cast, how many refused as already voted, and any other error.
"""

from __future__ import annotations

import json
import sys
import time


def main() -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from commune.elections.actions import do_cast_ballot
    from commune.elections.errors import AlreadyVoted
    from commune.elections.models import Election

    election_id, user_id, attempts = (int(a) for a in sys.argv[1:4])
    election = Election.objects.get(pk=election_id)
    user = get_user_model().objects.get(pk=user_id)
    print("ready", flush=True)
    sys.stdin.readline()
    started = time.monotonic()
    receipts: list[str] = []
    already = 0
    errors: list[str] = []
    for _ in range(attempts):
        try:
            receipts.append(do_cast_ballot(election, actor=user, marks=["Oui"]).code)
        except AlreadyVoted:
            already += 1
        except Exception as error:  # reported to the test, which fails on any
            errors.append(f"{type(error).__name__}: {error}")
    print(
        json.dumps(
            {
                "receipts": receipts,
                "already_voted": already,
                "errors": errors,
                "seconds": time.monotonic() - started,
            }
        )
    )


if __name__ == "__main__":
    main()
