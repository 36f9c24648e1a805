"""Shapes shared by the API and the CLI's `--json` output."""

from __future__ import annotations

from ninja import Schema


class Error(Schema):
    code: str
    message: str
    details: object | None = None


class CommuneOut(Schema):
    slug: str
    name: str
    description: str
    constitution_version: int
    constitution: dict[str, object]
    num_sections: int
    num_seats: int


class SectionOut(Schema):
    id: int
    commune: str
    number: int
    name: str
    population: int | None
    num_registered_declared: int | None
    num_members: int
    seats: int
    source: str
