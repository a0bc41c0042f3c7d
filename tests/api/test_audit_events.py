"""The audit log over HTTP: auditors and admins read every event, filtered and page by page."""

from __future__ import annotations

import uuid
from urllib.parse import urlparse

import pytest
from django.utils import timezone

from builder.models import Role, User
from tests.api.conftest import client_for
from tests.api.editing import Editor
from tests.timeline import catch_up

pytestmark = pytest.mark.django_db

EVENTS = "/api/audit/events/"
GERMAN = {"HTTP_ACCEPT_LANGUAGE": "de"}


@pytest.fixture
def auditor(make_user):
    return make_user("Audrey", roles=(Role.AUDITOR,))


@pytest.fixture
def auditor_api(auditor):
    return client_for(auditor)


def a_program_with_two_weeks(api) -> Editor:
    editor = Editor.create(api, title="Block")
    editor.add_week(label="One")
    editor.add_week(position=1, label="Two")
    catch_up()
    return editor


def every_page(client, url: str) -> list[dict]:
    items = []
    while url:
        page = client.get(url)
        assert page.status_code == 200, page.content
        items += page.json()["results"]
        following = page.json()["next"]
        url = f"{urlparse(following).path}?{urlparse(following).query}" if following else None
    return items


def test_an_auditor_reads_every_event_with_actor_and_summary(api, coach, auditor_api):
    editor = a_program_with_two_weeks(api)

    items = auditor_api.get(EVENTS, {"stream": editor.id}).json()["results"]

    assert [i["summary"] for i in items] == [
        'Created the program "Block"',
        "Added week 1",
        "Added week 2",
    ]
    first = items[0]
    assert first["stream_id"] == editor.id and first["stream_kind"] == "program"
    assert (first["version"], first["type"]) == (1, "Created")
    assert first["actor"] == {"id": str(coach.id), "name": "coach"}
    assert first["change"]["title"] == "Block"
    assert first["correlation_id"]
    assert "email" not in str(items)


def test_events_record_the_servers_correlation_id_and_never_the_clients_request_id(
    api, auditor_api
):
    created = api.post(
        "/api/programs/", {"title": "Block"}, format="json", HTTP_X_REQUEST_ID="req-chosen-7"
    )
    catch_up()

    [item] = auditor_api.get(EVENTS, {"stream": created.json()["program"]["id"]}).json()["results"]
    assert created["X-Request-ID"] == "req-chosen-7"
    assert item["correlation_id"] == created["X-Correlation-ID"] != "req-chosen-7"


def test_summaries_follow_accept_language(api, auditor_api):
    editor = a_program_with_two_weeks(api)

    items = auditor_api.get(EVENTS, {"stream": editor.id}, **GERMAN).json()["results"]

    assert [i["summary"] for i in items][1:] == ["Woche 1 hinzugefügt", "Woche 2 hinzugefügt"]


def test_admins_may_read_it_too_and_nobody_else(api, admin, make_user, client):
    a_program_with_two_weeks(api)
    athlete = make_user("athlete", roles=(Role.ATHLETE,))

    assert client_for(admin).get(EVENTS).status_code == 200
    assert api.get(EVENTS).status_code == 403
    assert client_for(athlete).get(EVENTS).status_code == 403
    assert client.get(EVENTS).status_code == 401


def test_filters_narrow_by_stream_actor_type_kind_and_time(
    api, other_api, other_coach, auditor_api
):
    mine = a_program_with_two_weeks(api)
    theirs = a_program_with_two_weeks(other_api)
    moment = timezone.now()

    def types(**query):
        return [
            (i["stream_id"], i["type"]) for i in auditor_api.get(EVENTS, query).json()["results"]
        ]

    assert types(stream=mine.id) == [
        (mine.id, "Created"),
        (mine.id, "WeekAdded"),
        (mine.id, "WeekAdded"),
    ]
    assert {s for s, _ in types(actor=other_coach.id)} == {theirs.id}
    assert types(type="Created", kind="program") == [(mine.id, "Created"), (theirs.id, "Created")]
    assert types(kind="account") == []
    assert types(since=moment.isoformat()) == []
    assert len(types(until=moment.isoformat(), kind="program")) == 6


def test_bad_filters_are_400_and_a_forged_cursor_404(auditor_api):
    assert auditor_api.get(EVENTS, {"stream": "not-a-uuid"}).status_code == 400
    assert auditor_api.get(EVENTS, {"since": "yesterday"}).status_code == 400
    assert auditor_api.get(EVENTS, {"type": "a\x00b"}).status_code == 400
    assert auditor_api.get(EVENTS, {"cursor": "garbage"}).status_code == 404


def test_pages_follow_the_cursor_in_position_order_without_gaps_or_repeats(api, auditor_api):
    for _ in range(3):
        a_program_with_two_weeks(api)
    everything = auditor_api.get(EVENTS, {"kind": "program", "page_size": 1000}).json()["results"]

    paged = every_page(auditor_api, f"{EVENTS}?kind=program&page_size=4")

    positions = [i["position"] for i in paged]
    assert len(everything) == 9
    assert positions == [i["position"] for i in everything] == sorted(set(positions))
    assert auditor_api.get(EVENTS, {"page_size": -5}).status_code == 400


def test_an_erased_person_reads_as_a_placeholder(make_user, auditor_api):
    leaving = make_user("Leaving Soon")
    editor = a_program_with_two_weeks(client_for(leaving))
    User.objects.filter(id=leaving.id).delete()

    items = auditor_api.get(EVENTS, {"stream": editor.id}).json()["results"]

    assert {(i["actor"]["id"], i["actor"]["name"]) for i in items} == {
        (str(leaving.id), "[erased]")
    }


def test_role_changes_by_an_admin_are_in_the_log_without_personal_data(
    admin, make_user, auditor_api
):
    person = make_user("Jo Marker")
    client_for(admin).put(
        f"/api/admin/users/{person.id}/roles/", {"roles": ["coach", "athlete"]}, format="json"
    )
    catch_up()

    items = auditor_api.get(EVENTS, {"kind": "account", "type": "RolesChanged"}).json()["results"]

    [change] = items
    assert change["actor"] == {"id": str(admin.id), "name": "admin"}
    assert change["summary"] == (
        "Changed the roles to athlete, coach (granted: athlete; revoked: no roles)"
    )
    assert person.email not in str(change) and "Marker" not in str(change)


class TestProgramHistory:
    def test_the_owner_reads_the_programs_history_page_by_page(self, api, coach):
        editor = a_program_with_two_weeks(api)

        first = api.get(editor.url("history/"), {"page_size": 2}).json()
        rest = every_page(api, editor.url("history/?page_size=2"))

        assert [i["version"] for i in first["results"]] == [1, 2]
        assert first["next"] is not None
        assert [i["summary"] for i in rest] == [
            'Created the program "Block"',
            "Added week 1",
            "Added week 2",
        ]
        assert {i["actor"]["id"] for i in rest} == {str(coach.id)}

    def test_another_coach_and_anonymous_callers_cannot_read_it(self, api, other_api, client):
        editor = a_program_with_two_weeks(api)

        assert other_api.get(editor.url("history/")).status_code == 404
        assert client.get(editor.url("history/")).status_code == 401
        assert api.get(f"/api/programs/{uuid.uuid4()}/history/").status_code == 404
