"""Program use cases that need the read models: whose programs a coach may write, which
exercises an entry may use."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from builder.applications.programs import Saved
from builder.domain import Actor, InvalidValue
from builder.services.coaching import require_consent
from builder.wiring import builder
from projections.queries import exercises as exercise_queries


def create_program(*, actor: Actor, program_id: UUID, **fields: Any) -> Saved:
    """A new program; a personal one only for an athlete who allows the coach programming."""
    if fields.get("kind") == "personal":
        require_consent(actor.user_id, fields.get("athlete_id"))
    return builder().create_program(actor=actor, program_id=program_id, **fields)


def entry_exercise(viewer_id: UUID, exercise_id: UUID) -> tuple[UUID, str]:
    """The (id, English name) an entry records for `exercise_id`, as its coach may use it.

    A merged exercise resolves to its replacement; one the coach cannot see, or an archived
    one, is refused.
    """
    row = exercise_queries.exercise_for_entry(viewer_id, exercise_id)
    if row is None:
        raise InvalidValue("exercise_id", "unknown-exercise")
    if row.status != "active":
        raise InvalidValue("exercise_id", "archived-exercise")
    return row.id, row.name
