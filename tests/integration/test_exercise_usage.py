"""The exercise usage worker projection: exact counts, each event applied exactly once (C9)."""

from __future__ import annotations

import pytest
from django.db import connection

from builder.wiring import builder
from projections.registry import WORKER_PROJECTIONS
from projections.worker import Engine
from tests.workload import edit_programs, usage_from_documents, usage_from_projection

pytestmark = pytest.mark.django_db(transaction=True)


def an_engine() -> Engine:
    app = builder()
    return Engine(WORKER_PROJECTIONS["exercise_usage"].construct(), app.recorder, app.mapper)


def the_events_for(engine: Engine, after: int = 0):
    return builder().recorder.select_notifications(
        start=after, limit=100_000, topics=engine.projection.topics, inclusive_of_start=False
    )


def tracked_rows(name: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM eventstore_tracking WHERE application_name = %s", [name]
        )
        return cursor.fetchone()[0]


def test_usage_counts_the_entries_of_every_program_after_random_edits(empty_event_store, coach):
    last = edit_programs(coach.id, commands=300)
    engine = an_engine()

    engine.apply_all(the_events_for(engine))

    assert usage_from_projection() == usage_from_documents()
    assert sum(usage_from_documents().values()) > 0
    assert engine.position() <= last


def test_an_event_delivered_again_is_not_applied_twice(empty_event_store, coach):
    edit_programs(coach.id, commands=80)
    engine = an_engine()
    events = the_events_for(engine)
    engine.apply_all(events)
    position, usage, rows = engine.position(), usage_from_projection(), tracked_rows(engine.name)

    applied = engine.apply_all(events[-10:] + events[:5])

    assert applied == 0
    assert engine.position() == position
    assert usage_from_projection() == usage
    assert tracked_rows(engine.name) == rows


def test_a_second_engine_resumes_where_the_first_stopped(empty_event_store, coach):
    edit_programs(coach.id, commands=60, seed=2)
    first = an_engine()
    events = the_events_for(first)
    first.apply_all(events[: len(events) // 2])

    second = an_engine()
    second.apply_all(the_events_for(second, after=second.position()))

    assert second.applied == len(events) - len(events) // 2
    assert usage_from_projection() == usage_from_documents()


def test_batches_apply_as_single_events_do_and_skip_what_was_applied(empty_event_store, coach):
    edit_programs(coach.id, commands=200, seed=3)
    engine = an_engine()
    events = the_events_for(engine)
    engine.apply_all(events[:40])

    applied = sum(
        engine.apply_batch(events[start : start + 50]) for start in range(0, len(events), 50)
    )

    assert applied == len(events) - 40
    assert engine.position() == events[-1].id
    assert usage_from_projection() == usage_from_documents()
