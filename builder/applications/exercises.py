"""ExerciseLibrary: the exercise library's use cases (one method per command)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import RecordConflictError, Recording

from builder.domain import (
    Actor,
    BuilderError,
    Exercise,
    ExerciseNotFoundError,
    IdTakenError,
    MediaHosts,
    acting,
)


class StaleExerciseError(BuilderError):
    """The caller edited a version of the exercise that is no longer the current one."""

    def __init__(self, exercise_id: UUID, current_version: int) -> None:
        super().__init__(f"The exercise is at version {current_version}; reload it and retry.")
        self.exercise_id = exercise_id
        self.current_version = current_version


@dataclass(frozen=True)
class ExerciseSaved:
    """A command's outcome: the exercise after it and the position of its last event."""

    exercise: Exercise
    recordings: list[Recording]

    @property
    def position(self) -> int | None:
        return self.recordings[-1].notification.id if self.recordings else None


class ExerciseLibrary(Application[UUID]):
    """The exercise library's use cases: load, decide, save.

    Who may change which exercise (admins the system ones, coaches their own) is decided by
    the caller; `media_hosts` are the video hosts allowed besides YouTube and Vimeo.
    """

    name = "exercises"

    def __init__(self, env: dict[str, str] | None = None, media_hosts: Iterable[str] = ()) -> None:
        self.media_hosts = MediaHosts.allowing(media_hosts)
        super().__init__(env)

    def create_exercise(
        self, *, actor: Actor, exercise_id: UUID, scope: str, **fields: Any
    ) -> ExerciseSaved:
        """A system exercise, or (scope "coach") one owned by the acting coach."""
        owner_id = actor.user_id if scope == "coach" else None
        with acting(actor):
            exercise = Exercise.create(
                exercise_id=exercise_id, scope=scope, owner_id=owner_id, **fields
            )
            return self._save(exercise)

    def set_translation(
        self,
        exercise_id: UUID,
        *,
        actor: Actor,
        expected_version: int,
        locale: str,
        name: str,
        aliases: list[str] | tuple[str, ...] = (),
    ) -> ExerciseSaved:
        return self._edit(
            exercise_id,
            actor,
            expected_version,
            lambda e: e.set_translation(locale, name, aliases),
        )

    def remove_translation(
        self, exercise_id: UUID, *, actor: Actor, expected_version: int, locale: str
    ) -> ExerciseSaved:
        return self._edit(
            exercise_id, actor, expected_version, lambda e: e.remove_translation(locale)
        )

    def change_classification(
        self, exercise_id: UUID, *, actor: Actor, expected_version: int, **changes: Any
    ) -> ExerciseSaved:
        return self._edit(
            exercise_id, actor, expected_version, lambda e: e.change_classification(**changes)
        )

    def link_media(
        self, exercise_id: UUID, *, actor: Actor, expected_version: int, **link: Any
    ) -> ExerciseSaved:
        return self._edit(
            exercise_id,
            actor,
            expected_version,
            lambda e: e.link_media(hosts=self.media_hosts, **link),
        )

    def unlink_media(
        self, exercise_id: UUID, *, actor: Actor, expected_version: int, media_id: UUID
    ) -> ExerciseSaved:
        return self._edit(exercise_id, actor, expected_version, lambda e: e.unlink_media(media_id))

    def make_media_primary(
        self, exercise_id: UUID, *, actor: Actor, expected_version: int, media_id: UUID
    ) -> ExerciseSaved:
        return self._edit(
            exercise_id, actor, expected_version, lambda e: e.make_media_primary(media_id)
        )

    def archive_exercise(
        self, exercise_id: UUID, *, actor: Actor, expected_version: int
    ) -> ExerciseSaved:
        return self._edit(exercise_id, actor, expected_version, lambda e: e.archive())

    def merge_exercise(
        self, exercise_id: UUID, *, actor: Actor, expected_version: int, into_id: UUID
    ) -> ExerciseSaved:
        """Retire the exercise in favour of `into_id` (the target is read, never changed)."""
        target = self._get(into_id)
        return self._edit(exercise_id, actor, expected_version, lambda e: e.merge_into(target))

    # Internals

    def _get(self, exercise_id: UUID) -> Exercise:
        try:
            exercise = self.repository.get(exercise_id)
        except AggregateNotFoundError:
            raise ExerciseNotFoundError(exercise_id) from None
        if not isinstance(exercise, Exercise):  # another aggregate's stream (a program's)
            raise ExerciseNotFoundError(exercise_id)
        return exercise

    def _edit(
        self,
        exercise_id: UUID,
        actor: Actor,
        expected_version: int,
        decide: Callable[[Exercise], None],
    ) -> ExerciseSaved:
        exercise = self._get(exercise_id)
        if exercise.version != expected_version:
            raise StaleExerciseError(exercise_id, exercise.version)
        with acting(actor):
            decide(exercise)
        return self._save(exercise)

    def _save(self, exercise: Exercise) -> ExerciseSaved:
        creating = (
            bool(exercise.pending_events) and exercise.pending_events[0].originator_version == 1
        )
        try:
            return ExerciseSaved(exercise, self.save(exercise))
        except RecordConflictError:
            if creating:  # the client chose an id another stream already has
                raise IdTakenError(exercise.id) from None
            raise
