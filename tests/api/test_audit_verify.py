"""GET /api/audit/verify/ reports the last hash chain verification to auditors and admins."""

from __future__ import annotations

from datetime import datetime
from uuid import uuid4

import pytest
from eventsourcing.persistence import StoredEvent
from rest_framework.test import APIClient

from eventstore.recorders import DjangoApplicationRecorder
from eventstore.verification import verify_chain
from tests.api.conftest import client_for

URL = "/api/audit/verify/"


@pytest.fixture
def auditor(make_user):
    from builder.models import Role

    return make_user("auditor", roles=(Role.AUDITOR,))


def _appended(count: int) -> None:
    stream = uuid4()
    DjangoApplicationRecorder().insert_events(
        [StoredEvent(stream, version, "Tested", b"{}") for version in range(1, count + 1)]
    )


@pytest.mark.django_db
def test_anonymous_callers_are_asked_to_authenticate():
    response = APIClient().get(URL)

    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.django_db
def test_coaches_may_not_read_verifications(api):
    response = api.get(URL)

    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.django_db
def test_before_any_verification_the_report_is_null(auditor):
    response = client_for(auditor).get(URL)

    assert response.status_code == 200
    assert response.json() == {"last_verification": None}


@pytest.mark.django_db(transaction=True)
def test_an_auditor_reads_the_last_verification(auditor):
    _appended(3)
    verify_chain()
    _appended(1)
    latest = verify_chain()

    body = client_for(auditor).get(URL).json()["last_verification"]

    assert body["ok"] is True
    assert (body["checked"], body["first_broken_position"]) == (4, None)
    assert (body["head_position"], body["head_hash"]) == (latest.head_position, latest.head_hash)
    assert len(body["head_hash"]) == 64
    assert body["detail"] == latest.detail
    assert datetime.fromisoformat(body["started_at"]) <= datetime.fromisoformat(body["finished_at"])


@pytest.mark.django_db
def test_admins_may_read_verifications(admin):
    verify_chain()

    body = client_for(admin).get(URL).json()["last_verification"]

    assert (body["ok"], body["checked"], body["head_hash"]) == (True, 0, None)
