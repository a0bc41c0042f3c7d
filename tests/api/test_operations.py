"""Operator endpoints: health probes, protected metrics, the staff-only admin, CORS (A7)."""

from __future__ import annotations

import pytest
from django.test import override_settings

from builder.models import Role
from tests.api.conftest import client_for
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_liveness_and_readiness_answer_anonymously(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {
        "status": "ok",
        "database": "ok",
        "migrations": "ok",
        "projections": "ok",
    }


@override_settings(METRICS_TOKEN="scrape-secret")
def test_metrics_need_the_scrape_token_or_staff(client, make_user, api):
    staff = make_user("staff")
    staff.is_staff = True
    staff.save()
    api.post("/api/programs/", {"title": "Counted"}, format="json")

    anonymous = client.get("/metrics")
    wrong = client.get("/metrics", HTTP_AUTHORIZATION="Bearer nope")
    scraper = client.get("/metrics", HTTP_AUTHORIZATION="Bearer scrape-secret")
    client.force_login(staff)
    by_staff = client.get("/metrics")

    assert (anonymous.status_code, wrong.status_code) == (403, 403)
    assert scraper.status_code == by_staff.status_code == 200
    text = scraper.content.decode()
    assert "django_http_requests_total_by_method_total" in text
    assert 'builder_projection_position{projection="program_document"}' in text
    assert "builder_event_store_position" in text


def test_the_admin_is_for_staff_only(client, coach, make_user, api):
    api.post("/api/programs/", {"title": "Browsed"}, format="json")
    staff = make_user("staff", roles=(Role.ADMIN,))
    staff.is_staff = staff.is_superuser = True
    staff.save()

    client.login(username=coach.email, password=PASSWORD)
    refused = client.get("/admin/eventstore/eventrecord/")
    client.force_login(staff)
    pages = [
        client.get(url)
        for url in ("/admin/", "/admin/eventstore/eventrecord/", "/admin/builder/user/")
    ]
    event = client.get(f"/admin/eventstore/eventrecord/{_last_event()}/change/")

    assert refused.status_code == 302 and "/admin/login/" in refused["Location"]
    assert all(page.status_code == 200 for page in pages)
    assert event.status_code == 200 and b"Browsed" in event.content


def _last_event() -> int:
    from eventstore.models import EventRecord

    return EventRecord.objects.order_by("-notification_id").values_list(
        "notification_id", flat=True
    )[0]


@override_settings(CORS_ALLOWED_ORIGINS=["https://app.example.com"])
def test_cors_answers_listed_origins_only(coach):
    api = client_for(coach)

    listed = api.get("/api/programs/", HTTP_ORIGIN="https://app.example.com")
    unlisted = api.get("/api/programs/", HTTP_ORIGIN="https://evil.example.com")

    assert listed["Access-Control-Allow-Origin"] == "https://app.example.com"
    assert "Access-Control-Allow-Origin" not in unlisted


def test_staff_read_projection_status_links_and_assignments_in_the_admin(client, make_user):
    from projections import status

    status.mark("audit_timeline", "failed", failed_position=7, error="cannot apply Mystery")
    staff = make_user("staff")
    staff.is_staff = staff.is_superuser = True
    staff.save()
    client.force_login(staff)

    projections = client.get("/admin/projections/projectionstatus/")
    detail = client.get("/admin/projections/projectionstatus/audit_timeline/change/")
    coaching = [
        client.get(url).status_code
        for url in ("/admin/projections/coachinglinkrow/", "/admin/projections/assignmentrow/")
    ]

    assert projections.status_code == 200 and b"failed" in projections.content
    assert detail.status_code == 200 and b"cannot apply Mystery" in detail.content
    assert coaching == [200, 200]


def test_staff_without_a_role_that_reads_personal_data_see_a_placeholder(client, make_user, api):
    api.post("/api/programs/", {"title": "Private title"}, format="json")
    staff = make_user("staff", roles=(Role.COACH,))
    staff.is_staff = staff.is_superuser = True
    staff.save()
    client.force_login(staff)

    event = client.get(f"/admin/eventstore/eventrecord/{_last_event()}/change/")

    assert event.status_code == 200
    assert b"Private title" not in event.content
    assert b"[personal]" in event.content
