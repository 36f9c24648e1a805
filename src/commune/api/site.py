"""The API object: version 1, its routers and its error table."""

from __future__ import annotations

from ninja import NinjaAPI

from commune.api import errors
from commune.api.v1 import assemblies, elections, journal, mandates, members

api = NinjaAPI(
    title="Commune API",
    version="1",
    description=(
        "Public record of communes run by revocable delegates: sections, seats, elections, "
        "the council's work (bodies, motions, sittings, divisions, decrees), revocable delegates "
        "(mandates, instructions, fidelity, recall petitions) and the Journal officiel."
    ),
    urls_namespace="api-v1",
)
errors.install(api)
api.add_router("/", members.router)
api.add_router("/journal", journal.router)
api.add_router("/", elections.router)
api.add_router("/", assemblies.router)
api.add_router("/", mandates.router)
