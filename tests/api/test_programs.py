"""The HTTP contract of the program endpoints: status codes, ETags, problems, idempotency."""

from __future__ import annotations

import json
import uuid

import pytest

from tests.api.editing import Editor
from tests.timeline import catch_up

pytestmark = pytest.mark.django_db


def history_length(editor: Editor) -> int:
    catch_up()
    return len(editor.api.get(editor.url("history/?page_size=1000")).json()["results"])


def test_creating_a_program_answers_201_with_its_document_etag_and_position(api):
    response = api.post("/api/programs/", {"title": "Hypertrophy", "tags": ["legs"]}, format="json")

    assert response.status_code == 201
    body = response.json()
    assert body["program"]["title"] == "Hypertrophy"
    assert body["program"]["version"] == 1
    assert response["ETag"] == '"1"'
    assert response["Location"] == f"/api/programs/{body['program']['id']}/"
    assert int(response["X-Event-Position"]) == body["position"] > 0


def test_invalid_input_is_a_400_problem_with_field_errors_and_creates_nothing(api):
    response = api.post("/api/programs/", {"title": "", "units": "stone"}, format="json")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 400
    assert {"title", "units"} <= set(problem["errors"])
    assert api.get("/api/programs/").json()["count"] == 0


def test_fields_a_client_may_not_write_are_refused(api, coach):
    response = api.post(
        "/api/programs/", {"title": "Mine", "owner_id": str(uuid.uuid4())}, format="json"
    )

    assert response.status_code == 400
    assert "owner_id" in response.json()["errors"]


def test_reading_a_program_gives_its_version_as_etag(api):
    editor = Editor.create(api)

    first = api.get(editor.url())

    assert first.status_code == 200 and first["ETag"] == '"1"'


def test_an_edit_without_if_match_is_428_and_records_nothing(api):
    editor = Editor.create(api)

    response = api.post(editor.url("weeks/"), {"week_id": str(uuid.uuid4()), "position": 0})

    assert response.status_code == 428
    assert response.json()["status"] == 428
    assert history_length(editor) == 1


def test_an_edit_with_a_stale_if_match_is_412_with_the_current_etag(api):
    editor = Editor.create(api)
    editor.add_week()

    body = {"week_id": str(uuid.uuid4()), "position": 0}
    response = api.post(editor.url("weeks/"), body, format="json", HTTP_IF_MATCH='"1"')

    assert response.status_code == 412
    assert response["ETag"] == '"2"'
    assert history_length(editor) == 2


def test_a_malformed_if_match_is_400(api):
    editor = Editor.create(api)

    body = {"week_id": str(uuid.uuid4()), "position": 0}
    response = api.post(editor.url("weeks/"), body, format="json", HTTP_IF_MATCH="W/1")

    assert response.status_code == 400


def test_unknown_children_are_404_and_rule_violations_409(api, exercises):
    editor = Editor.create(api)
    week = editor.add_week()
    rest_day = editor.add_day(week, is_rest=True)

    unknown = editor.send("patch", f"weeks/{uuid.uuid4()}/", {"label": "x"}, expect=404)
    refused = editor.send(
        "post",
        "groups/",
        {"day_id": rest_day, "group_id": str(uuid.uuid4()), "position": 0},
        expect=409,
    )

    assert unknown.json()["status"] == 404
    assert refused.json()["status"] == 409
    assert history_length(editor) == 3


def test_an_invalid_prescription_is_a_400_naming_the_field(api, exercises):
    editor = Editor.create(api)
    ids = editor.one_full_week(exercises["Back Squat"])

    response = editor.send(
        "patch",
        f"entries/{ids['entry']}/",
        {"prescription": {"sets": 3, "reps": {"min": 9, "max": 2}}},
        expect=400,
    )

    assert any(field.startswith("prescription.reps") for field in response.json()["errors"])


def test_an_entry_must_refer_to_a_known_exercise(api, exercises):
    editor = Editor.create(api)
    week = editor.add_week()
    group = editor.add_group(editor.add_day(week))

    response = editor.send(
        "post",
        "entries/",
        {
            "group_id": group,
            "entry_id": str(uuid.uuid4()),
            "position": 0,
            "exercise_id": str(uuid.uuid4()),
            "prescription": {"sets": 1, "reps": "amrap"},
        },
        expect=400,
    )

    assert "exercise_id" in response.json()["errors"]


