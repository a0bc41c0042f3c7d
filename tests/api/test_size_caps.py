"""Requirement A14: one request cannot multiply a program past its caps (entries and bytes per
program, bytes per event), and a page of history is bounded in bytes as well as in count.

The caps are lowered here so that a few requests reach them; each refusal is a 409 naming the
limit in its problem type, and records nothing."""

from __future__ import annotations

import uuid

import pytest

from builder.wiring import builder
from eventstore.models import EventRecord
from tests.api.editing import Editor
from tests.timeline import catch_up

pytestmark = pytest.mark.django_db


@pytest.fixture
def caps(monkeypatch):
    """Sets the process's caps for the test (the applications are built once per process)."""

    def cap(*, entries=None, program_bytes=None, event_bytes=None):
        app = builder()
        if entries is not None:
            monkeypatch.setattr(app, "max_entries", entries)
        if program_bytes is not None:
            monkeypatch.setattr(app.program_documents, "max_bytes", program_bytes)
        if event_bytes is not None:
            monkeypatch.setattr(app.recorder, "max_event_bytes", event_bytes)

    return cap


def events() -> int:
    return EventRecord.objects.count()


def duplicate(editor: Editor, week_id: str, expect: int = 200):
    body = {"week_id": str(uuid.uuid4()), "position": 0}
    return editor.send("post", f"weeks/{week_id}/duplicate/", body, expect=expect)


def refused_without_a_trace(response, problem_type: str, before: int) -> None:
    assert response.status_code == 409, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["type"] == f"/problems/{problem_type}"
    assert events() == before


def test_duplicating_a_week_past_the_entries_a_program_may_hold_is_409(api, exercises, caps):
    editor = Editor.create(api)
    ids = editor.one_full_week(exercises["Back Squat"])
    editor.add_entry(ids["group"], exercises["Deadlift"], position=1)
    caps(entries=5)
    duplicate(editor, ids["week"])  # 4 entries
    before = events()

    refused = duplicate(editor, ids["week"], expect=409)  # would be 6

    refused_without_a_trace(refused, "too-many-entries", before)
    assert "5" in refused.json()["detail"]
    assert len(editor.document()["weeks"]) == 2


def test_adding_an_entry_past_the_cap_is_409_and_the_next_edit_still_works(api, exercises, caps):
    editor = Editor.create(api)
    ids = editor.one_full_week(exercises["Back Squat"])
    caps(entries=1)
    before = events()

    refused = editor.api.post(
        editor.url("entries/"),
        {
            "group_id": ids["group"],
            "entry_id": str(uuid.uuid4()),
            "position": 0,
            "exercise_id": str(exercises["Deadlift"]),
            "prescription": {"sets": 3, "reps": {"min": 5, "max": 5}, "load": {"type": "none"}},
        },
        format="json",
        HTTP_IF_MATCH=editor.etag,
    )

    refused_without_a_trace(refused, "too-many-entries", before)
    editor.send("patch", f"weeks/{ids['week']}/", {"label": "Still editable"})


def test_a_program_document_past_its_bytes_is_409(api, exercises, caps):
    editor = Editor.create(api)
    ids = editor.one_full_week(exercises["Back Squat"])
    editor.send("patch", f"entries/{ids['entry']}/", {"notes": "n" * 4000})
    size = len(editor.api.get(editor.url()).content)
    caps(program_bytes=size + 1000)
    before = events()

    refused = duplicate(editor, ids["week"], expect=409)

    refused_without_a_trace(refused, "program-too-large", before)
    assert len(editor.api.get(editor.url()).content) == size


def test_a_fork_recording_more_bytes_than_an_event_may_hold_is_409(api, exercises, caps):
    editor = Editor.create(api)
    ids = editor.one_full_week(exercises["Back Squat"])
    editor.send("patch", f"entries/{ids['entry']}/", {"notes": "n" * 4000})
    caps(event_bytes=3000)
    before = events()

    refused = api.post(editor.url("fork/"), {}, format="json")

    refused_without_a_trace(refused, "event-too-large", before)
    assert refused.json()["limit"] == 3000


def test_history_pages_are_bounded_in_bytes_and_the_cursor_reaches_every_event(
    api, exercises, settings
):
    editor = Editor.create(api)
    ids = editor.one_full_week(exercises["Back Squat"])
    for number in range(6):
        editor.send("patch", f"entries/{ids['entry']}/", {"notes": f"{number}" * 3000})
    catch_up()
    everything = api.get(editor.url("history/?page_size=1000")).json()["results"]
    settings.HISTORY_PAGE_MAX_BYTES = 7000

    pages, url = [], editor.url("history/?page_size=1000")
    while url:
        answer = api.get(url)
        assert answer.status_code == 200, answer.content
        pages.append(answer.json()["results"])
        assert len(answer.content) < 7000 + 4000  # the page's events, its links, one event over
        url = answer.json()["next"]

    assert len(pages) > 2
    assert all(len(page) >= 1 for page in pages)
    assert [entry["position"] for page in pages for entry in page] == [
        entry["position"] for entry in everything
    ]
