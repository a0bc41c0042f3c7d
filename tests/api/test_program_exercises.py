"""Programs use the library: usable exercises only, shown as they stand, in your language."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from builder.wiring import builder
from projections.registry import WORKER_PROJECTIONS
from projections.worker import Engine
from tests.api.conftest import client_for
from tests.api.editing import Editor
from tests.api.library import ExerciseEditor

pytestmark = pytest.mark.django_db

YT = "dQw4w9WgXcQ"


@pytest.fixture
def admin_api(admin):
    return client_for(admin)


@pytest.fixture
def squat(admin_api) -> ExerciseEditor:
    editor = ExerciseEditor.create(
        admin_api, "Back Squat", names={"en": "Back Squat", "de": "Kniebeuge"}
    )
    editor.link(f"https://youtu.be/{YT}", description="Sit down between the heels.")
    return editor


def entries(document: dict) -> list[dict]:
    return [
        entry
        for week in document["weeks"]
        for day in week["days"]
        for group in day["groups"]
        for entry in group["entries"]
    ]


def a_group(editor: Editor) -> str:
    return editor.add_group(editor.add_day(editor.add_week()))


def add_entry(editor: Editor, group: str, exercise_id, expect: int = 200):
    body = {
        "group_id": group,
        "entry_id": str(uuid.uuid4()),
        "position": 0,
        "exercise_id": str(exercise_id),
        "prescription": {"sets": 3, "reps": {"min": 5, "max": 5}},
    }
    return editor.send("post", "entries/", body, expect=expect)


def test_an_entry_shows_its_exercise_in_the_readers_language_with_its_video(api, squat):
    editor = Editor.create(api)
    editor.one_full_week(squat.id)

    german = api.get(editor.url(), HTTP_ACCEPT_LANGUAGE="de")
    english = api.get(editor.url())

    (entry,) = entries(german.json())
    assert german["Content-Language"] == "de"
    assert entry["exercise_name"] == "Kniebeuge"
    assert entry["exercise"]["name_language"] == "de"
    assert entry["exercise"]["video"]["embed_url"] == f"https://www.youtube-nocookie.com/embed/{YT}"
    assert entry["exercise"]["video"]["description"] == "Sit down between the heels."
    assert entries(english.json())[0]["exercise_name"] == "Back Squat"
    assert german["ETag"] == english["ETag"]


def test_a_merged_exercise_shows_its_replacement_and_resolves_to_it(api, admin_api, squat):
    old = ExerciseEditor.create(admin_api, "Barbell Squat")
    editor = Editor.create(api)
    ids = editor.one_full_week(old.id)
    editor.send("post", "publish/")

    old.send("post", "merge/", {"into": squat.id})
    add_entry(editor, ids["group"], old.id)

    shown = entries(editor.document())
    assert [e["exercise"]["id"] for e in shown] == [squat.id, squat.id]
    assert [e["exercise_name"] for e in shown] == ["Back Squat", "Back Squat"]
    assert shown[1]["exercise"]["merged_from"] == old.id
    assert shown[0]["exercise_id"] == squat.id  # recorded as the replacement
    version = entries(api.get(editor.url("versions/1/")).json())
    assert version[0]["exercise"]["id"] == squat.id


def test_an_archived_exercise_stays_in_programs_but_cannot_be_added_again(api, admin_api, squat):
    editor = Editor.create(api)
    ids = editor.one_full_week(squat.id)
    other = ExerciseEditor.create(admin_api, "Front Squat")

    squat.send("post", "archive/")
    added = add_entry(editor, ids["group"], squat.id, expect=400)
    swapped = editor.send(
        "patch", f"entries/{ids['entry']}/", {"exercise_id": squat.id}, expect=400
    )
    editor.send("patch", f"entries/{ids['entry']}/", {"exercise_id": other.id})

    assert "exercise_id" in added.json()["errors"]
    assert "exercise_id" in swapped.json()["errors"]
    assert entries(editor.document())[0]["exercise_name"] == "Front Squat"


def test_an_archived_exercise_already_in_a_program_is_marked(api, squat):
    editor = Editor.create(api)
    editor.one_full_week(squat.id)

    squat.send("post", "archive/")

    (entry,) = entries(editor.document())
    assert (entry["exercise_name"], entry["exercise"]["status"]) == ("Back Squat", "archived")


def test_a_coach_uses_own_exercises_but_never_another_coachs(api, other_api):
    mine = ExerciseEditor.create(api, "My Squat")
    theirs = ExerciseEditor.create(other_api, "Their Squat")
    editor = Editor.create(api)
    group = a_group(editor)

    add_entry(editor, group, mine.id)
    refused = add_entry(editor, group, theirs.id, expect=400)

    assert refused.json()["errors"]["exercise_id"] == ["No such exercise."]
    assert [e["exercise_name"] for e in entries(editor.document())] == ["My Squat"]


def test_reading_a_program_costs_the_same_queries_whatever_its_entries(api, squat, admin_api):
    others = [ExerciseEditor.create(admin_api, f"Lift {n}").id for n in range(5)]
    small, large = Editor.create(api), Editor.create(api)
    small.one_full_week(squat.id)
    group = a_group(large)
    for exercise_id in [squat.id, *others, *others]:
        add_entry(large, group, exercise_id)

    def queries_for(editor: Editor) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api.get(editor.url()).status_code == 200
        return len(captured)

    assert queries_for(large) == queries_for(small) == 3  # token, visible document, exercises
    assert len(entries(large.document())) == 11


def test_a_program_never_answers_304_while_its_exercises_change(api, squat):
    editor = Editor.create(api)
    add_entry(editor, a_group(editor), squat.id)
    before = api.get(editor.url())
    squat.translate("en", "High-Bar Back Squat")

    after = api.get(editor.url(), HTTP_IF_NONE_MATCH=before["ETag"])

    assert after.status_code == 200
    assert entries(after.json())[0]["exercise"]["name"] == "High-Bar Back Squat"


def usage_up_to_date() -> None:
    """Bring the exercise usage worker projection up to the end of the log, as the worker would."""
    app = builder()
    usage = Engine(WORKER_PROJECTIONS["exercise_usage"].construct(), app.recorder, app.mapper)
    usage.apply_all(app.recorder.select_notifications(start=usage.position() + 1, limit=1000))


def test_an_exercise_shows_its_new_usage_to_a_client_holding_its_etag(api, squat):
    before = api.get(squat.url())
    editor = Editor.create(api)
    add_entry(editor, a_group(editor), squat.id)
    usage_up_to_date()

    after = api.get(squat.url(), HTTP_IF_NONE_MATCH=before["ETag"])

    assert after["ETag"] == before["ETag"]  # the exercise itself did not change
    assert after.status_code == 200
    assert (before.json()["usage_count"], after.json()["usage_count"]) == (0, 1)


def test_an_exercise_counts_the_entries_of_the_exercises_merged_into_it(api, admin_api, squat):
    high_bar = ExerciseEditor.create(admin_api, "High-Bar Squat")
    editor = Editor.create(api)
    group = a_group(editor)
    add_entry(editor, group, squat.id)
    add_entry(editor, group, high_bar.id)
    add_entry(editor, group, high_bar.id)

    high_bar.send("post", "merge/", {"into": squat.id})
    usage_up_to_date()

    # The program shows all three entries as the squat now.
    program = api.get(editor.url()).json()
    assert [e["exercise"]["name"] for e in entries(program)] == ["Back Squat"] * 3
    assert api.get(squat.url()).json()["usage_count"] == 3
    assert api.get(high_bar.url()).json()["usage_count"] == 2