def test_every_part_can_be_changed_moved_and_removed(api, exercises):
    editor = Editor.create(api)
    first = editor.one_full_week(exercises["Back Squat"])
    second_week = editor.add_week(position=1, label="Second")
    second_day = editor.add_day(second_week)
    second_group = editor.add_group(second_day, kind="superset", label="B", rounds=3)

    editor.send("patch", f"weeks/{first['week']}/", {"label": "Intro", "phase": "Base"})
    editor.send("patch", f"days/{first['day']}/", {"title": "Legs"})
    editor.send("patch", f"groups/{first['group']}/", {"kind": "circuit", "rounds": 2})
    editor.send(
        "patch",
        f"entries/{first['entry']}/",
        {
            "notes": "Brace",
            "exercise_id": str(exercises["Deadlift"]),
            "prescription": {"sets": 5, "reps": {"min": 5, "max": 5}, "effort": {"rpe": 8}},
        },
    )
    editor.send(
        "post", f"entries/{first['entry']}/move/", {"group_id": second_group, "position": 0}
    )
    editor.send("post", f"weeks/{second_week}/move/", {"position": 0})
    editor.send("delete", f"days/{first['day']}/")

    doc = editor.document()
    assert [w["label"] for w in doc["weeks"]] == ["Second", "Intro"]
    assert doc["weeks"][1]["days"] == []
    entry = doc["weeks"][0]["days"][0]["groups"][0]["entries"][0]
    assert entry["id"] == first["entry"]
    assert entry["exercise_id"] == str(exercises["Deadlift"])
    assert entry["exercise_name"] == "Deadlift"
    assert entry["notes"] == "Brace"
    assert entry["prescription"]["effort"] == {"rpe": 8}
    assert doc["version"] == int(editor.etag.strip('"'))


def test_a_week_can_be_duplicated_with_fresh_ids(api, exercises):
    editor = Editor.create(api)
    ids = editor.one_full_week(exercises["Back Squat"])
    copy_id = str(uuid.uuid4())

    editor.send("post", f"weeks/{ids['week']}/duplicate/", {"week_id": copy_id, "position": 1})

    weeks = editor.document()["weeks"]
    assert [w["id"] for w in weeks] == [ids["week"], copy_id]
    original, copy = weeks
    assert copy["days"][0]["id"] != original["days"][0]["id"]
    copied_entry = copy["days"][0]["groups"][0]["entries"][0]
    assert copied_entry["exercise_id"] == str(exercises["Back Squat"])
    assert copied_entry["id"] != ids["entry"]


def test_publishing_freezes_versions_while_the_draft_moves_on(api, exercises):
    editor = Editor.create(api)
    ids = editor.one_full_week(exercises["Back Squat"])
    editor.send("post", "publish/")
    editor.send("patch", f"weeks/{ids['week']}/", {"label": "Changed"})
    editor.send("post", "publish/")

    versions = api.get(editor.url("versions/")).json()
    first = api.get(editor.url("versions/1/")).json()
    second = api.get(editor.url("versions/2/")).json()

    assert [v["number"] for v in versions] == [1, 2]
    assert first["weeks"][0]["label"] == ""
    assert second["weeks"][0]["label"] == "Changed"
    assert editor.document()["published_versions"] == [1, 2]
    assert api.get(editor.url("versions/3/")).status_code == 404


def test_an_empty_program_cannot_be_published(api):
    editor = Editor.create(api)

    response = editor.send("post", "publish/", expect=409)

    assert response.json()["type"].startswith("/problems/")


def test_an_archived_program_refuses_edits_until_restored(api):
    editor = Editor.create(api)
    editor.send("post", "archive/")

    editor.send("post", "weeks/", {"week_id": str(uuid.uuid4()), "position": 0}, expect=409)
    editor.send("post", "restore/")
    editor.add_week()

    assert editor.document()["status"] == "draft"
    assert api.get("/api/programs/?status=archived").json()["count"] == 0


