"""The program as it was (by version or time) and the diff of two versions, over HTTP."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tests.api.editing import Editor
from tests.timeline import catch_up

pytestmark = pytest.mark.django_db


def state(editor: Editor, **query):
    return editor.api.get(editor.url("state/"), query)


def times(editor: Editor) -> list[str]:
    catch_up()
    return [item["time"] for item in editor.api.get(editor.url("history/")).json()["results"]]


def test_the_state_at_a_version_is_the_program_document_as_it_was(api):
    editor = Editor.create(api, title="Base")
    week = editor.add_week(label="One")
    editor.send("patch", "", {"title": "Renamed"})

    first, second, now = (state(editor, version=n) for n in (1, 2, 3))

    assert first.status_code == second.status_code == now.status_code == 200
    assert first.json()["version"] == 1 and first.json()["weeks"] == []
    assert second.json()["title"] == "Base"
    assert [w["id"] for w in second.json()["weeks"]] == [week]
    assert now.json() == editor.document()


def test_as_of_finds_the_last_version_at_or_before_the_time(api):
    editor = Editor.create(api)
    editor.add_week()
    editor.add_week()
    created, first_week, _ = times(editor)

    at_event = state(editor, as_of=first_week)
    just_before = state(editor, as_of=_shift(first_week, microseconds=-1))
    later = state(editor, as_of=_shift(created, days=365))

    assert at_event.json()["version"] == 2
    assert just_before.json()["version"] == 1
    assert later.json()["version"] == 3


def test_a_time_before_the_program_existed_or_an_unknown_version_is_404(api):
    editor = Editor.create(api)
    (created,) = times(editor)

    before = state(editor, as_of=_shift(created, seconds=-1))
    beyond = state(editor, version=2)

    assert before.status_code == beyond.status_code == 404
    assert before["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"version": 1, "as_of": "2025-01-01T00:00:00Z"},
        {"version": 0},
        {"version": "one"},
        {"version": 10**12},
        {"as_of": "yesterday"},
    ],
)
def test_state_needs_exactly_one_valid_version_or_time(api, query):
    editor = Editor.create(api)

    response = state(editor, **query)

    assert response.status_code == 400
    assert response.json()["status"] == 400


def test_other_coaches_cannot_see_the_past_of_a_program(api, other_api):
    editor = Editor.create(api)

    as_state = other_api.get(editor.url("state/"), {"version": 1})
    as_diff = other_api.get(editor.url("diff/"), {"from": 1, "to": 1})

    assert as_state.status_code == as_diff.status_code == 404


def test_the_diff_names_what_was_added_removed_moved_and_changed(api):
    editor = Editor.create(api, title="Base")
    first = editor.add_week(label="One")
    second = editor.add_week(position=1, label="Two")
    doomed = editor.add_week(position=2, label="Three")
    start = 4
    day = editor.add_day(first)
    editor.send("patch", f"weeks/{second}/", {"label": "Deload"})
    editor.send("post", f"weeks/{first}/move/", {"position": 1})
    editor.send("delete", f"weeks/{doomed}/")
    editor.send("patch", "", {"title": "Peak"})

    response = api.get(editor.url("diff/"), {"from": start, "to": 9})

    assert response.status_code == 200
    diff = response.json()
    assert (diff["from"], diff["to"]) == (start, 9)
    assert diff["details"] == {"title": {"old": "Base", "new": "Peak"}}
    assert diff["added"] == [{"level": "day", "id": day, "parent_id": first, "position": 0}]
    assert [(n["level"], n["id"]) for n in diff["removed"]] == [("week", doomed)]
    assert len(diff["moved"]) == 1 and diff["moved"][0]["level"] == "week"
    assert diff["changed"] == [
        {"level": "week", "id": second, "fields": {"label": {"old": "Two", "new": "Deload"}}}
    ]


def test_a_diff_needs_two_known_versions(api):
    editor = Editor.create(api)

    missing = api.get(editor.url("diff/"), {"from": 1})
    invalid = api.get(editor.url("diff/"), {"from": "x", "to": 1})
    unknown = api.get(editor.url("diff/"), {"from": 1, "to": 5})
    same = api.get(editor.url("diff/"), {"from": 1, "to": 1})

    assert missing.status_code == invalid.status_code == 400
    assert unknown.status_code == 404
    assert same.json() == {
        "from": 1,
        "to": 1,
        "details": {},
        "added": [],
        "removed": [],
        "moved": [],
        "changed": [],
    }


def _shift(iso: str, **delta) -> str:
    return (datetime.fromisoformat(iso) + timedelta(**delta)).isoformat()
