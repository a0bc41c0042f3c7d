"""The worker takes program snapshots after the commit; commands never take one."""

from __future__ import annotations

import uuid
from unittest.mock import patch

import psycopg
import pytest
from django.db import OperationalError, connection

from builder.domain import Actor
from builder.services.privacy import erase_person
from builder.wiring import builder
from eventstore.keyvault import COPYING_LOCK
from projections.program_snapshots import NAME
from projections.registry import WORKER_PROJECTIONS
from projections.stored_aggregates import event_store_application
from projections.worker import Engine
from tests.database import test_database_url
from tests.snapshots import snapshot_engine, take_snapshots

pytestmark = pytest.mark.django_db

ACTOR = Actor(user_id=uuid.UUID(int=99), correlation_id="test")


def a_program_with_versions(count: int, actor: Actor = ACTOR) -> uuid.UUID:
    """A program whose last version is `count`: created, then a week added per version."""
    app, program_id = builder(), uuid.uuid4()
    version = app.create_program(actor=actor, program_id=program_id, title="Long").aggregate.version
    while version < count:
        version = app.add_week(
            program_id, actor=actor, expected_version=version, week_id=uuid.uuid4()
        ).aggregate.version
    return program_id


def snapshot_versions(program_id: uuid.UUID) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT originator_version FROM eventstore_snapshots WHERE originator_id = %s"
            " ORDER BY originator_version",
            [program_id],
        )
        return [version for (version,) in cursor.fetchall()]


def replayed(program_id: uuid.UUID, version: int):
    program = None
    for event in builder().events.get(program_id, lte=version):
        program = event.mutate(program)
    return program


def test_a_command_reaching_the_interval_leaves_the_snapshot_to_the_worker(settings):
    settings.EVENTSTORE = {**settings.EVENTSTORE, "PROGRAM_SNAPSHOT_INTERVAL": "5"}
    program_id = a_program_with_versions(12)

    assert snapshot_versions(program_id) == []

    take_snapshots()

    assert snapshot_versions(program_id) == [5, 10]
    from_snapshot = builder().program_as_of(program_id, 11)
    assert from_snapshot.structure() == replayed(program_id, 11).structure()


def test_events_delivered_again_take_no_second_snapshot(settings):
    settings.EVENTSTORE = {**settings.EVENTSTORE, "PROGRAM_SNAPSHOT_INTERVAL": "5"}
    program_id = a_program_with_versions(6)
    engine = snapshot_engine()
    take_snapshots(engine)
    app = builder()

    engine.apply_all(app.recorder.select_notifications(start=1, limit=100))

    assert snapshot_versions(program_id) == [5]


def test_a_backlog_takes_only_each_programs_last_snapshot_due(settings):
    settings.EVENTSTORE = {**settings.EVENTSTORE, "PROGRAM_SNAPSHOT_INTERVAL": "5"}
    first, second = a_program_with_versions(17), a_program_with_versions(9)

    take_snapshots(batch=True)

    assert snapshot_versions(first) == [15]
    assert snapshot_versions(second) == [5]
    assert builder().repository.get(first).structure() == replayed(first, 17).structure()


def test_a_snapshot_taken_already_at_that_version_is_left_as_it_is(settings):
    settings.EVENTSTORE = {**settings.EVENTSTORE, "PROGRAM_SNAPSHOT_INTERVAL": "5"}
    program_id = a_program_with_versions(5)
    builder().take_snapshot(program_id, version=5)  # by hand, as an operator's tool could

    take_snapshots()

    assert snapshot_versions(program_id) == [5]


def test_an_interval_of_zero_takes_no_snapshots(settings):
    settings.EVENTSTORE = {**settings.EVENTSTORE, "PROGRAM_SNAPSHOT_INTERVAL": "0"}
    program_id = a_program_with_versions(6)

    assert take_snapshots() > 0
    assert snapshot_versions(program_id) == []


class CountingMapper:
    """The application's mapper, counting the events it decodes."""

    def __init__(self, mapper) -> None:
        self.mapper, self.decoded = mapper, 0

    def to_domain_event(self, stored):
        self.decoded += 1
        return self.mapper.to_domain_event(stored)


def test_only_the_events_due_for_a_snapshot_are_decoded(settings):
    settings.EVENTSTORE = {**settings.EVENTSTORE, "PROGRAM_SNAPSHOT_INTERVAL": "5"}
    a_program_with_versions(12)
    app, mapper = builder(), CountingMapper(builder().mapper)
    engine = Engine(WORKER_PROJECTIONS[NAME].construct(), app.recorder, mapper)

    take_snapshots(engine)

    assert mapper.decoded == 2  # versions 5 and 10 of the 12
    assert engine.position() == app.recorder.max_notification_id()


def test_a_program_of_an_erased_owner_gets_no_snapshot_and_the_others_go_on(settings, coach):
    settings.EVENTSTORE = {**settings.EVENTSTORE, "PROGRAM_SNAPSHOT_INTERVAL": "5"}
    theirs = a_program_with_versions(6, Actor(user_id=coach.id, correlation_id="test"))
    erase_person(coach.id, actor=ACTOR)
    others = a_program_with_versions(6)

    take_snapshots()

    assert snapshot_versions(theirs) == []  # their key is gone: loads fold the events
    assert snapshot_versions(others) == [5]


def test_an_erasure_waits_for_a_snapshot_being_taken(coach):
    """The worker holds erasures off from before it reads a program until it has written the
    snapshot, so no text read before an erasure is written after it."""
    with psycopg.connect(test_database_url(), autocommit=False) as worker:
        worker.execute("SELECT pg_advisory_xact_lock_shared(%s, %s)", COPYING_LOCK)
        with (
            patch("builder.services.privacy.erasure.ERASURE_LOCK_TIMEOUT", "200ms"),
            pytest.raises(OperationalError, match="lock timeout"),
        ):
            erase_person(coach.id, actor=ACTOR)
        worker.rollback()

    erase_person(coach.id, actor=ACTOR)  # once the snapshot is written


def test_a_snapshot_taken_meanwhile_by_someone_else_is_no_failure(settings):
    settings.EVENTSTORE = {**settings.EVENTSTORE, "PROGRAM_SNAPSHOT_INTERVAL": "5"}
    program_id = a_program_with_versions(6)
    builder().take_snapshot(program_id, version=5)
    engine = snapshot_engine()
    view = engine.projection.view
    view._store = event_store_application()

    # As if the other snapshot committed between the check and the write: the worker's store
    # finds no snapshot, then meets the one stored.
    with patch.object(view._store.snapshots.recorder, "select_events", return_value=[]):
        take_snapshots(engine)

    assert snapshot_versions(program_id) == [5]
    assert engine.position() == builder().recorder.max_notification_id()