def test_forking_a_version_copies_it_into_a_new_program_with_its_lineage(api, exercises):
    editor = Editor.create(api, title="Source")
    editor.one_full_week(exercises["Back Squat"])
    editor.send("post", "publish/")
    editor.add_week(position=1)

    response = api.post(editor.url("fork/"), {"version": 1, "title": "Copy"}, format="json")

    assert response.status_code == 201
    fork = response.json()["program"]
    assert fork["title"] == "Copy"
    assert fork["forked_from"] == {"program_id": editor.id, "version": 1}
    assert len(fork["weeks"]) == 1
    assert fork["published_versions"] == []
    assert api.get("/api/programs/").json()["count"] == 2


def test_history_lists_every_event_with_position_version_type_and_actor(api, coach):
    editor = Editor.create(api)
    editor.add_week(label="One")

    catch_up()

    items = api.get(editor.url("history/")).json()["results"]

    assert [i["type"] for i in items] == ["Created", "WeekAdded"]
    assert [i["version"] for i in items] == [1, 2]
    assert items[0]["position"] < items[1]["position"]
    assert {(i["actor"]["id"], i["actor"]["name"]) for i in items} == {(str(coach.id), "coach")}
    assert items[1]["change"]["label"] == "One"
    assert [i["summary"] for i in items] == ['Created the program "Block"', "Added week 1"]


def test_lists_filter_and_paginate(api):
    for n in range(3):
        Editor.create(api, title=f"Squat {n}")
    Editor.create(api, title="Bench")

    page = api.get("/api/programs/?q=squat&page_size=2").json()

    assert page["count"] == 3
    assert len(page["results"]) == 2
    assert page["next"] is not None
    assert api.get("/api/programs/?page_size=1000").status_code == 200
    assert api.get("/api/programs/?page=99").status_code == 404
    assert api.get("/api/programs/?status=bogus").status_code == 400


