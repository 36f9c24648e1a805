"""What the assemblies' actions share: the body's lock."""

from __future__ import annotations

from commune.assemblies.models import Body


def lock_body(body: Body) -> Body:
    """The body's row, locked: numbering (sittings, motions, decrees) and the one open
    division are serialised on it, so concurrent requests get consecutive numbers."""
    return (
        Body.objects.select_for_update(of=("self",))
        .select_related("commune", "section")
        .get(pk=body.pk)
    )
