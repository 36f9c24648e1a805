"""What the assemblies' actions share: instants in the journal and the body's lock."""

from __future__ import annotations

import datetime as dt

from commune.assemblies.models import Body


def iso(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def lock_body(body: Body) -> Body:
    """The body's row, locked: numbering (sittings, motions, decrees) and the one open
    division are serialised on it, so concurrent requests get consecutive numbers."""
    return (
        Body.objects.select_for_update(of=("self",))
        .select_related("commune", "section")
        .get(pk=body.pk)
    )
