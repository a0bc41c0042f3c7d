"""C8: while another session holds the event table lock, an edit answers 503 with Retry-After
within the lock timeout, changes nothing, and succeeds once the lock is gone."""

from __future__ import annotations

import time
import uuid

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from rest_framework.authtoken.models import Token

from tests.reliability.test_concurrent_http import call

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def token(coach) -> str:
    return Token.objects.create(user=coach).key


def lock_holder() -> psycopg.Connection:
    """Another session, holding the lock appenders need until it rolls back."""
    params = {k: v for k, v in connection.get_connection_params().items() if v is not None}
    params.pop("cursor_factory", None)
    params.pop("context", None)
    holder = psycopg.connect(**params)
    holder.execute("LOCK TABLE eventstore_events IN EXCLUSIVE MODE")
    return holder


def test_an_edit_behind_a_held_lock_is_503_with_retry_after_then_succeeds(live_server, token):
    _, _, body = call(live_server.url, token, "POST", "/api/programs/", {"title": "Busy"})
    program = body["program"]["id"]
    path = f"/api/programs/{program}/weeks/"

    def add_week():
        week = {"week_id": str(uuid.uuid4()), "position": 0}
        return call(live_server.url, token, "POST", path, week, **{"If-Match": '"1"'})

    holder = lock_holder()
    try:
        started = time.monotonic()
        status, headers, problem = add_week()
        waited = time.monotonic() - started
    finally:
        holder.rollback()
        holder.close()
    retried, _, after = add_week()

    timeout_s = int(settings.EVENTSTORE["EVENTSTORE_LOCK_TIMEOUT_MS"]) / 1000
    assert status == 503
    assert headers["Retry-After"].isdigit()
    assert problem["status"] == 503
    assert timeout_s <= waited < timeout_s + 5
    assert retried == 200 and after["program"]["version"] == 2
