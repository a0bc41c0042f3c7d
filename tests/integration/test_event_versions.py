"""Old event versions in the store (F6): upcast on read by the aggregate, rebuilds and history."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic

from builder.domain import Actor, Prescription, Program
from builder.wiring import builder
from projections.queries import programs as program_queries
from tests.api.conftest import client_for
from tests.snapshots import take_snapshots
from tests.timeline import catch_up

pytestmark = pytest.mark.django_db

FIVE_BY_FIVE = {"sets": 5, "reps": {"min": 5, "max": 5}}


def a_program_with_one_entry(user, exercise_id) -> tuple[uuid.UUID, uuid.UUID, int]:
    app, actor, program_id = builder(), Actor(user.id, "test"), uuid.uuid4()
    week, day, group, entry = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    v = app.create_program(actor=actor, program_id=program_id, title="Old").aggregate.version
    v = app.add_week(program_id, actor=actor, expected_version=v, week_id=week).aggregate.version
    v = app.add_day(
        program_id, actor=actor, expected_version=v, week_id=week, day_id=day
    ).aggregate.version
    v = app.add_group(
        program_id, actor=actor, expected_version=v, day_id=day, group_id=group
    ).aggregate.version
    saved = app.add_entry(
        program_id,
        actor=actor,
        expected_version=v,
        group_id=group,
        entry_id=entry,
        exercise_id=exercise_id,
        exercise_name="Back Squat",
        prescription={"sets": 3, "reps": {"min": 8, "max": 8}},
    )
    return program_id, entry, saved.aggregate.version


def store_v1_prescription_change(user, program_id, entry_id, version: int) -> None:
    """Append a PrescriptionChanged as the service wrote it before v2: no `previous`, no
    class_version in the stored state."""
    app = builder()
    state = {
        "timestamp": datetime(2025, 1, 6, 9, 30, tzinfo=UTC),
        "actor_id": user.id,
        "correlation_id": "old-service",
        "entry_id": entry_id,
        "prescription": _canonical(FIVE_BY_FIVE),
    }
    stored = StoredEvent(
        originator_id=program_id,
        originator_version=version + 1,
        topic=get_topic(Program.PrescriptionChanged),
        state=app.mapper.transcoder.encode(state),
    )
    app.recorder.insert_events([stored])


def _canonical(prescription: dict) -> dict:
    return Prescription.from_dict(prescription).to_dict()


def test_a_v1_prescription_change_is_upcast_for_the_aggregate(coach, exercises):
    program_id, entry_id, version = a_program_with_one_entry(coach, exercises["Back Squat"])
    store_v1_prescription_change(coach, program_id, entry_id, version)

    program = builder().repository.get(program_id)
    event = list(builder().events.get(program_id))[-1]

    assert program.version == version + 1
    assert program.find_entry(entry_id).prescription.sets == 5
    assert type(event) is Program.PrescriptionChanged and event.previous is None


def test_a_rebuild_reads_the_v1_event(coach, exercises):
    program_id, entry_id, version = a_program_with_one_entry(coach, exercises["Back Squat"])
    store_v1_prescription_change(coach, program_id, entry_id, version)

    call_command("rebuild_projections", "program_document")

    row = program_queries.program_document(program_id)
    entry = row.document["weeks"][0]["days"][0]["groups"][0]["entries"][0]
    assert row.version == version + 1
    assert entry["prescription"] == _canonical(FIVE_BY_FIVE)


def test_the_history_shows_a_v1_event_with_the_default_and_a_v2_event_with_the_old_value(
    coach, exercises
):
    program_id, entry_id, version = a_program_with_one_entry(coach, exercises["Back Squat"])
    store_v1_prescription_change(coach, program_id, entry_id, version)
    builder().change_prescription(
        program_id,
        actor=Actor(coach.id, "new-service"),
        expected_version=version + 1,
        entry_id=entry_id,
        prescription={"sets": 4, "reps": {"min": 6, "max": 6}},
    )
    call_command("rebuild_projections", "program_document")

    catch_up()
    items = client_for(coach).get(f"/api/programs/{program_id}/history/").json()["results"]

    old, new = items[-2], items[-1]
    assert old["type"] == new["type"] == "PrescriptionChanged"
    assert old["change"]["previous"] is None
    assert old["change"]["prescription"] == _canonical(FIVE_BY_FIVE)
    assert new["change"]["previous"] == _canonical(FIVE_BY_FIVE)


def test_a_past_version_after_a_snapshot_equals_a_full_replay(coach):
    app, actor, program_id = builder(), Actor(coach.id, "test"), uuid.uuid4()
    v = app.create_program(actor=actor, program_id=program_id, title="Long").aggregate.version
    for n in range(54):
        v = app.add_week(
            program_id, actor=actor, expected_version=v, week_id=uuid.uuid4(), label=f"W{n}"
        ).aggregate.version
    take_snapshots()
    assert list(app.snapshots.get(program_id)), "the interval took a snapshot"

    from_snapshot = app.program_as_of(program_id, 52)
    replayed = None
    for event in app.events.get(program_id, lte=52):
        replayed = event.mutate(replayed)

    assert from_snapshot.version == replayed.version == 52
    assert from_snapshot.structure() == replayed.structure()
