"""The exercise catalogue read model, projected inline with each exercise library command.

One row per exercise, a pure function of the library's events: the projection renders the
Exercise aggregate (inline: the one just saved; rebuild: folded from its stored events) and
records its position in the same transaction. A merge points `replaced_by` at the target and
re-points every exercise that was merged into the merged one, so a chain of merges always
ends at an exercise that stands.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection
from eventsourcing.persistence import Tracking

from builder.domain import Exercise
from projections import text_search

NAME = "exercise_catalogue"
TABLE = "projections_exercise_catalogue"
_COLUMNS = (
    "id",
    "version",
    "position",
    "scope",
    "owner_id",
    "status",
    "merged_into",
    "replaced_by",
    "name",
    "names",
    "aliases",
    "category",
    "equipment",
    "primary_muscles",
    "secondary_muscles",
    "laterality",
    "tracking",
    "media",
    "primary_media",
    "has_video",
    "search",
    "created_at",
    "updated_at",
)
_PLACEHOLDERS = {"search": f"to_tsvector('{text_search.CONFIG}', %s)"}
_UPSERT = (
    f"INSERT INTO {TABLE} ({', '.join(_COLUMNS)}) VALUES"  # noqa: S608 - constants only
    f" ({', '.join(_PLACEHOLDERS.get(c, '%s') for c in _COLUMNS)})"
    " ON CONFLICT (id) DO UPDATE SET "
    + ", ".join(f"{c} = EXCLUDED.{c}" for c in _COLUMNS if c not in ("id", "created_at"))
    + f" WHERE {TABLE}.version < EXCLUDED.version"
)
# Follows merges one step further; repeated until nothing changes (chains are short).
_RESOLVE = (
    f"UPDATE {TABLE} AS merged SET replaced_by = target.replaced_by"  # noqa: S608
    f" FROM {TABLE} AS target"
    " WHERE merged.replaced_by = target.id AND target.replaced_by IS NOT NULL"
)
MAX_MERGE_DEPTH = 100


def search_texts(exercise: Exercise) -> list[str]:
    """Every name and alias in every language: what a search matches."""
    return [*exercise.names.values(), *(a for items in exercise.aliases.values() for a in items)]


def values(exercise: Exercise, position: int) -> list[Any]:
    """The row's column values, in `_COLUMNS` order."""
    primary = exercise.primary_media
    return [
        exercise.id,
        exercise.version,
        position,
        exercise.scope,
        exercise.owner_id,
        exercise.status,
        exercise.merged_into,
        exercise.merged_into,
        exercise.name,
        json.dumps(exercise.names),
        json.dumps(exercise.aliases),
        exercise.category,
        list(exercise.equipment),
        list(exercise.primary_muscles),
        list(exercise.secondary_muscles),
        exercise.laterality,
        exercise.tracking,
        json.dumps(exercise.media),
        json.dumps(primary) if primary is not None else None,
        bool(exercise.media),
        text_search.lexemes(search_texts(exercise)),
        exercise.created_on,
        exercise.modified_on,
    ]


class ExerciseCatalogueProjection:
    """Writes the catalogue row of one exercise and follows merges."""

    name = NAME

    def __init__(self, tracking_recorder: Any) -> None:
        self.tracking = tracking_recorder

    def project(self, exercise: Exercise, events: Sequence[Any], position: int) -> None:
        """Record `exercise` as it is after `events`, the last of which is at `position`."""
        self._write(exercise, position)
        if any(isinstance(event, Exercise.Merged) for event in events):
            self._resolve_merges()
        self.tracking.insert_tracking(
            Tracking(application_name=self.name, notification_id=position)
        )

    def _write(self, exercise: Exercise, position: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute(_UPSERT, values(exercise, position))

    def _resolve_merges(self) -> None:
        with connection.cursor() as cursor:
            for _ in range(MAX_MERGE_DEPTH):
                cursor.execute(_RESOLVE)
                if cursor.rowcount == 0:
                    return

    def replace(self, exercise_id: Any, stream: Iterable[tuple[int, Any]]) -> None:
        """Render one exercise again from its stored events, over the row it had (erasure)."""
        exercise, last_position = None, 0
        for position, event in stream:
            exercise, last_position = event.mutate(exercise), position
        if exercise is None:
            return
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE id = %s", [exercise_id])  # noqa: S608
        self._write(exercise, last_position)
        self._resolve_merges()

    def rebuild(self, streams: Iterable[Iterable[tuple[int, Any]]], up_to: int) -> int:
        """Fold each exercise's stored events (position, domain event) into fresh rows.

        Streams come one after another, not in log order, so merges are followed once all rows
        are written; `up_to` becomes the projection's recorded position.
        """
        count = 0
        for stream in streams:
            exercise, last_position = None, 0
            for position, event in stream:
                exercise, last_position = event.mutate(exercise), position
                count += 1
            if exercise is not None:
                self._write(exercise, last_position)
        self._resolve_merges()
        if up_to:
            self.tracking.insert_tracking(
                Tracking(application_name=self.name, notification_id=up_to)
            )
        return count
