"""The audit timeline over a real socket, kept by `manage.py run_projections` as a process:
edits made while no worker runs appear once it does, and a read with a command's position
reflects that command."""

from __future__ import annotations

import uuid

import pytest
from rest_framework.authtoken.models import Token

from tests.reliability.test_concurrent_http import call
from tests.reliability.workers import WorkerProcess, eventually

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture
def token(coach) -> str:
    return Token.objects.create(user=coach).key


class Program:
    """One program edited over HTTP, keeping its ETag and its last command's position."""

    def __init__(self, url: str, token: str) -> None:
        self.url, self.token = url, token
        _, headers, body = call(url, token, "POST", "/api/programs/", {"title": "Audited"})
        self.id, self.etag, self.position = body["program"]["id"], headers["ETag"], body["position"]

    def add_week(self) -> None:
        body = {"week_id": str(uuid.uuid4()), "position": 0}
        status, headers, answer = call(
            self.url,
            self.token,
            "POST",
            f"/api/programs/{self.id}/weeks/",
            body,
            **{"If-Match": self.etag},
        )
        assert status == 200, answer
        self.etag, self.position = headers["ETag"], answer["position"]

    def history(self, **query: int) -> tuple[int, list[str]]:
        suffix = "".join(f"&{key}={value}" for key, value in query.items())
        path = f"/api/programs/{self.id}/history/?page_size=100{suffix}"
        status, _, body = call(self.url, self.token, "GET", path)
        return status, [item["summary"] for item in body["results"]] if status == 200 else []


def test_the_timeline_catches_up_when_the_worker_runs(live_server, token, tmp_path):
    program = Program(live_server.url, token)
    program.add_week()
    assert program.history() == (200, [])  # no worker yet: nothing projected

    worker = WorkerProcess(tmp_path, "audit_timeline")
    try:
        eventually(lambda: len(program.history()[1]) == 2, what="the backlog projected")
        program.add_week()
        status, summaries = program.history(min_position=program.position)
    finally:
        assert worker.terminate() == 0, worker.output()

    assert status == 200
    assert summaries == ['Created the program "Audited"', "Added week 1", "Added week 1"]
