"""Coaching in a person's export and erasure: links, consents, assignments and invitations."""

from __future__ import annotations

import json

import jsonschema
import pytest

from builder.models import Invitation, Role
from tests.api.coaching import assign, invite, link_etag, linked, published_program
from tests.api.conftest import client_for
from tests.api.test_privacy import SCHEMA

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def athlete(make_user):
    return make_user("alex", roles=(Role.ATHLETE,))


@pytest.fixture
def admin_api(admin):
    return client_for(admin)


def export_of(client) -> dict:
    response = client.get("/api/me/export/")
    assert response.status_code == 200, response.content
    document = json.loads(b"".join(response.streaming_content))
    jsonschema.validate(document, SCHEMA)
    return document


def erase(admin_api, user) -> None:
    response = admin_api.post(
        f"/api/admin/users/{user.id}/erase/", {"confirm": str(user.id)}, format="json"
    )
    assert response.status_code == 200, response.content


def test_an_athletes_export_holds_their_links_consents_and_assignments_by_id_only(
    api, coach, athlete, exercises
):
    coach.display_name = "Casey Unmistakable"
    coach.save()
    athlete_api = client_for(athlete)
    link_id = linked(api, athlete_api, athlete.email, "programming")
    editor = published_program(api, exercises["Back Squat"])
    assignment_id = assign(api, link_id, editor.id).json()["assignment"]["id"]
    invite(api, athlete.email)  # a second, open invitation to the same address

    document = export_of(athlete_api)

    section = document["sections"]["coaching"]
    roles = {link["id"]: link["role"] for link in section["links"]}
    assert roles[link_id] == "athlete" and sorted(roles.values()) == ["athlete", "invitee"]
    [link] = [link for link in section["links"] if link["id"] == link_id]
    assert link["coach_id"] == str(coach.id)
    assert link["consents"] == {"programming": "2026-01"}
    assert [a["id"] for a in section["assignments"]] == [assignment_id]
    assert [i["email"] for i in section["invitations"]] == [athlete.email]
    text = json.dumps(section)
    assert coach.email not in text and "Unmistakable" not in text


def test_erasing_an_athlete_closes_their_links_and_assignments_and_forgets_their_address(
    api, coach, athlete, admin_api, exercises
):
    athlete_api = client_for(athlete)
    link_id = linked(api, athlete_api, athlete.email, "programming")
    editor = published_program(api, exercises["Back Squat"])
    assignment_id = assign(api, link_id, editor.id).json()["assignment"]["id"]
    pending = invite(api, athlete.email)["id"]

    erase(admin_api, athlete)

    link = api.get(f"/api/links/{link_id}/").json()
    assert (link["status"], link["ended_by"]) == ("ended", "erasure")
    assert api.get(f"/api/links/{pending}/").json()["status"] == "ended"
    assert api.get(f"/api/links/{pending}/").json()["invited_email"] is None
    assert not Invitation.objects.filter(email=athlete.email).exists()
    assert api.get("/api/athletes/").json()["count"] == 0
    from projections.queries import coaching as coaching_queries

    # Cancelled: hidden from the coach now.
    assert coaching_queries.assignment(assignment_id).status == "cancelled"
    late = assign(api, link_id, editor.id)
    assert late.status_code == 409


def test_erasing_a_coach_ends_their_athletes_assignments_and_their_invitations(
    api, coach, athlete, admin_api, make_user, exercises
):
    athlete_api = client_for(athlete)
    link_id = linked(api, athlete_api, athlete.email, "programming")
    editor = published_program(api, exercises["Back Squat"])
    assignment_id = assign(api, link_id, editor.id).json()["assignment"]["id"]
    invite(api, "someone-else@example.com")

    erase(admin_api, coach)

    seen = athlete_api.get(f"/api/assignments/{assignment_id}/").json()
    assert seen["status"] == "cancelled"
    assert athlete_api.get(f"/api/links/{link_id}/").json()["status"] == "ended"
    assert not Invitation.objects.filter(coach_id=coach.id).exists()
    etag = link_etag(athlete_api, link_id)
    again = athlete_api.post(f"/api/links/{link_id}/end/", {}, format="json", HTTP_IF_MATCH=etag)
    assert again.status_code == 409
