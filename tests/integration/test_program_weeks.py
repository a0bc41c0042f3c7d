"""The program document stored week by week always equals a full render of the program, and an
edit rewrites only the weeks it changed."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.api.json_codec import JSONRenderer
from builder.api.presenters.programs import presented_document
from builder.domain import Actor, BuilderError
from builder.wiring import builder
from projections.models import ProgramDocument
from projections.program_document import render
from projections.queries import programs as program_queries

pytestmark = pytest.mark.django_db

RX = [
    {"sets": 5, "reps": {"min": 3, "max": 5}, "load": {"type": "percent_1rm", "percent": 85}},
    {"sets": 3, "reps": "amrap", "effort": {"rpe": 8.5}, "tempo": "31X1"},
    {"sets": 4, "distance_m": 400.5, "load": {"type": "bodyweight", "added": 10}},
]
EXERCISES = [uuid.UUID(int=1), uuid.UUID(int=2)]
ACTOR = Actor(user_id=uuid.UUID(int=99), correlation_id="test")


def replayed(program_id: uuid.UUID) -> dict[str, Any]:
    program = None
    for event in builder().events.get(program_id):
        program = event.mutate(program)
    return render(program)


def stored(program_id: uuid.UUID) -> dict[str, Any]:
    return program_queries.program_document(program_id).document


def week_row_versions(program_id: uuid.UUID) -> dict[uuid.UUID, int]:
    """Each stored week's row version (xmin): it changes whenever the row is rewritten."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT week_id, xmin::text::bigint FROM projections_program_week"
            " WHERE program_id = %s",
            [program_id],
        )
        return dict(cursor.fetchall())


def ids(program: Any) -> dict[str, list[uuid.UUID]]:
    found: dict[str, list[uuid.UUID]] = {"week": [], "day": [], "group": [], "entry": []}
    for week in program.weeks:
        found["week"].append(week.id)
        for day in week.days:
            found["day"].append(day.id)
            for group in day.groups:
                found["group"].append(group.id)
                found["entry"].extend(entry.id for entry in group.entries)
    return found


def a_command(data: st.DataObject, program: Any) -> Any:
    """One random command on `program`: reshaping ones and ones that change a node's fields."""
    app, pid, v = builder(), program.id, program.version
    at = {"actor": ACTOR, "expected_version": v}
    known = ids(program)

    def pick(level: str) -> uuid.UUID:
        return data.draw(st.sampled_from(known[level] or [uuid.uuid4()]))

    def position() -> int:
        return data.draw(st.integers(0, 2))

    text = st.sampled_from(["", "Heavy", "Deload", "Brace hard"])
    commands = {
        "add_week": lambda: app.add_week(pid, **at, week_id=uuid.uuid4(), position=position()),
        "add_day": lambda: app.add_day(
            pid, **at, week_id=pick("week"), day_id=uuid.uuid4(), position=position()
        ),
        "add_group": lambda: app.add_group(
            pid, **at, day_id=pick("day"), group_id=uuid.uuid4(), position=position()
        ),
        "add_entry": lambda: app.add_entry(
            pid,
            **at,
            group_id=pick("group"),
            entry_id=uuid.uuid4(),
            position=position(),
            exercise_id=EXERCISES[0],
            exercise_name="Squat",
            prescription=data.draw(st.sampled_from(RX)),
        ),
        "change_entry": lambda: app.change_entry(
            pid,
            **at,
            entry_id=pick("entry"),
            **data.draw(
                st.fixed_dictionaries(
                    {},
                    optional={
                        "prescription": st.sampled_from(RX),
                        "notes": text,
                        "exercise_id": st.sampled_from(EXERCISES),
                    },
                )
            ),
            exercise_name="Front Squat",
        ),
        "change_group": lambda: app.change_group(
            pid,
            **at,
            group_id=pick("group"),
            kind=data.draw(st.sampled_from(["straight", "superset", "circuit"])),
            label=data.draw(text),
            rounds=data.draw(st.integers(1, 5)),
        ),
        "change_day": lambda: app.change_day(
            pid, **at, day_id=pick("day"), title=data.draw(text), is_rest=data.draw(st.booleans())
        ),
        "change_week": lambda: app.change_week(
            pid, **at, week_id=pick("week"), label=data.draw(text), phase=data.draw(text)
        ),
        "change_details": lambda: app.change_details(
            pid,
            **at,
            changes=data.draw(
                st.fixed_dictionaries(
                    {},
                    optional={
                        "title": st.sampled_from(["Block", "Peaking"]),
                        "description": text,
                        "tags": st.lists(st.sampled_from(["strength", "barbell"]), max_size=2),
                        "units": st.sampled_from(["kg", "lb"]),
                        "notes": st.fixed_dictionaries({"focus": text}),
                    },
                )
            ),
        ),
        "move_entry": lambda: app.move_entry(
            pid, **at, entry_id=pick("entry"), group_id=pick("group"), position=position()
        ),
        "remove_entry": lambda: app.remove_entry(pid, **at, entry_id=pick("entry")),
        "remove_day": lambda: app.remove_day(pid, **at, day_id=pick("day")),
        "remove_group": lambda: app.remove_group(pid, **at, group_id=pick("group")),
        "remove_week": lambda: app.remove_week(pid, **at, week_id=pick("week")),
        "move_day": lambda: app.move_day(
            pid, **at, day_id=pick("day"), week_id=pick("week"), position=position()
        ),
        "move_group": lambda: app.move_group(
            pid, **at, group_id=pick("group"), day_id=pick("day"), position=position()
        ),
        "move_week": lambda: app.move_week(pid, **at, week_id=pick("week"), position=position()),
        "duplicate_week": lambda: app.duplicate_week(
            pid, **at, source_week_id=pick("week"), week_id=uuid.uuid4(), position=position()
        ),
        "publish": lambda: app.publish_program(pid, **at),
        "archive": lambda: app.archive_program(pid, **at),
        "restore": lambda: app.restore_program(pid, **at),
    }
    return commands[data.draw(st.sampled_from(sorted(commands)))]