class TestIdempotency:
    def test_the_same_key_and_body_replays_the_first_response(self, api):
        body = {"title": "Once"}

        first = api.post("/api/programs/", body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
        again = api.post("/api/programs/", body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")

        assert first.status_code == again.status_code == 201
        assert again.json() == first.json()
        assert again["ETag"] == first["ETag"]
        assert api.get("/api/programs/").json()["count"] == 1

    def test_the_same_key_with_another_body_is_422_and_creates_nothing(self, api):
        api.post("/api/programs/", {"title": "A"}, format="json", HTTP_IDEMPOTENCY_KEY="k-2")

        other = api.post(
            "/api/programs/", {"title": "B"}, format="json", HTTP_IDEMPOTENCY_KEY="k-2"
        )

        assert other.status_code == 422
        assert api.get("/api/programs/").json()["count"] == 1

    def test_keys_belong_to_their_user(self, api, other_api):
        api.post("/api/programs/", {"title": "A"}, format="json", HTTP_IDEMPOTENCY_KEY="k-3")

        other = other_api.post(
            "/api/programs/", {"title": "A"}, format="json", HTTP_IDEMPOTENCY_KEY="k-3"
        )

        assert other.status_code == 201
        assert other_api.get("/api/programs/").json()["count"] == 1


class TestOwnership:
    def test_another_coach_cannot_see_or_edit_a_program(self, api, other_api, exercises):
        editor = Editor.create(api)
        ids = editor.one_full_week(exercises["Back Squat"])
        editor.send("post", "publish/")
        before = history_length(editor)

        reads = [editor.url(p) for p in ("", "versions/", "versions/1/", "history/")]
        writes = [
            ("patch", editor.url(), {"title": "Mine now"}),
            ("post", editor.url("weeks/"), {"week_id": str(uuid.uuid4()), "position": 0}),
            ("delete", editor.url(f"entries/{ids['entry']}/"), {}),
            ("post", editor.url("publish/"), {}),
            ("post", editor.url("archive/"), {}),
            ("post", editor.url("fork/"), {}),
        ]

        assert all(other_api.get(url).status_code == 404 for url in reads)
        for method, url, body in writes:
            response = getattr(other_api, method)(
                url, body, format="json", HTTP_IF_MATCH=editor.etag
            )
            assert response.status_code == 404, (method, url)
        assert other_api.get("/api/programs/").json()["count"] == 0
        assert history_length(editor) == before

    def test_anonymous_callers_get_401(self, client):
        assert client.get("/api/programs/").status_code == 401
        assert client.post("/api/programs/", {"title": "x"}).status_code == 401


class TestSessions:
    def test_a_browser_logs_in_with_csrf_and_edits_with_its_session(self, coach):
        from rest_framework.test import APIClient

        from tests.conftest import PASSWORD

        browser = APIClient(enforce_csrf_checks=True)
        browser.get("/api/auth/csrf/")
        csrf = browser.cookies["csrftoken"].value
        login = browser.post(
            "/api/auth/login/",
            {"email": coach.email, "password": PASSWORD},
            format="json",
            HTTP_X_CSRFTOKEN=csrf,
        )
        csrf = browser.cookies["csrftoken"].value

        without_token = browser.post("/api/programs/", {"title": "x"}, format="json")
        with_token = browser.post(
            "/api/programs/", {"title": "x"}, format="json", HTTP_X_CSRFTOKEN=csrf
        )

        assert login.status_code == 200
        assert browser.get("/api/auth/me/").json()["email"] == coach.email
        assert without_token.status_code == 403
        assert with_token.status_code == 201

    def test_login_without_csrf_is_refused(self, coach):
        from rest_framework.test import APIClient

        from tests.conftest import PASSWORD

        browser = APIClient(enforce_csrf_checks=True)
        response = browser.post(
            "/api/auth/login/", {"email": coach.email, "password": PASSWORD}, format="json"
        )

        assert response.status_code == 403

    def test_tokens_are_issued_for_valid_credentials_only(self, client, coach):
        from tests.conftest import PASSWORD

        url, json = "/api/auth/token/", "application/json"
        good = client.post(url, {"email": coach.email, "password": PASSWORD}, content_type=json)
        bad = client.post(url, {"email": coach.email, "password": "wrong"}, content_type=json)

        assert good.status_code == 200 and len(good.json()["token"]) == 40
        assert bad.status_code == 401


def test_creating_or_forking_onto_a_taken_id_is_409_and_changes_nothing(api, other_api):
    taken = Editor.create(api, title="First")
    source = Editor.create(other_api, title="Other's")

    again = api.post("/api/programs/", {"title": "Second", "program_id": taken.id}, format="json")
    fork = other_api.post(source.url("fork/"), {"program_id": taken.id}, format="json")

    assert (again.status_code, fork.status_code) == (409, 409)
    assert again.json()["type"] == "/problems/id-taken"
    assert taken.document()["title"] == "First"
    assert history_length(taken) == 1


def test_a_client_chosen_program_id_must_be_random(api):
    predictable = uuid.uuid5(uuid.NAMESPACE_URL, "https://example.com/someone")

    response = api.post(
        "/api/programs/", {"title": "Squatter", "program_id": str(predictable)}, format="json"
    )

    assert response.status_code == 400
    assert "program_id" in response.json()["errors"]


def test_a_body_over_the_size_limit_is_413_and_creates_nothing(api, settings):
    body = json.dumps({"title": "Big", "description": "a" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE})

    response = api.generic("POST", "/api/programs/", body, content_type="application/json")

    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    assert api.get("/api/programs/").json()["count"] == 0


def test_an_edit_preferring_a_minimal_return_answers_the_version_without_the_document(
    api, exercises
):
    editor = Editor.create(api)
    entry = editor.one_full_week(exercises["Back Squat"])["entry"]
    heavier = {"sets": 5, "reps": {"min": 3, "max": 5}}

    response = api.patch(
        editor.url(f"entries/{entry}/"),
        {"prescription": heavier},
        format="json",
        HTTP_IF_MATCH=editor.etag,
        HTTP_PREFER="return=minimal",
    )

    assert response.status_code == 200
    assert response.json() == {"position": int(response["X-Event-Position"]), "version": 6}
    assert response["ETag"] == '"6"'
    assert response["Preference-Applied"] == "return=minimal"
    document = editor.document()
    assert document["weeks"][0]["days"][0]["groups"][0]["entries"][0]["prescription"]["sets"] == 5
