"""The inline program projections: written with the events, exactly once, equal to a rebuild."""

from __future__ import annotations

import uuid

import pytest
from django.core.management import call_command
from django.db import connection

from builder.domain import Actor, StaleVersion
from builder.wiring import builder
from projections.models import ProgramDocument, ProgramSummary, ProgramWeek, PublishedVersion
from projections.queries import programs as program_queries

pytestmark = pytest.mark.django_db


def actor_for(user) -> Actor:
    return Actor(user_id=user.id, correlation_id="test")


def a_published_program(user, exercise_id, title="Program") -> uuid.UUID:
    app, actor, program_id = builder(), actor_for(user), uuid.uuid4()
    version = app.create_program(actor=actor, program_id=program_id, title=title).aggregate.version
    week, day, group = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    steps = [
        lambda v: app.add_week(
            program_id, actor=actor, expected_version=v, week_id=week, position=0
        ),
        lambda v: app.add_day(
            program_id,
            actor=actor,
            expected_version=v,
            week_id=week,
            day_id=day,
            position=0,
            title="A",
            is_rest=False,
        ),
        lambda v: app.add_group(
            program_id,
            actor=actor,
            expected_version=v,
            day_id=day,
            group_id=group,
            position=0,
            kind="straight",
            label="A",
            rounds=1,
            rest_between_rounds_s=None,
            time_cap_s=None,
            interval_s=None,
        ),
        lambda v: app.add_entry(
            program_id,
            actor=actor,
            expected_version=v,
            group_id=group,
            entry_id=uuid.uuid4(),
            position=0,
            exercise_id=exercise_id,
            exercise_name="Squat",
            prescription={"sets": 3, "reps": {"min": 5, "max": 5}},
            notes="",
        ),
        lambda v: app.publish_program(program_id, actor=actor, expected_version=v),
        lambda v: app.change_details(
            program_id, actor=actor, expected_version=v, changes={"title": f"{title} v2"}
        ),
    ]
    for step in steps:
        version = step(version).aggregate.version
    return program_id


def read_models() -> dict[str, list[tuple]]:
    return {
        "documents": sorted(
            ProgramDocument.objects.values_list("program_id", "version", "position", "document")
        ),
        "weeks": sorted(
            ProgramWeek.objects.values_list("program_id", "week_id", "position", "document")
        ),
        "summaries": sorted(
            (tuple(row.values()) for row in ProgramSummary.objects.values()),
            key=lambda r: str(r[0]),
        ),
        "versions": sorted(
            PublishedVersion.objects.values_list(
                "program_id", "number", "published_at", "published_by", "document"
            )
        ),
    }


def tracked_position() -> int | None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT max(notification_id) FROM eventstore_tracking WHERE application_name = %s",
            ["program_document"],
        )
        return cursor.fetchone()[0]


def test_each_command_updates_the_document_and_records_its_position(coach, exercises):
    program_id = a_published_program(coach, exercises["Back Squat"])

    row = program_queries.program_document(program_id)
    assert row.version == 7
    assert row.document["title"] == "Program v2"
    assert row.position == tracked_position() == builder().recorder.max_notification_id()
    assert (
        PublishedVersion.objects.get(program_id=program_id, number=1).document["title"] == "Program"
    )


def test_a_refused_command_changes_no_read_model(coach, exercises):
    program_id = a_published_program(coach, exercises["Back Squat"])
    before = read_models()

    with pytest.raises(StaleVersion):
        builder().rename_program(program_id, actor=actor_for(coach), expected_version=1, title="x")

    assert read_models() == before


def test_a_rebuild_produces_identical_rows(coach, other_coach, exercises):
    for n in range(3):
        a_published_program(coach, exercises["Back Squat"], title=f"Coach {n}")
    a_published_program(other_coach, exercises["Deadlift"], title="Other")
    live, position = read_models(), tracked_position()

    call_command("rebuild_projections", "program_document")

    assert read_models() == live
    assert tracked_position() == position
