"""GET /api/projections/ (admins only) and readiness as worker projections fare."""

from __future__ import annotations

import pytest
from django.test import override_settings

from projections import status
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db


def test_only_admins_see_the_projections(client, api, admin):
    assert client.get("/api/projections/").status_code == 401
    assert api.get("/api/projections/").status_code == 403
    shown = client_for(admin).get("/api/projections/").json()

    assert [p["name"] for p in shown] == ["audit_timeline", "exercise_usage", "program_snapshots"]
    assert all(p["state"] == "idle" and p["error"] == "" for p in shown)


def test_a_failed_projection_shows_its_error_and_makes_the_service_unready(client, admin):
    status.mark("exercise_usage", status.State.FAILED, failed_position=42, error="KeyError('x')")

    shown = {p["name"]: p for p in client_for(admin).get("/api/projections/").json()}
    shown = shown["exercise_usage"]
    ready = client.get("/readyz")

    assert shown["state"] == "failed" and shown["failed_position"] == 42
    assert shown["error"] == "KeyError('x')"
    assert ready.status_code == 503
    assert ready.json()["projections"] == {"exercise_usage": "failed at position 42"}


def test_failed_snapshots_show_but_leave_the_service_ready(client, admin):
    status.mark("program_snapshots", status.State.FAILED, failed_position=7, error="OSError()")

    shown = {p["name"]: p for p in client_for(admin).get("/api/projections/").json()}
    ready = client.get("/readyz")

    assert shown["program_snapshots"]["state"] == "failed"
    assert ready.status_code == 200 and ready.json()["projections"] == "ok"


def test_a_running_projection_lagging_past_the_threshold_makes_the_service_unready(
    client, api, exercises
):
    status.mark("exercise_usage", status.State.RUNNING)
    api.post("/api/programs/", {"title": "Unprojected"}, format="json")

    with override_settings(PROJECTION_MAX_LAG_SECONDS=-1):
        lagging = client.get("/readyz")
    ready = client.get("/readyz")

    assert lagging.status_code == 503
    assert lagging.json()["projections"]["exercise_usage"].startswith("lagging")
    assert ready.status_code == 200


def test_a_minimum_position_that_is_not_a_position_is_400(api, exercises):
    for bad in ("-1", "abc", "1e3", "9" * 30, "١٢"):
        response = api.get(f"/api/exercises/?min_position={bad}")
        assert response.status_code == 400, bad
        assert "min_position" in response.json()["errors"]


def test_metrics_show_each_worker_projections_lag(make_user, api):
    staff = make_user("staff")
    staff.is_staff = True
    staff.save()
    api.post("/api/programs/", {"title": "Unprojected"}, format="json")
    client = client_for(staff)
    client.force_login(staff)

    text = client.get("/metrics").content.decode()

    assert 'builder_projection_lag_events{projection="exercise_usage"} 1.0' in text
    assert 'builder_projection_failed{projection="exercise_usage"} 0.0' in text
