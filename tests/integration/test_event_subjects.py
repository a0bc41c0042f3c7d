"""The index of persons: every event is indexed under the people it names by the script that
appends it, events stored before the index by its migration, and a person's export and erasure
find through it what the scan of every stored state found."""

from __future__ import annotations

import importlib
import json
import uuid

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from builder.domain import Actor
from builder.models import Role
from builder.services import privacy
from builder.wiring import builder, library
from projections.queries import exercises as exercise_queries
from tests.histories import a_coach_with_a_history

pytestmark = pytest.mark.django_db

SUBJECTS = "eventstore_event_subjects"
MIGRATION = importlib.import_module("eventstore.migrations.0005_event_subjects")


def persons_at(position: int) -> set[uuid.UUID]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT person_id FROM eventstore_event_subjects WHERE notification_id = %s", [position]
        )
        return {row[0] for row in cursor.fetchall()}


def index_of_users() -> set[tuple[uuid.UUID, int, uuid.UUID]]:
    """Every row of the index that names a user: (person, position, stream)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT person_id, notification_id, originator_id FROM eventstore_event_subjects"
            " WHERE person_id IN (SELECT id FROM builder_user)"
        )
        return set(cursor.fetchall())


def indexed_again_by_the_migration() -> None:
    """The index as if every stored event predated it: emptied, then filled by migration 0005."""
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE eventstore_event_subjects")
        MIGRATION.index_stored_events(cursor, "builder_user", "id")


def an_own_exercise(coach, name: str) -> uuid.UUID:
    exercise_id = uuid.uuid4()
    library().create_exercise(
        actor=Actor(user_id=coach.id, correlation_id="own"),
        exercise_id=exercise_id,
        scope="coach",
        names={"en": name},
        category="squat",
    )
    return exercise_id


def export_of(person) -> dict:
    document = json.loads("".join(privacy.export_person(person.id)))
    document.pop("exported_at")
    return document


def test_an_event_is_indexed_under_its_actor_its_subject_and_the_people_it_names(coach, make_user):
    athlete = make_user("athlete", roles=(Role.ATHLETE,))
    actor, program_id = Actor(user_id=coach.id, correlation_id="index"), uuid.uuid4()
    app = builder()
    created = app.create_program(
        actor=actor, program_id=program_id, title="Theirs", kind="personal", athlete_id=athlete.id
    )
    renamed = app.rename_program(program_id, actor=actor, expected_version=1, title="Still")

    assert persons_at(created.position) == {coach.id, athlete.id}
    assert persons_at(renamed.position) == {coach.id, athlete.id}


def test_the_persons_are_indexed_by_the_script_that_inserts_the_events(coach):
    actor = Actor(user_id=coach.id, correlation_id="index")

    with CaptureQueriesContext(connection) as captured:
        saved = builder().create_program(actor=actor, program_id=uuid.uuid4(), title="Mine")

    touching = [q["sql"] for q in captured.captured_queries if SUBJECTS in q["sql"]]
    assert len(touching) == 1
    assert 'INSERT INTO "eventstore_events"' in touching[0]
    assert persons_at(saved.position) == {coach.id}


def test_the_migration_indexes_stored_events_as_their_appends_did(make_user, admin, exercises):
    coach = a_coach_with_a_history(make_user, admin, exercises["Back Squat"])
    appended = index_of_users()

    indexed_again_by_the_migration()

    assert index_of_users() == appended
    assert any(person == coach.id for person, _, _ in appended)


def test_an_export_finds_events_stored_before_the_index_as_it_finds_new_ones(
    make_user, admin, exercises
):
    coach = a_coach_with_a_history(make_user, admin, exercises["Back Squat"])
    indexed_on_append = export_of(coach)

    indexed_again_by_the_migration()

    assert export_of(coach) == indexed_on_append


def test_an_erasure_reaches_events_stored_before_the_index_and_after(coach, admin):
    before = an_own_exercise(coach, "Lift from before")
    indexed_again_by_the_migration()
    after = an_own_exercise(coach, "Lift from after")

    privacy.erase_person(coach.id, actor=Actor(user_id=admin.id, correlation_id="erase"))

    assert exercise_queries.catalogue_exercise(before).names == {"en": "[erased]"}
    assert exercise_queries.catalogue_exercise(after).names == {"en": "[erased]"}


def test_the_database_refuses_to_change_or_delete_a_row_of_the_index(coach):
    actor = Actor(user_id=coach.id, correlation_id="index")
    saved = builder().create_program(actor=actor, program_id=uuid.uuid4(), title="Mine")

    for statement in (
        "UPDATE eventstore_event_subjects SET person_id = gen_random_uuid()",
        "DELETE FROM eventstore_event_subjects",
    ):
        with (
            pytest.raises(IntegrityError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)

    assert persons_at(saved.position) == {coach.id}
