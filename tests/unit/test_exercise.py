"""The Exercise aggregate: names per language, classification, videos, archive and merge."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.domain import CanMutateAggregate

from builder.domain import (
    DuplicateMediaError,
    EnglishNameRequiredError,
    Exercise,
    ExerciseArchivedError,
    ExerciseMergedError,
    InvalidValue,
    LimitExceededError,
    MediaHosts,
    MergeRefusedError,
    UnknownMediaError,
    UnknownTranslationError,
)
from tests.unit.conftest import COACH
from tests.unit.examples import OWNER
from tests.unit.stored import replay, through_storage

HOSTS = MediaHosts()
OTHER_COACH = UUID("00000000-0000-4000-8000-0000000000c2")
EVENT_NAMES = {
    "Created",
    "TranslationSet",
    "TranslationRemoved",
    "ClassificationChanged",
    "MediaLinked",
    "MediaUnlinked",
    "MediaMadePrimary",
    "Archived",
    "Merged",
}


def a_new_exercise(**fields: Any) -> Exercise:
    """A system back squat in English and German, its creation event still pending."""
    values: dict[str, Any] = {
        "exercise_id": uuid4(),
        "scope": "system",
        "owner_id": None,
        "names": {"en": "Back Squat", "de": "Kniebeuge"},
        "aliases": {"en": ["Barbell Squat"]},
        "category": "squat",
        "equipment": ["barbell"],
        "primary_muscles": ["quadriceps", "glutes"],
        "secondary_muscles": ["adductors"],
    }
    return Exercise.create(**{**values, **fields})


def an_exercise(**fields: Any) -> Exercise:
    """As a_new_exercise, with its creation event collected."""
    exercise = a_new_exercise(**fields)
    exercise.collect_events()
    return exercise


def a_coach_exercise(owner: UUID = OWNER, **fields: Any) -> Exercise:
    return an_exercise(scope="coach", owner_id=owner, names={"en": "Tempo Squat"}, **fields)


def link(exercise: Exercise, video: str = "dQw4w9WgXcQ") -> str:
    media_id = uuid4()
    exercise.link_media(hosts=HOSTS, media_id=media_id, url=f"https://youtu.be/{video}")
    return str(media_id)


def test_an_exercise_is_created_with_its_names_classification_and_author():
    exercise_id = uuid4()

    exercise = Exercise.create(
        exercise_id=exercise_id,
        scope="system",
        owner_id=None,
        names={"EN": " Back Squat ", "de": "Kniebeuge", "pt_BR": "Agachamento"},
        aliases={"de": ["Langhantel-Kniebeuge", "Langhantel-Kniebeuge"]},
        category="squat",
        equipment=["barbell", "barbell"],
        primary_muscles=["quadriceps"],
    )

    (created,) = exercise.collect_events()
    assert type(created) is Exercise.Created
    assert exercise.id == exercise_id
    assert exercise.names == {"de": "Kniebeuge", "en": "Back Squat", "pt-br": "Agachamento"}
    assert exercise.name == "Back Squat"
    assert exercise.aliases == {"de": ["Langhantel-Kniebeuge"]}
    assert exercise.equipment == ["barbell"]
    assert (exercise.laterality, exercise.tracking, exercise.status) == (
        "bilateral",
        "reps_load",
        "active",
    )
    assert created.actor_id == COACH.user_id


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"names": {"de": "Kniebeuge"}}, "names.en"),
        ({"names": {"en": "   "}}, "names.en"),
        ({"names": {"english": "Squat"}}, "names"),
        ({"names": "Back Squat"}, "names"),
        ({"aliases": {"fr": ["Squat"]}}, "aliases.fr"),
        ({"aliases": {"en": "Squat"}}, "aliases.en"),
        ({"category": "legs"}, "category"),
        ({"equipment": ["spaceship"]}, "equipment"),
        ({"equipment": "barbell"}, "equipment"),
        ({"primary_muscles": ["heart"]}, "primary_muscles"),
        ({"secondary_muscles": ["glutes"]}, "secondary_muscles"),
        ({"laterality": "both"}, "laterality"),
        ({"tracking": "vibes"}, "tracking"),
        ({"scope": "public"}, "scope"),
        ({"scope": "coach", "owner_id": None}, "owner_id"),
        ({"scope": "system", "owner_id": OWNER}, "owner_id"),
        ({"exercise_id": "not-a-uuid"}, "exercise_id"),
    ],
)
def test_creation_refuses_malformed_values_naming_the_field(fields, field):
    with pytest.raises(InvalidValue) as refused:
        an_exercise(**fields)

    assert refused.value.field == field


def test_a_coachs_own_exercise_names_its_owner():
    exercise = a_coach_exercise()

    assert (exercise.scope, exercise.owner_id) == ("coach", OWNER)


def test_each_command_records_one_specific_past_tense_event():
    names = {
        name
        for name, value in vars(Exercise).items()
        if isinstance(value, type) and issubclass(value, CanMutateAggregate) and name != "Event"
    }

    assert names == EVENT_NAMES


class TestTranslations:
    def test_a_translation_is_added_or_replaced_with_its_aliases(self):
        exercise = an_exercise()

        exercise.set_translation("es", "Sentadilla", ["Sentadilla trasera"])
        exercise.set_translation("de", "Langhantel-Kniebeuge", [])

        assert exercise.names == {
            "de": "Langhantel-Kniebeuge",
            "en": "Back Squat",
            "es": "Sentadilla",
        }
        assert exercise.aliases == {"en": ["Barbell Squat"], "es": ["Sentadilla trasera"]}
        assert [type(e) for e in exercise.collect_events()] == [Exercise.TranslationSet] * 2

    def test_the_english_name_can_be_changed_but_not_removed(self):
        exercise = an_exercise()

        exercise.set_translation("en", "Barbell Back Squat")

        assert exercise.name == "Barbell Back Squat"
        with pytest.raises(EnglishNameRequiredError):
            exercise.remove_translation("en")

    def test_removing_a_translation_forgets_its_name_and_aliases(self):
        exercise = an_exercise(aliases={"de": ["Squat"]})

        exercise.remove_translation("DE")

        assert exercise.names == {"en": "Back Squat"}
        assert exercise.aliases == {}
        with pytest.raises(UnknownTranslationError):
            exercise.remove_translation("de")


class TestClassification:
    def test_a_change_keeps_what_it_does_not_name(self):
        exercise = an_exercise()

        exercise.change_classification(equipment=["barbell", "box"], laterality="unilateral")

        assert exercise.classification() == {
            "category": "squat",
            "equipment": ["barbell", "box"],
            "primary_muscles": ["quadriceps", "glutes"],
            "secondary_muscles": ["adductors"],
            "laterality": "unilateral",
            "tracking": "reps_load",
        }
        assert type(exercise.collect_events()[-1]) is Exercise.ClassificationChanged

    def test_unknown_fields_and_overlapping_muscles_are_refused(self):
        exercise = an_exercise()

        with pytest.raises(InvalidValue, match="scope"):
            exercise.change_classification(scope="coach")
        with pytest.raises(InvalidValue, match="primary muscle"):
            exercise.change_classification(secondary_muscles=["quadriceps"])
        assert exercise.collect_events() == []


class TestMedia:
    def test_the_first_link_becomes_primary_and_another_can_be_made_primary(self):
        exercise = an_exercise()
        first = link(exercise)
        second = link(exercise, "aaaaaaaaaaa")

        assert exercise.primary_media_id == first
        exercise.make_media_primary(second)

        assert exercise.primary_media["video_id"] == "aaaaaaaaaaa"
        assert [type(e) for e in exercise.collect_events()] == [
            Exercise.MediaLinked,
            Exercise.MediaLinked,
            Exercise.MediaMadePrimary,
        ]

    def test_unlinking_the_primary_passes_it_to_the_next_link(self):
        exercise = an_exercise()
        first, second = link(exercise), link(exercise, "aaaaaaaaaaa")

        exercise.unlink_media(first)

        assert exercise.primary_media_id == second
        exercise.unlink_media(second)
        assert (exercise.media, exercise.primary_media) == ([], None)

    def test_the_same_video_or_media_id_is_linked_once(self):
        exercise = an_exercise()
        media_id = link(exercise)

        with pytest.raises(DuplicateMediaError):
            exercise.link_media(hosts=HOSTS, media_id=uuid4(), url="https://youtu.be/dQw4w9WgXcQ")
        with pytest.raises(DuplicateMediaError):
            exercise.link_media(hosts=HOSTS, media_id=media_id, url="https://vimeo.com/1")

    def test_unknown_media_ids_are_refused(self):
        exercise = an_exercise()

        with pytest.raises(UnknownMediaError):
            exercise.make_media_primary(uuid4())
        with pytest.raises(UnknownMediaError):
            exercise.unlink_media(uuid4())

    def test_a_bad_link_records_nothing(self):
        exercise = an_exercise()

        with pytest.raises(InvalidValue) as refused:
            exercise.link_media(hosts=HOSTS, media_id=uuid4(), url="http://youtu.be/dQw4w9WgXcQ")

        assert refused.value.field == "url"
        assert exercise.collect_events() == []

    def test_an_exercise_links_at_most_ten_videos(self):
        exercise = an_exercise()
        for n in range(10):
            exercise.link_media(hosts=HOSTS, media_id=uuid4(), url=f"https://vimeo.com/{n + 1}")

        with pytest.raises(LimitExceededError):
            exercise.link_media(hosts=HOSTS, media_id=uuid4(), url="https://vimeo.com/99")


class TestArchiveAndMerge:
    def test_an_archived_exercise_refuses_every_change(self):
        exercise = an_exercise()
        exercise.archive()

        for change in [
            lambda: exercise.set_translation("es", "Sentadilla"),
            lambda: exercise.change_classification(category="hinge"),
            lambda: link(exercise),
            exercise.archive,
            lambda: exercise.merge_into(an_exercise()),
        ]:
            with pytest.raises(ExerciseArchivedError):
                change()

    def test_a_merge_records_the_replacement_and_ends_all_changes(self):
        exercise, target = an_exercise(), an_exercise(names={"en": "Squat"})

        exercise.merge_into(target)

        assert (exercise.status, exercise.merged_into) == ("merged", target.id)
        assert type(exercise.collect_events()[-1]) is Exercise.Merged
        with pytest.raises(ExerciseMergedError):
            exercise.set_translation("es", "Sentadilla")

    def test_a_merge_needs_another_active_target(self):
        exercise, archived = an_exercise(), an_exercise()
        archived.archive()

        with pytest.raises(MergeRefusedError, match="itself"):
            exercise.merge_into(exercise)
        with pytest.raises(MergeRefusedError, match="archived or merged"):
            exercise.merge_into(archived)

    def test_a_merge_target_is_visible_to_everyone_who_sees_the_merged_exercise(self):
        system, mine, also_mine = an_exercise(), a_coach_exercise(), a_coach_exercise()

        with pytest.raises(MergeRefusedError, match="not visible"):
            system.merge_into(mine)
        with pytest.raises(MergeRefusedError, match="not visible"):
            mine.merge_into(a_coach_exercise(owner=OTHER_COACH))
        mine.merge_into(also_mine)
        also_mine.merge_into(system)


def test_an_exercise_equals_the_replay_of_its_stored_events(mapper):
    exercise = a_new_exercise()
    exercise.set_translation("es", "Sentadilla", ["Sentadilla trasera"])
    exercise.change_classification(tracking="time")
    media_id = link(exercise)
    link(exercise, "aaaaaaaaaaa")
    exercise.unlink_media(media_id)
    exercise.archive()

    replayed = replay([through_storage(mapper, e) for e in exercise.collect_events()])

    assert replayed.version == exercise.version
    assert replayed.names == exercise.names
    assert replayed.aliases == exercise.aliases
    assert replayed.classification() == exercise.classification()
    assert replayed.media == exercise.media
    assert replayed.primary_media_id == exercise.primary_media_id
    assert replayed.status == "archived"
