"""C10 over a real socket: a command, then a read of a worker projection with the command's
position reflects the command; without a worker the read is 503 with Retry-After in time."""

from __future__ import annotations

import time
import uuid

import pytest
from django.test import override_settings
from rest_framework.authtoken.models import Token

from tests.reliability.test_concurrent_http import call
from tests.reliability.workers import WorkerProcess, eventually, state

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]
RX = {"sets": 3, "reps": {"min": 5, "max": 5}}


def a_program_using(url: str, token: str, exercise_id) -> int:
    """Create a program with one entry of the exercise; the position of the last command."""
    _, headers, body = call(url, token, "POST", "/api/programs/", {"title": "C10"})
    program, etag = body["program"]["id"], headers["ETag"]
    ids = {level: str(uuid.uuid4()) for level in ("week", "day", "group", "entry")}
    steps = [
        ("weeks/", {"week_id": ids["week"], "position": 0}),
        ("days/", {"week_id": ids["week"], "day_id": ids["day"], "position": 0}),
        ("groups/", {"day_id": ids["day"], "group_id": ids["group"], "position": 0}),
        (
            "entries/",
            {
                "group_id": ids["group"],
                "entry_id": ids["entry"],
                "position": 0,
                "exercise_id": str(exercise_id),
                "prescription": RX,
            },
        ),
    ]
    for path, step in steps:
        status, headers, body = call(
            url, token, "POST", f"/api/programs/{program}/{path}", step, **{"If-Match": etag}
        )
        assert status == 200, body
        etag = headers["ETag"]
    assert int(headers["X-Event-Position"]) == body["position"]
    return body["position"]


@pytest.fixture
def token(coach) -> str:
    return Token.objects.create(user=coach).key


def test_a_read_with_the_commands_position_reflects_the_command(
    live_server, token, exercises, tmp_path
):
    worker = WorkerProcess(tmp_path)
    try:
        eventually(lambda: state() is not None and state().state == "running", what="running")
        squat = exercises["Back Squat"]
        for _ in range(3):
            position = a_program_using(live_server.url, token, squat)
            by_query = call(
                live_server.url, token, "GET", f"/api/exercises/{squat}/?min_position={position}"
            )
            listed = call(
                live_server.url,
                token,
                "GET",
                "/api/exercises/?q=squat",
                **{"X-Min-Position": str(position)},
            )
            assert by_query[0] == 200 and listed[0] == 200
            assert by_query[2]["usage_count"] == listed[2]["results"][0]["usage_count"]
        assert by_query[2]["usage_count"] == 3
    finally:
        worker.terminate()


@override_settings(PROJECTION_READ_WAIT_SECONDS=0.3)
def test_without_a_worker_the_read_is_503_with_retry_after_within_the_wait(
    live_server, token, exercises
):
    squat = exercises["Back Squat"]
    position = a_program_using(live_server.url, token, squat)

    started = time.monotonic()
    status, headers, body = call(
        live_server.url, token, "GET", f"/api/exercises/{squat}/?min_position={position}"
    )

    assert status == 503 and headers["Retry-After"] == "1"
    assert body["type"] == "/problems/projection-behind"
    assert 0.3 <= time.monotonic() - started < 3
    assert call(live_server.url, token, "GET", f"/api/exercises/{squat}/")[0] == 200
