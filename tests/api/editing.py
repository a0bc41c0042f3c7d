"""A small client for the program endpoints that keeps the ETag as a real editor would."""

from __future__ import annotations

import uuid
from typing import Any

from rest_framework.test import APIClient

Rx = {"sets": 3, "reps": {"min": 8, "max": 10}, "load": {"type": "none"}}


class Editor:
    """Edits one program, sending the last ETag it saw with every command."""

    def __init__(self, api: APIClient, program_id: str, etag: str) -> None:
        self.api, self.id, self.etag = api, program_id, etag

    @classmethod
    def create(cls, api: APIClient, title: str = "Block", **fields: Any) -> Editor:
        response = api.post("/api/programs/", {"title": title, **fields}, format="json")
        assert response.status_code == 201, response.content
        return cls(api, response.json()["program"]["id"], response["ETag"])

    def url(self, path: str = "") -> str:
        return f"/api/programs/{self.id}/{path}"

    def send(self, method: str, path: str, body: dict | None = None, expect: int = 200):
        call = getattr(self.api, method)
        response = call(self.url(path), body or {}, format="json", HTTP_IF_MATCH=self.etag)
        assert response.status_code == expect, response.content
        if "ETag" in response:
            self.etag = response["ETag"]
        return response

    def document(self) -> dict[str, Any]:
        return self.api.get(self.url()).json()

    def add_week(self, position: int = 0, **fields: Any) -> str:
        week_id = str(uuid.uuid4())
        self.send("post", "weeks/", {"week_id": week_id, "position": position, **fields})
        return week_id

    def add_day(self, week_id: str, position: int = 0, **fields: Any) -> str:
        day_id = str(uuid.uuid4())
        body = {"week_id": week_id, "day_id": day_id, "position": position, **fields}
        self.send("post", "days/", body)
        return day_id

    def add_group(self, day_id: str, position: int = 0, **fields: Any) -> str:
        group_id = str(uuid.uuid4())
        body = {"day_id": day_id, "group_id": group_id, "position": position, **fields}
        self.send("post", "groups/", body)
        return group_id

    def add_entry(self, group_id: str, exercise_id, position: int = 0, **fields: Any) -> str:
        entry_id = str(uuid.uuid4())
        body = {
            "group_id": group_id,
            "entry_id": entry_id,
            "position": position,
            "exercise_id": str(exercise_id),
            "prescription": Rx,
            **fields,
        }
        self.send("post", "entries/", body)
        return entry_id

    def one_full_week(self, exercise_id) -> dict[str, str]:
        week = self.add_week()
        day = self.add_day(week)
        group = self.add_group(day)
        entry = self.add_entry(group, exercise_id)
        return {"week": week, "day": day, "group": group, "entry": entry}
