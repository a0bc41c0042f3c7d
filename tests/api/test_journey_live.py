"""A coach's whole journey over a real socket: build a 12-week program, publish, edit, fork."""

from __future__ import annotations

import json
import uuid
from http.client import HTTPConnection
from urllib.parse import urlparse

import pytest
from rest_framework.authtoken.models import Token

from tests.timeline import catch_up

pytestmark = pytest.mark.django_db(transaction=True)

WEEKS, DAYS, GROUPS, ENTRIES = 12, 4, 4, 2


class Http:
    """A keep-alive HTTP client speaking JSON with a token, as a script would."""

    def __init__(self, base_url: str, token: str) -> None:
        url = urlparse(base_url)
        self.connection = HTTPConnection(url.hostname, url.port, timeout=30)
        self.token = token

    def call(self, method: str, path: str, body=None, **headers: str):
        headers = {"Authorization": f"Token {self.token}", **headers}
        payload = None
        if body is not None:
            payload = json.dumps(body)
            headers["Content-Type"] = "application/json"
        self.connection.request(method, path, payload, headers)
        response = self.connection.getresponse()
        data = response.read()
        return response.status, dict(response.getheaders()), json.loads(data) if data else None


class Coach:
    def __init__(self, http: Http) -> None:
        self.http = http
        self.etag = None
        self.program = None

    def create(self, title: str) -> None:
        status, headers, body = self.http.call("POST", "/api/programs/", {"title": title})
        assert status == 201, body
        self.program, self.etag = body["program"]["id"], headers["ETag"]

    def command(self, path: str, body=None, method: str = "POST", expect: int = 200):
        url = f"/api/programs/{self.program}/{path}"
        status, headers, answer = self.http.call(method, url, body or {}, **{"If-Match": self.etag})
        assert status == expect, (path, answer)
        self.etag = headers.get("ETag", self.etag)
        return answer

    def get(self, path: str = ""):
        status, _, body = self.http.call("GET", f"/api/programs/{self.program}/{path}")
        assert status == 200, body
        return body


def build(coach: Coach, exercise_ids: list[str]) -> dict[str, str]:
    first = {}
    for w in range(WEEKS):
        week = str(uuid.uuid4())
        coach.command("weeks/", {"week_id": week, "position": w, "label": f"Week {w + 1}"})
        for d in range(DAYS):
            day = str(uuid.uuid4())
            coach.command(
                "days/", {"week_id": week, "day_id": day, "position": d, "title": f"D{d}"}
            )
            for g in range(GROUPS):
                group = str(uuid.uuid4())
                coach.command("groups/", {"day_id": day, "group_id": group, "position": g})
                for e in range(ENTRIES):
                    entry = str(uuid.uuid4())
                    coach.command(
                        "entries/",
                        {
                            "group_id": group,
                            "entry_id": entry,
                            "position": e,
                            "exercise_id": exercise_ids[(g + e) % len(exercise_ids)],
                            "prescription": {"sets": 3, "reps": {"min": 8, "max": 12}},
                        },
                    )
                    first.setdefault("entry", entry)
        first.setdefault("week", week)
    return first


def test_a_coach_builds_publishes_edits_republishes_and_forks_a_12_week_program(
    live_server, coach, exercises
):
    token, _ = Token.objects.get_or_create(user=coach)
    http = Http(live_server.url, token.key)
    builder = Coach(http)
    builder.create("Twelve weeks")
    first = build(builder, [str(i) for i in exercises.values()])

    builder.command("publish/")
    heavier = {
        "sets": 5,
        "reps": {"min": 3, "max": 5},
        "load": {"type": "percent_1rm", "percent": 85},
    }
    builder.command(f"entries/{first['entry']}/", {"prescription": heavier}, method="PATCH")
    builder.command("publish/")
    status, _, fork = http.call("POST", f"/api/programs/{builder.program}/fork/", {"version": 1})

    document = builder.get()
    entries = [
        entry
        for week in document["weeks"]
        for day in week["days"]
        for group in day["groups"]
        for entry in group["entries"]
    ]
    assert len(document["weeks"]) == WEEKS
    assert len(entries) == WEEKS * DAYS * GROUPS * ENTRIES
    assert entries[0]["prescription"]["sets"] == 5
    assert document["published_versions"] == [1, 2]
    events = 1 + WEEKS * (1 + DAYS * (1 + GROUPS * (1 + ENTRIES))) + 3
    assert document["version"] == events
    v1 = builder.get("versions/1/")
    v2 = builder.get("versions/2/")
    assert v1["weeks"][0]["days"][0]["groups"][0]["entries"][0]["prescription"]["sets"] == 3
    assert v2["weeks"][0]["days"][0]["groups"][0]["entries"][0]["prescription"]["sets"] == 5
    catch_up()  # what the projection worker does in production
    history = builder.get("history/?page_size=1000")
    assert len(history["results"]) == events
    assert history["next"] is None
    positions = [item["position"] for item in history["results"]]
    assert positions == sorted(positions)
    assert [item["version"] for item in history["results"]] == list(range(1, 1001))[
        : len(positions)
    ]
    assert status == 201
    fork_doc = fork["program"]
    assert fork_doc["forked_from"] == {"program_id": builder.program, "version": 1}
    assert fork_doc["weeks"][0]["days"][0]["groups"][0]["entries"][0]["prescription"]["sets"] == 3
    _, _, listing = http.call("GET", "/api/programs/")
    assert listing["count"] == 2
    http.connection.close()
