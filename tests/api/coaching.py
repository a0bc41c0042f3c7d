"""Steps of the coaching journey as a client takes them, each asserting its status."""

from __future__ import annotations

import uuid
from typing import Any

from rest_framework.test import APIClient

from tests.api.editing import Editor

TERMS = "2026-01"


def step(api: APIClient, path: str, body: dict | None = None, *, etag: str, expect: int = 200):
    response = api.post(path, body or {}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == expect, response.content
    return response


def invite(coach_api: APIClient, email: str) -> dict[str, Any]:
    response = coach_api.post("/api/links/", {"email": email}, format="json")
    assert response.status_code == 201, response.content
    return response.json()["link"]


def link_etag(api: APIClient, link_id: str) -> str:
    response = api.get(f"/api/links/{link_id}/")
    assert response.status_code == 200, response.content
    return response["ETag"]


def accept(athlete_api: APIClient, link_id: str) -> None:
    step(athlete_api, f"/api/links/{link_id}/accept/", etag=link_etag(athlete_api, link_id))


def consent(athlete_api: APIClient, link_id: str, *purposes: str) -> None:
    for purpose in purposes:
        step(
            athlete_api,
            f"/api/links/{link_id}/consents/",
            {"purpose": purpose, "terms_version": TERMS},
            etag=link_etag(athlete_api, link_id),
        )


def linked(coach_api, athlete_api, athlete_email: str, *purposes: str) -> str:
    """A link the athlete accepted, with `purposes` allowed; its id."""
    link_id = invite(coach_api, athlete_email)["id"]
    accept(athlete_api, link_id)
    consent(athlete_api, link_id, *purposes)
    return link_id


def published_program(coach_api: APIClient, exercise_id, *, weeks: int = 1, **fields) -> Editor:
    """A program of `weeks` one-day weeks, published as version 1."""
    editor = Editor.create(coach_api, **fields)
    for position in range(weeks):
        week = editor.add_week(position)
        day = editor.add_day(week, title=f"Day {position + 1}")
        editor.add_entry(editor.add_group(day), exercise_id)
    editor.send("post", "publish/")
    return editor


def assign(coach_api, link_id: str, program_id: str, version: int = 1, start="2026-12-07"):
    body = {
        "link_id": link_id,
        "program_id": program_id,
        "version": version,
        "start_date": start,
    }
    return coach_api.post("/api/assignments/", body, format="json")


def new_id() -> str:
    return str(uuid.uuid4())
