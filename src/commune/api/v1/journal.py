"""The Journal officiel's read API: the contract third-party monitors code against.

Shapes are fixed (hashes and entry bytes in standard base64, `end` exclusive,
at most 1,000 entries a page); see docs/journal-format.md. Everything here is
public and cacheable: entries and proofs never change once served.

The same views answer at `/api/v1/journal/…` (the default commune, or
`?commune=<slug>`) and at `/c/<slug>/api/v1/journal/…`, so a verifier can be
pointed at one commune's base URL.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET
from ninja import Router

from commune.api.errors import body_for, log_if_fault, status_for
from commune.communes import access
from commune.communes import queries as queries_communes
from commune.communes.models import Commune
from commune.errors import CommuneError, InvalidInput
from commune.journal import actions, queries

router = Router(tags=["Journal officiel"])

View = Callable[..., HttpResponse]


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _int(request: HttpRequest, name: str) -> int:
    raw = request.GET.get(name)
    if raw is None:
        raise InvalidInput(f"the query parameter {name!r} is required")
    try:
        return int(raw)
    except ValueError:
        raise InvalidInput(f"{name}={raw!r} is not an integer") from None


def default_commune(request: HttpRequest) -> Commune:
    """`?commune=<slug>`, or the server's only commune."""
    slug = request.GET.get("commune")
    if slug:
        return access.access_commune(request.user, slug)
    return queries_communes.the_only_commune()


def _error(error: CommuneError) -> JsonResponse:
    log_if_fault(error)
    return JsonResponse(body_for(error), status=status_for(error))


def checkpoint(request: HttpRequest, commune: Commune) -> HttpResponse:
    note = actions.do_sign_checkpoint(commune).note
    return HttpResponse(note, content_type="text/plain; charset=utf-8")


def entries(request: HttpRequest, commune: Commune) -> HttpResponse:
    rows = queries.list_entries(commune, _int(request, "start"), _int(request, "end"))
    return JsonResponse(
        {
            "entries": [
                {
                    "index": e.index,
                    "data": _b64(e.leaf_bytes),
                    "kind": e.kind,
                    "at": e.at.isoformat().replace("+00:00", "Z"),
                }
                for e in rows
            ]
        }
    )


def inclusion(request: HttpRequest, commune: Commune) -> HttpResponse:
    index, size = _int(request, "index"), _int(request, "size")
    hashes = queries.inclusion_proof(commune, index, size)
    return JsonResponse({"index": index, "size": size, "hashes": [_b64(h) for h in hashes]})


def consistency(request: HttpRequest, commune: Commune) -> HttpResponse:
    first, second = _int(request, "first"), _int(request, "second")
    hashes = queries.consistency_proof(commune, first, second)
    return JsonResponse({"first": first, "second": second, "hashes": [_b64(h) for h in hashes]})


def public_key(request: HttpRequest, commune: Commune) -> HttpResponse:
    keys = queries.verifier_keys(commune)
    if not keys:
        actions.do_sign_checkpoint(commune)  # begins the journal, and with it its key
        keys = queries.verifier_keys(commune)
    # The first key is the one to trust; later keys are vouched for inside the log.
    return HttpResponse(keys[0] + "\n", content_type="text/plain; charset=utf-8")


ENDPOINTS: dict[str, View] = {
    "checkpoint": checkpoint,
    "entries": entries,
    "proof/inclusion": inclusion,
    "proof/consistency": consistency,
    "public-key": public_key,
}


# Entries and proofs never change once served; the checkpoint moves with the log.
IMMUTABLE = "public, max-age=86400, immutable"
FRESH = "public, no-cache"


def _serve(view: View, name: str, request: HttpRequest, commune: Commune | None) -> HttpResponse:
    try:
        response = view(request, commune or default_commune(request))
    except CommuneError as error:
        return _error(error)
    if response.status_code == 200:
        # An entries page cut short by the end of the log will grow: it is not immutable.
        complete = name != "entries" or len(json.loads(response.content)["entries"]) == (
            int(request.GET["end"]) - int(request.GET["start"])
        )
        response["Cache-Control"] = IMMUTABLE if name != "checkpoint" and complete else FRESH
    return response


def per_commune_view(name: str) -> View:
    """The plain Django view of one endpoint under `/c/<slug>/api/v1/journal/`."""
    view = ENDPOINTS[name]

    @require_GET
    def serve(request: HttpRequest, slug: str) -> HttpResponse:
        try:
            commune = access.access_commune(request.user, slug)
        except CommuneError as error:
            return _error(error)
        return _serve(view, name, request, commune)

    serve.__name__ = f"journal_{name.replace('/', '_').replace('-', '_')}"
    return serve


@require_GET
def per_commune_index(request: HttpRequest, slug: str) -> HttpResponse:
    """What this base URL serves, for people who open it in a browser."""
    return JsonResponse({"endpoints": sorted(ENDPOINTS)})


@router.get("/checkpoint", summary="The latest signed checkpoint (a C2SP signed note)")
def get_checkpoint(request: HttpRequest, commune: str | None = None) -> HttpResponse:
    return _serve(checkpoint, "checkpoint", request, None)


@router.get("/entries", summary="Entries start ≤ index < end (≤ 1,000), data in base64")
def get_entries(
    request: HttpRequest, start: int, end: int, commune: str | None = None
) -> HttpResponse:
    return _serve(entries, "entries", request, None)


@router.get("/proof/inclusion", summary="RFC 9162 inclusion proof of entry `index` in `size`")
def get_inclusion(
    request: HttpRequest, index: int, size: int, commune: str | None = None
) -> HttpResponse:
    return _serve(inclusion, "proof/inclusion", request, None)


@router.get("/proof/consistency", summary="RFC 9162 consistency proof from `first` to `second`")
def get_consistency(
    request: HttpRequest, first: int, second: int, commune: str | None = None
) -> HttpResponse:
    return _serve(consistency, "proof/consistency", request, None)


@router.get("/public-key", summary="The Ed25519 verifier key (signed-note key format)")
def get_public_key(request: HttpRequest, commune: str | None = None) -> HttpResponse:
    return _serve(public_key, "public-key", request, None)
