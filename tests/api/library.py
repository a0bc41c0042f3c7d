"""A small client for the exercise endpoints that keeps the ETag as a real editor would."""

from __future__ import annotations

import uuid
from typing import Any

from rest_framework.test import APIClient


def exercise_body(name: str = "Tempo Squat", **fields: Any) -> dict[str, Any]:
    return {"names": {"en": name}, "category": "squat", **fields}


class ExerciseEditor:
    """Edits one exercise, sending the last ETag it saw with every command."""

    def __init__(self, api: APIClient, exercise_id: str, etag: str) -> None:
        self.api, self.id, self.etag = api, exercise_id, etag

    @classmethod
    def create(cls, api: APIClient, name: str = "Tempo Squat", **fields: Any) -> ExerciseEditor:
        response = api.post("/api/exercises/", exercise_body(name, **fields), format="json")
        assert response.status_code == 201, response.content
        return cls(api, response.json()["exercise"]["id"], response["ETag"])

    def url(self, path: str = "") -> str:
        return f"/api/exercises/{self.id}/{path}"

    def send(self, method: str, path: str, body: dict | None = None, expect: int = 200, **headers):
        call = getattr(self.api, method)
        response = call(
            self.url(path), body or {}, format="json", HTTP_IF_MATCH=self.etag, **headers
        )
        assert response.status_code == expect, response.content
        if "ETag" in response:
            self.etag = response["ETag"]
        return response

    def read(self, **headers: Any) -> dict[str, Any]:
        return self.api.get(self.url(), **headers).json()

    def translate(self, locale: str, name: str, aliases: list[str] | None = None) -> None:
        self.send("put", f"translations/{locale}/", {"name": name, "aliases": aliases or []})

    def link(self, url: str, expect: int = 200, **fields: Any):
        body = {"media_id": str(uuid.uuid4()), "url": url, **fields}
        return self.send("post", "media/", body, expect=expect)
