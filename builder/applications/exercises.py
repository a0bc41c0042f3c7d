"""ExerciseLibrary: the exercise library's use cases (one method per command)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from builder.applications.base import CommandApplication, Kind, Saved
from builder.domain import Actor, Exercise, ExerciseNotFoundError, MediaHosts, acting

EXERCISE = Kind(Exercise, "exercise", ExerciseNotFoundError)


class ExerciseLibrary(CommandApplication):
    """The exercise library's use cases: load, decide, save.

    Who may change which exercise (admins the system ones, coaches their own) is decided by
    the caller; `media_hosts` are the video hosts allowed besides YouTube and Vimeo.
    """

    name = "exercises"
    kinds = (EXERCISE,)

    def __init__(self, env: dict[str, str] | None = None, media_hosts: Iterable[str] = ()) -> None:
        self.media_hosts = MediaHosts.allowing(media_hosts)
        super().__init__(env)

    def create_exercise(
        self, *, actor: Actor, exercise_id: UUID, scope: str, **fields: Any
    ) -> Saved:
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
    ) -> Saved:
        return self._edit(
            exercise_id,
            actor,
            expected_version,
            lambda e: e.set_translation(locale, name, aliases),
        )

    def remove_translation(
        self, exercise_id: UUID, *, actor: Actor, expected_version: int, locale: str
    ) -> Saved:
        return self._edit(
            exercise_id, actor, expected_version, lambda e: e.remove_translation(locale)
        )

    def change_classification(
        self, exercise_id: UUID, *, actor: Actor, expected_version: int, **changes: Any
    ) -> Saved:
        return self._edit(
            exercise_id, actor, expected_version, lambda e: e.change_classification(**changes)
        )

    def link_media(
        self, exercise_id: UUID, *, actor: Actor, expected_version: int, **link: Any
    ) -> Saved:
        return self._edit(
            exercise_id,
            actor,
            expected_version,
            lambda e: e.link_media(hosts=self.media_hosts, **link),
        )

    def unlink_media(
        self, exercise_id: UUID, *, actor: Actor, expected_version: int, media_id: UUID
    ) -> Saved:
        return self._edit(exercise_id, actor, expected_version, lambda e: e.unlink_media(media_id))

    def make_media_primary(
        self, exercise_id: UUID, *, actor: Actor, expected_version: int, media_id: UUID
    ) -> Saved:
        return self._edit(
            exercise_id, actor, expected_version, lambda e: e.make_media_primary(media_id)
        )

    def archive_exercise(self, exercise_id: UUID, *, actor: Actor, expected_version: int) -> Saved:
        return self._edit(exercise_id, actor, expected_version, lambda e: e.archive())

    def merge_exercise(
        self, exercise_id: UUID, *, actor: Actor, expected_version: int, into_id: UUID
    ) -> Saved:
        """Retire the exercise in favour of `into_id` (the target is read, never changed)."""
        target = self._load(into_id, EXERCISE)
        return self._edit(exercise_id, actor, expected_version, lambda e: e.merge_into(target))
