"""Concurrent clients over a real socket: one winner per version, one execution per key (C3, C6)."""

from __future__ import annotations

import json
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPConnection
from urllib.parse import urlparse

import pytest
from rest_framework.authtoken.models import Token

from tests.timeline import catch_up

pytestmark = pytest.mark.django_db(transaction=True)


def call(base_url: str, token: str, method: str, path: str, body=None, **headers: str):
    url = urlparse(base_url)
    connection = HTTPConnection(url.hostname, url.port, timeout=30)
    headers = {"Authorization": f"Token {token}", "Content-Type": "application/json", **headers}
    try:
        connection.request(method, path, json.dumps(body) if body is not None else None, headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), json.loads(response.read() or "null")
    finally:
        connection.close()


@pytest.fixture
def token(coach) -> str:
    return Token.objects.create(user=coach).key


def in_parallel(count: int, request) -> list:
    """Run `request` from `count` threads released together."""
    start = threading.Barrier(count)

    def run(_):
        start.wait()
        return request()

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count)))


def test_two_edits_of_the_same_version_have_one_winner_and_one_412(live_server, token):
    _, _, created = call(live_server.url, token, "POST", "/api/programs/", {"title": "Race"})
    program = created["program"]["id"]

    def add_week():
        body = {"week_id": str(uuid.uuid4()), "position": 0}
        return call(
            live_server.url,
            token,
            "POST",
            f"/api/programs/{program}/weeks/",
            body,
            **{"If-Match": '"1"'},
        )

    results = in_parallel(2, add_week)

    assert sorted(status for status, _, _ in results) == [200, 412]
    (loser,) = [(headers, body) for status, headers, body in results if status == 412]
    assert loser[0]["ETag"] == '"2"'
    assert loser[1]["current_version"] == 2
    catch_up()  # what the projection worker does in production
    _, _, history = call(live_server.url, token, "GET", f"/api/programs/{program}/history/")
    assert len(history["results"]) == 2


def test_the_same_idempotency_key_in_parallel_creates_one_program(live_server, token):
    def create():
        return call(
            live_server.url,
            token,
            "POST",
            "/api/programs/",
            {"title": "Once"},
            **{"Idempotency-Key": "parallel-1"},
        )

    results = in_parallel(10, create)

    assert {status for status, _, _ in results} == {201}
    assert len({json.dumps(body, sort_keys=True) for _, _, body in results}) == 1
    _, _, listing = call(live_server.url, token, "GET", "/api/programs/")
    assert listing["count"] == 1
