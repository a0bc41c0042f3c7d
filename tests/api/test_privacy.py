"""A person's export and erasure over HTTP: who may ask, what the export holds, what erasure
leaves behind (requirements G2-G5, docs/reliability.md)."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import jsonschema
import pytest
from django.conf import settings
from django.core.management import call_command
from rest_framework.test import APIClient

from builder.domain import Actor
from builder.services import privacy
from builder.wiring import builder
from eventstore.models import DataKey
from eventstore.verification import verify_chain
from projections.queries import programs as program_queries
from tests.api.conftest import client_for
from tests.api.editing import Editor
from tests.timeline import catch_up

pytestmark = pytest.mark.django_db(transaction=True)

SCHEMA = json.loads((Path(settings.BASE_DIR) / "docs" / "export.schema.json").read_text())


@pytest.fixture
def admin_api(admin) -> APIClient:
    return client_for(admin)


@pytest.fixture
def athlete(make_user):
    return make_user("athlete", roles=("athlete",))


def exported(response) -> dict:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    document = json.loads(b"".join(response.streaming_content))
    jsonschema.validate(document, SCHEMA)
    return document


def a_written_program(api, exercises, marker: str) -> Editor:
    editor = Editor.create(api, title=f"{marker} title", description=f"{marker} about")
    ids = editor.one_full_week(exercises["Back Squat"])
    editor.send("patch", f"weeks/{ids['week']}/", {"label": f"{marker} week"})
    editor.send("patch", f"entries/{ids['entry']}/", {"notes": f"{marker} cue"})
    return editor


def a_personal_program(coach, athlete, marker: str) -> uuid.UUID:
    program_id = uuid.uuid4()
    builder().create_program(
        actor=Actor(user_id=coach.id, correlation_id="personal"),
        program_id=program_id,
        title=f"{marker} for the athlete",
        kind="personal",
        athlete_id=athlete.id,
    )
    return program_id


class TestExport:
    def test_a_person_exports_their_own_data_as_json_matching_the_schema(
        self, api, coach, exercises
    ):
        editor = a_written_program(api, exercises, "Mine")

        document = exported(api.get("/api/me/export/"))

        assert document["person"]["email"] == coach.email
        [program] = document["programs"]
        assert program["id"] == editor.id and program["relation"] == "owner"
        assert program["document"]["title"] == "Mine title"
        types = [event["type"] for event in program["history"]]
        assert types[0] == "Program.Created" and "Program.EntryNotesChanged" in types
        assert program["history"][0]["data"]["title"] == "Mine title"
        assert not any(event["withheld"] for event in program["history"])

    def test_the_export_holds_no_other_persons_data(self, api, other_api, coach, exercises):
        a_written_program(other_api, exercises, "Theirs")
        a_written_program(api, exercises, "Mine")

        text = json.dumps(exported(api.get("/api/me/export/")))

        assert "Theirs" not in text
        assert coach.email in text

    def test_an_athlete_gets_the_text_written_about_them_and_the_coach_does_not(
        self, coach, athlete, api
    ):
        program_id = a_personal_program(coach, athlete, "AboutThem")

        theirs = exported(client_for(athlete).get("/api/me/export/"))
        mine = exported(api.get("/api/me/export/"))

        [program] = theirs["programs"]
        assert program["id"] == str(program_id) and program["relation"] == "athlete"
        assert program["history"][0]["data"]["title"] == "AboutThem for the athlete"
        [owned] = mine["programs"]
        assert owned["history"][0]["withheld"] is True
        assert "AboutThem" not in json.dumps(mine)

    def test_a_coachs_own_exercises_and_account_events_are_exported(self, api, coach, admin_api):
        response = api.post(
            "/api/exercises/", {"names": {"en": "My Lift"}, "category": "squat"}, format="json"
        )
        assert response.status_code == 201
        roles = {"roles": ["coach", "athlete"]}
        admin_api.put(f"/api/admin/users/{coach.id}/roles/", roles, format="json")

        document = exported(api.get("/api/me/export/"))

        assert [e["names"]["en"] for e in document["exercises"]] == ["My Lift"]
        types = {event["type"] for event in document["events"]}
        assert {"Exercise.Created", "Account.RolesChanged"} <= types

    def test_an_admin_exports_anyone_and_the_export_is_recorded(self, admin_api, coach, api):
        Editor.create(api, title="Visible to the admin's export")

        document = exported(admin_api.post(f"/api/admin/users/{coach.id}/export/"))

        assert document["person"]["id"] == str(coach.id)
        again = exported(api.get("/api/me/export/"))
        assert "Account.DataExported" in {event["type"] for event in again["events"]}

    def test_only_the_person_or_an_admin_may_export(self, api, other_coach):
        assert APIClient().get("/api/me/export/").status_code == 401
        response = api.post(f"/api/admin/users/{other_coach.id}/export/")
        assert response.status_code == 403
        assert response["Content-Type"] == "application/problem+json"

    def test_exporting_an_unknown_person_is_404(self, admin_api):
        assert admin_api.post(f"/api/admin/users/{uuid.uuid4()}/export/").status_code == 404


def api_history(client, program_id) -> list[dict]:
    response = client.get("/api/audit/events/", {"stream": str(program_id)})
    assert response.status_code == 200, response.content
    return response.json()["results"]


def erase(admin_api, user, **body):
    body = {"confirm": str(user.id), **body}
    return admin_api.post(f"/api/admin/users/{user.id}/erase/", body, format="json")


class TestErasure:
    def test_erasure_needs_the_persons_id_as_confirmation(self, admin_api, coach):
        assert erase(admin_api, coach, confirm=str(uuid.uuid4())).status_code == 400
        assert admin_api.post(f"/api/admin/users/{coach.id}/erase/").status_code == 400
        assert client_for(coach).get("/api/auth/me/").status_code == 200

    def test_only_admins_erase(self, api, other_coach):
        assert erase(api, other_coach).status_code == 403
        assert erase(APIClient(), other_coach).status_code == 401

    def test_an_erased_persons_text_reads_as_erased_and_their_account_is_gone(
        self, admin_api, api, coach, exercises
    ):
        editor = a_written_program(api, exercises, "Gone")

        response = erase(admin_api, coach)

        assert response.status_code == 200, response.content
        assert response.json()["streams"] >= 1
        document = builder().repository.get(uuid.UUID(editor.id))
        assert document.title == "[erased]" and document.version == 7
        assert api.get("/api/auth/me/").status_code == 401
        coach.refresh_from_db()
        assert (coach.display_name, coach.is_active, coach.has_usable_password()) == (
            "[erased]",
            False,
            False,
        )
        assert coach.email.endswith("@erased.invalid")
        assert verify_chain().ok

    def test_a_second_erasure_is_refused(self, admin_api, coach):
        assert erase(admin_api, coach).status_code == 200
        response = erase(admin_api, coach)
        assert response.status_code == 409
        assert admin_api.post(f"/api/admin/users/{coach.id}/export/").status_code == 409

    def test_the_last_admin_cannot_be_erased(self, admin_api, admin):
        assert erase(admin_api, admin).status_code == 409

    def test_after_erasure_rebuilds_and_history_replay_work(self, admin_api, api, coach, exercises):
        editor = a_written_program(api, exercises, "Replayed")
        catch_up()  # the audit timeline has the events, text included
        erase(admin_api, coach)
        program_id = uuid.UUID(editor.id)
        rendered = program_queries.program_document(program_id).document

        call_command("rebuild_projections", "program_document", "exercise_catalogue")

        replayed = list(builder().events.get(program_id))
        assert [event.originator_version for event in replayed] == list(range(1, 8))
        assert replayed[0].title == "[erased]"
        rebuilt = program_queries.program_document(program_id).document
        assert rebuilt == rendered
        assert rebuilt["title"] == "[erased]" and rebuilt["version"] == 7
        history = api_history(admin_api, program_id)
        assert "Replayed" not in json.dumps(history)
        assert [entry["version"] for entry in history] == list(range(1, 8))

    def test_a_late_command_for_an_erased_athlete_is_refused_and_creates_no_key(
        self, admin_api, coach, athlete, api
    ):
        program_id = a_personal_program(coach, athlete, "Late")
        assert erase(admin_api, athlete).status_code == 200

        response = api.patch(
            f"/api/programs/{program_id}/", {"title": "New"}, format="json", HTTP_IF_MATCH='"1"'
        )

        assert response.status_code == 409
        assert response.json()["type"] == "/problems/subject-erased"
        assert builder().repository.get(program_id).version == 1
        assert not DataKey.objects.filter(subject_id=athlete.id).exists()

    def test_other_peoples_data_stays_intact(self, admin_api, api, other_api, coach, exercises):
        a_written_program(api, exercises, "Erased")
        theirs = a_written_program(other_api, exercises, "Kept")

        erase(admin_api, coach)

        document = other_api.get(f"/api/programs/{theirs.id}/").json()
        assert document["title"] == "Kept title"
        assert document["weeks"][0]["label"] == "Kept week"


def test_a_registered_context_adds_its_section_and_erases_with_the_rest(
    admin_api, admin, api, coach
):
    erased = []
    privacy.register(
        "notebook",
        export=lambda user_id: {"pages": [str(user_id)]},
        erase=lambda user_id, actor: erased.append((user_id, actor.user_id)),
    )
    try:
        document = exported(api.get("/api/me/export/"))
        assert document["sections"]["notebook"] == {"pages": [str(coach.id)]}

        assert erase(admin_api, coach).status_code == 200
        assert erased == [(coach.id, admin.id)]
    finally:
        privacy.unregister("notebook")
