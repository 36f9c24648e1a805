"""The assemblies in the API: the public record of bodies, motions, sittings, divisions and
decrees (`reads`), and acting in a body with a signed-in session (`acts`).

`shapes` holds what both answer and accept.
"""

from __future__ import annotations

from commune.api.v1.assemblies import acts  # noqa: F401  (registers the writes on the router)
from commune.api.v1.assemblies.reads import router

__all__ = ["router"]
