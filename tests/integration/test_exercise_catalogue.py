"""The exercise catalogue: written with the library's events, following merges, rebuildable."""

from __future__ import annotations

import uuid

import pytest
from django.core.management import call_command
from django.db import connection

from builder.domain import Actor, StaleVersion
from builder.wiring import library
from projections.models import CatalogueExercise
from projections.queries import exercises as exercise_queries

pytestmark = pytest.mark.django_db


def actor_for(user) -> Actor:
    return Actor(user_id=user.id, correlation_id="test")


def create(user, name: str, scope: str = "system", **fields) -> uuid.UUID:
    exercise_id = uuid.uuid4()
    library().create_exercise(
        actor=actor_for(user),
        exercise_id=exercise_id,
        scope=scope,
        names={"en": name, **fields.pop("names", {})},
        category=fields.pop("category", "squat"),
        **fields,
    )
    return exercise_id


def version(exercise_id) -> int:
    return exercise_queries.exercise_version(exercise_id)


def merge(user, source, target) -> None:
    library().merge_exercise(
        source, actor=actor_for(user), expected_version=version(source), into_id=target
    )


def tracked_position() -> int | None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT max(notification_id) FROM eventstore_tracking WHERE application_name = %s",
            ["exercise_catalogue"],
        )
        return cursor.fetchone()[0]


def catalogue() -> list[tuple]:
    columns = [f.name for f in CatalogueExercise._meta.fields if f.name != "search"]
    rows = sorted(CatalogueExercise.objects.values_list(*columns), key=lambda r: str(r[0]))
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, search::text FROM projections_exercise_catalogue ORDER BY id")
        return [*rows, *cursor.fetchall()]


def test_each_command_writes_the_row_and_records_its_position(admin):
    exercise_id = create(admin, "Back Squat", names={"de": "Kniebeuge"})
    saved = library().link_media(
        exercise_id,
        actor=actor_for(admin),
        expected_version=1,
        media_id=uuid.uuid4(),
        url="https://youtu.be/dQw4w9WgXcQ",
    )

    row = CatalogueExercise.objects.get(id=exercise_id)
    assert (row.version, row.name, row.names) == (
        2,
        "Back Squat",
        {"de": "Kniebeuge", "en": "Back Squat"},
    )
    assert row.has_video and row.primary_media["video_id"] == "dQw4w9WgXcQ"
    assert row.position == saved.position == tracked_position()


def test_a_refused_command_changes_no_row(admin):
    exercise_id = create(admin, "Back Squat")
    before = catalogue()

    with pytest.raises(StaleVersion):
        library().archive_exercise(exercise_id, actor=actor_for(admin), expected_version=7)

    assert catalogue() == before


def test_a_chain_of_merges_ends_at_the_exercise_that_stands(admin):
    first, second, third = (create(admin, name) for name in ("Squat A", "Squat B", "Squat C"))

    merge(admin, first, second)
    merge(admin, second, third)

    replaced = dict(CatalogueExercise.objects.values_list("id", "replaced_by"))
    assert replaced == {first: third, second: third, third: None}


def test_a_rebuild_produces_identical_rows_and_position(admin, coach):
    names = ("Back Squat", "Front Squat", "Goblet Squat", "Split Squat")
    ids = [create(admin, name, names={"de": f"{name} (de)"}, aliases={"en": [f"{name} alias"]})
           for name in names]  # fmt: skip
    own = create(coach, "Tempo Squat", scope="coach", equipment=["barbell"])
    library().link_media(
        ids[0],
        actor=actor_for(admin),
        expected_version=1,
        media_id=uuid.uuid4(),
        url="https://vimeo.com/76979871",
    )
    # Merged later into an exercise that is itself merged later: the log order and the
    # order of streams in a rebuild differ.
    merge(admin, ids[2], ids[1])
    merge(admin, ids[1], ids[3])
    merge(coach, own, ids[3])
    library().archive_exercise(ids[0], actor=actor_for(admin), expected_version=2)
    live, position = catalogue(), tracked_position()

    call_command("rebuild_projections", "exercise_catalogue")

    assert catalogue() == live
    assert tracked_position() == position


def test_search_finds_names_and_aliases_in_any_language_without_case_or_accents(admin):
    bench = create(admin, "Bench Press", names={"de": "Bankdrücken"}, category="push")
    row = create(admin, "Barbell Row", names={"de": "Langhantelrudern"}, category="pull",
                 aliases={"de": ["Vorgebeugtes Rudern"]})  # fmt: skip
    create(admin, "Deadlift", names={"de": "Kreuzheben"}, category="hinge")

    def found(q: str) -> set:
        rows = exercise_queries.filter_exercises(
            exercise_queries.visible_exercises(admin.id), language="en", q=q
        )
        return {r.id for r in rows}

    assert found("bankdrücken") == found("BANKDRUCKEN") == found("Bench") == {bench}
    assert found("drück") == {bench}  # inside a German compound word
    assert found("gebeugtes rud") == {row}  # an alias, words in any order
    assert found("rudern bench") == set()
    assert found("!!!") == set()
