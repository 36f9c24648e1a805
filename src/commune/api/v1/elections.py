"""Elections: the read-only contract outside checkers code against, and casting a ballot.

Kept exactly for observers and other programs (see docs/api.md):
`GET /elections`, `GET /elections/{id}/result`, `GET /elections/{id}/ballots?format=…`.
Everything is public except casting, which needs the member's session and CSRF token.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status
from ninja.security import django_auth
from pydantic import Field

from commune.api.schemas import Error
from commune.communes import access as commune_access
from commune.elections import access, actions, publication, queries
from commune.elections.models import Election

router = Router(tags=["elections"])


class Page(Schema):
    limit: int = Field(100, ge=1, le=1000, description="how many to return (at most 1,000)")
    offset: int = Field(0, ge=0, description="how many to skip")
    commune: str | None = Field(None, description="only this commune's elections (its slug)")


class ElectionOut(Schema):
    id: int
    title: str
    commune: str
    section: int | None = Field(description="the number of the section that votes; null: all")
    state: str = Field(description="draft, open, closed, counted, certified or cancelled")
    method: str = Field(description="the method's name, as `commune tally --method` spells it")
    seats: int
    kind: str
    opens_at: dt.datetime
    closes_at: dt.datetime


class ElectionList(Schema):
    elections: list[ElectionOut]


class CandidateOut(Schema):
    name: str
    statement: str


class ElectionDetail(ElectionOut):
    ballot_rules: str
    validity_threshold: str
    registered: int | None
    candidates: list[CandidateOut]


class BallotIn(Schema):
    ballot: list[str | list[str]] | None = Field(
        description="candidates' names: in order of preference for a ranked ballot (a list of "
        "names at one rank for equal preferences, where the rules allow them), the names marked "
        "for an approval ballot; null or [] for a blank ballot"
    )


class ReceiptOut(Schema):
    receipt: str
    ballot: list[str | list[str]] | None


def _out(e: Election) -> dict[str, Any]:
    return {
        "id": e.pk,
        "title": e.title,
        "commune": e.commune.slug,
        "section": e.section.number if e.section else None,
        "state": e.status,
        "method": e.method,
        "seats": e.seats,
        "kind": e.kind,
        "opens_at": e.opens_at,
        "closes_at": e.closes_at,
    }


@router.get("/elections", response={200: ElectionList, 400: Error, 404: Error}, summary="Elections")
def list_elections(request: HttpRequest, response: HttpResponse, page: Query[Page]) -> Any:
    commune = commune_access.access_commune(request.user, page.commune) if page.commune else None
    response["X-Total-Count"] = str(queries.count_elections(commune))
    rows = queries.list_elections(commune, limit=page.limit, offset=page.offset)
    return {"elections": [_out(actions.do_settle_election(e)) for e in rows]}


@router.get("/elections/{election_id}", response={200: ElectionDetail, 404: Error})
def get_election(request: HttpRequest, election_id: int) -> Any:
    e = access.access_election(request.user, None, election_id)
    return {
        **_out(e),
        "ballot_rules": e.ballot_rules,
        "validity_threshold": e.validity_threshold,
        "registered": e.num_registered,
        "candidates": [
            {"name": c.name, "statement": c.statement} for c in queries.list_candidacies(e)
        ],
    }


@router.get(
    "/elections/{election_id}/result",
    response={200: dict[str, Any], 404: Error, 409: Error},
    summary="The result, once counted: winners, counts, every round, turnout",
)
def get_result(request: HttpRequest, election_id: int) -> Any:
    e = access.access_election(request.user, None, election_id)
    return publication.result_document(e)


@router.get(
    "/elections/{election_id}/ballots",
    response={200: None, 404: Error, 409: Error},
    summary="The anonymised ballots, once counted, sorted by receipt (blt, csv or json)",
)
def get_ballots(
    request: HttpRequest, election_id: int, format: Literal["blt", "csv", "json"] = "json"
) -> HttpResponse:
    e = access.access_election(request.user, None, election_id)
    text, content_type = publication.ballots_file(e, format)
    response = HttpResponse(text, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="election-{e.pk}.{format}"'
    return response


@router.get(
    "/elections/{election_id}/receipts/{receipt}",
    response={200: ReceiptOut, 404: Error, 409: Error},
    summary="Find a ballot in the published list by its receipt",
)
def get_receipt(request: HttpRequest, election_id: int, receipt: str) -> Any:
    e = access.access_election(request.user, None, election_id)
    return publication.find_receipt(e, receipt)


@router.post(
    "/elections/{election_id}/ballots",
    auth=django_auth,
    response={201: ReceiptOut, 400: Error, 401: Error, 403: Error, 404: Error, 409: Error},
    summary="Cast your ballot (signed-in members on the roll; session cookie and CSRF token)",
)
def cast_ballot(request: HttpRequest, election_id: int, body: BallotIn) -> Any:
    e = access.access_election_to_vote(request.user, None, election_id)
    receipt = actions.do_cast_ballot(e, actor=request.user, marks=body.ballot)
    return Status(201, {"receipt": receipt.code, "ballot": receipt.ballot})