def seed_weeks() -> list[dict[str, Any]]:
    """Three weeks of two days of two groups of two entries, so every command has targets."""

    def node(children: str, make: Any, **fields: Any) -> dict[str, Any]:
        return {"id": str(uuid.uuid4()), **fields, children: [make() for _ in range(2)]}

    def entry() -> dict[str, Any]:
        return {
            "id": str(uuid.uuid4()),
            "exercise_id": str(EXERCISES[1]),
            "exercise_name": "Deadlift",
            "prescription": RX[2],
            "notes": "",
        }

    def group() -> dict[str, Any]:
        return node("entries", entry, kind="straight", label="A", rounds=1)

    def day() -> dict[str, Any]:
        return node("groups", group, title="Day", is_rest=False)

    return [node("days", day, label="Week", phase="") for _ in range(3)]


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_the_stored_document_equals_a_full_render_after_any_command_sequence(data):
    program = (
        builder()
        .create_program(actor=ACTOR, program_id=uuid.uuid4(), title="B", weeks=seed_weeks())
        .aggregate
    )
    for _ in range(data.draw(st.integers(5, 30))):
        try:
            program = a_command(data, program)().aggregate
        except BuilderError:
            program = builder().repository.get(program.id)
        assert stored(program.id) == replayed(program.id)


def a_program_of_three_weeks() -> Any:
    return (
        builder()
        .create_program(actor=ACTOR, program_id=uuid.uuid4(), title="B", weeks=seed_weeks())
        .aggregate
    )


def test_a_prescription_change_rewrites_only_the_week_that_holds_the_entry():
    program = a_program_of_three_weeks()
    middle = program.weeks[1]
    before = week_row_versions(program.id)

    builder().change_prescription(
        program.id,
        actor=ACTOR,
        expected_version=1,
        entry_id=middle.days[1].groups[0].entries[1].id,
        prescription=RX[1],
    )

    after = week_row_versions(program.id)
    assert [week.id for week in program.weeks if after[week.id] != before[week.id]] == [middle.id]
    assert stored(program.id) == replayed(program.id)


def test_moving_a_week_rewrites_the_weeks_whose_position_changed_and_no_other():
    program = a_program_of_three_weeks()
    first, second, third = (week.id for week in program.weeks)
    before = week_row_versions(program.id)

    builder().move_week(program.id, actor=ACTOR, expected_version=1, week_id=third, position=1)

    after = week_row_versions(program.id)
    assert after[first] == before[first]
    assert after[second] != before[second] and after[third] != before[third]
    assert [week["id"] for week in stored(program.id)["weeks"]] == [
        str(first),
        str(third),
        str(second),
    ]
    assert stored(program.id) == replayed(program.id)


def test_a_document_behind_its_program_is_written_whole_on_the_next_edit():
    program = a_program_of_three_weeks()
    ProgramDocument.objects.filter(program_id=program.id).update(version=0)
    before = week_row_versions(program.id)

    builder().rename_program(program.id, actor=ACTOR, expected_version=1, title="Renamed")

    after = week_row_versions(program.id)
    assert all(after[week_id] != before[week_id] for week_id in before)
    assert stored(program.id) == replayed(program.id)
    assert ProgramDocument.objects.get(program_id=program.id).version == 2


def test_weeks_split_from_jsonb_read_and_present_as_weeks_the_projection_wrote():
    program = a_program_of_three_weeks()
    written = program_queries.program_document(program.id)
    with connection.cursor() as cursor:  # migration 0006's form: jsonb's order and spacing
        cursor.execute(
            "UPDATE projections_program_week SET document = document::jsonb::text"
            " WHERE program_id = %s",
            [program.id],
        )
    split = program_queries.program_document(program.id)

    assert split.weeks_json != written.weeks_json
    assert split.document == written.document == replayed(program.id)
    assert presented(split) == presented(written)


def presented(stored_document: program_queries.StoredDocument) -> dict[str, Any]:
    return json.loads(JSONRenderer().render(presented_document(stored_document, "en")))
