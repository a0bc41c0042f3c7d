"""Every projection by name: the inline ones written in each command's transaction, and the
worker ones that `manage.py run_projections` runs and the status shows.

To add an inline projection: its name, tables and the events that begin its streams below, and
its application in `builder/wiring.py` (and in `rebuild_projections`). To add a worker
projection: a library ``Projection`` subclass with a ``name`` and its ``topics``, whose view is
a ``projections.worker.WorkerView`` subclass, and the tables it writes (for rebuilds). Program
snapshots are taken the same way, but are no read model: nothing is rebuilt and no read waits
for them (a load without them folds the events instead), so they never make the service unready.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eventsourcing.projection import Projection

from builder.domain import Assignment, CoachingLink, Exercise, Program
from projections import (
    audit_timeline,
    coaching,
    exercise_catalogue,
    exercise_usage,
    program_document,
    program_snapshots,
)
from projections.worker import WorkerView


@dataclass(frozen=True)
class InlineProjection:
    """A projection written in its command's transaction: the tables it writes and the events
    that begin its streams (a rebuild folds each such stream from its start)."""

    name: str
    tables: tuple[str, ...]
    begins: tuple[type, ...]


INLINE_PROJECTIONS: dict[str, InlineProjection] = {
    spec.name: spec
    for spec in (
        InlineProjection(program_document.NAME, program_document.TABLES, (Program.Created,)),
        InlineProjection(exercise_catalogue.NAME, (exercise_catalogue.TABLE,), (Exercise.Created,)),
        InlineProjection(
            coaching.NAME, coaching.TABLES, (CoachingLink.Invited, Assignment.Assigned)
        ),
    )
}


@dataclass(frozen=True)
class WorkerProjection:
    """A worker projection's class, its view's class and the tables its view writes."""

    projection: type[Projection[Any]]
    view: type[WorkerView]
    tables: tuple[str, ...]
    # Reads depend on it: `rebuild_projections` rebuilds it, /readyz fails while it fails or lags.
    read_model: bool = True

    @property
    def name(self) -> str:
        return self.projection.name

    @property
    def topics(self) -> tuple[str, ...]:
        return tuple(self.projection.topics)

    def construct(self) -> Projection[Any]:
        """A projection with a view of its own (on this thread's Django connection)."""
        return self.projection(view=self.view())


WORKER_PROJECTIONS: dict[str, WorkerProjection] = {
    spec.name: spec
    for spec in (
        WorkerProjection(
            audit_timeline.AuditTimelineProjection,
            audit_timeline.AuditTimelineView,
            tables=(audit_timeline.TABLE,),
        ),
        WorkerProjection(
            exercise_usage.ExerciseUsageProjection,
            exercise_usage.ExerciseUsageView,
            tables=(exercise_usage.TABLE,),
        ),
        WorkerProjection(
            program_snapshots.ProgramSnapshotsProjection,
            program_snapshots.ProgramSnapshotsView,
            tables=(),
            read_model=False,
        ),
    )
}

# Every read model, as `rebuild_projections` rebuilds them (not the snapshots the worker takes).
READ_MODELS: tuple[str, ...] = (
    *INLINE_PROJECTIONS,
    *(name for name, spec in WORKER_PROJECTIONS.items() if spec.read_model),
)
