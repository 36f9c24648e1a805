"""The JSON API for communes and sections."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_list_communes(client, commune):
    body = client.get("/api/v1/communes").json()
    assert body == [
        {
            "slug": "test-commune",
            "name": "Test Commune",
            "description": "",
            "constitution_version": 1,
            "constitution": commune.constitution,
            "num_sections": 3,
            "num_seats": 10,
        }
    ]


def test_sections_and_one_section(client, commune):
    sections = client.get("/api/v1/sections").json()
    assert [(s["number"], s["name"], s["seats"]) for s in sections] == [
        (1, "Louvre", 3),
        (2, "Bourse", 3),
        (3, "Temple", 4),
    ]
    one = client.get(f"/api/v1/sections/{sections[2]['id']}").json()
    assert one["population"] == 92_680
    assert one["commune"] == "test-commune"


def test_sections_filtered_by_commune(client, commune, operator):
    from commune.members import actions

    actions.do_found_commune(actor=operator, slug="other", name="Other")
    assert len(client.get("/api/v1/sections?commune=other").json()) == 0
    assert len(client.get("/api/v1/sections?commune=test-commune").json()) == 3


def test_missing_things_are_404_with_a_message(client, commune):
    response = client.get("/api/v1/sections/999999")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert response.json()["message"] == "no section 999999"
    assert client.get("/api/v1/communes/nowhere").status_code == 404
    assert client.get("/api/v1/sections?commune=nowhere").status_code == 404


def test_openapi_schema_and_docs(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/sections/{section_id}" in schema["paths"]
    assert client.get("/api/v1/docs").status_code == 200


def test_lists_are_paged_and_bounded(client, commune, operator):
    from commune.members import actions

    for n in range(3):
        actions.do_found_commune(actor=operator, slug=f"c{n}", name=f"Commune {n}")
    first = client.get("/api/v1/communes?limit=2")
    assert first["X-Total-Count"] == "4" and len(first.json()) == 2
    rest = client.get("/api/v1/communes?limit=2&offset=2").json()
    assert {c["slug"] for c in first.json()} | {c["slug"] for c in rest} == {
        "c0",
        "c1",
        "c2",
        "test-commune",
    }
    sections = client.get("/api/v1/sections?limit=1&offset=2")
    assert sections["X-Total-Count"] == "3" and [s["number"] for s in sections.json()] == [3]
    too_many = client.get("/api/v1/sections?limit=100000")
    assert too_many.status_code == 400 and "limit" in too_many.json()["message"]
