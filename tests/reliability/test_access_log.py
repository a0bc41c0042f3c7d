"""gunicorn's access log, as builder/gunicorn.py configures it: one JSON object a request, in
the application's log format, its time in ISO 8601 with the zone, its path without the query
string, and the correlation id the response carried."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from tests.database import test_database_url
from tests.reliability.served import gunicorn, server_env

pytestmark = pytest.mark.django_db(transaction=True)

MARKER = "query-marker-never-logged"


@pytest.fixture(scope="module")
def served_once(django_db_setup, django_db_blocker, tmp_path_factory):
    """One request with a query string and a request id, and the server's whole log after it
    stopped (so that every line is written)."""
    with django_db_blocker.unblock():
        env = server_env(test_database_url(), LOG_FORMAT="json")
    log = tmp_path_factory.mktemp("access") / "gunicorn.log"
    with gunicorn(env, log) as server:
        answer = server.call("GET", f"/readyz?search={MARKER}", **{"X-Request-ID": "req-42"})
    return answer, log.read_text()


def access_lines(log: str) -> list[dict]:
    lines = [line for line in log.splitlines() if "gunicorn.access" in line]
    return [json.loads(line) for line in lines]


def test_each_request_is_one_json_object_naming_method_path_status_and_duration(served_once):
    answer, log = served_once
    line = access_lines(log)[-1]
    assert (line["method"], line["path"], line["status"]) == ("GET", "/readyz", answer.status)
    assert int(line["duration_ms"]) >= 0


def test_the_time_is_iso_8601_with_its_zone(served_once):
    _, log = served_once
    for line in access_lines(log):
        assert datetime.fromisoformat(line["time"]).tzinfo is not None, line["time"]


def test_the_line_carries_the_responses_correlation_id_and_the_request_id(served_once):
    answer, log = served_once
    line = access_lines(log)[-1]
    assert line["correlation_id"] == answer.headers["x-correlation-id"]
    assert line["request_id"] == "req-42"


def test_the_query_string_is_never_logged(served_once):
    _, log = served_once
    assert access_lines(log)
    assert MARKER not in log


def test_every_line_the_server_writes_is_json(served_once):
    _, log = served_once
    for line in log.splitlines():
        json.loads(line)
