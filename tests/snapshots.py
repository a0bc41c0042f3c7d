"""Running the worker's program snapshots in a test, as `run_projections` would."""

from __future__ import annotations

from builder.wiring import builder
from projections.program_snapshots import NAME
from projections.registry import WORKER_PROJECTIONS
from projections.worker import Engine


def snapshot_engine() -> Engine:
    app = builder()
    return Engine(WORKER_PROJECTIONS[NAME].construct(), app.recorder, app.mapper)


def take_snapshots(engine: Engine | None = None, *, batch: bool = False) -> int:
    """Apply every program event after the projection's position, one by one as they arrive
    live or (`batch`) a page at a time as a backlog is; the number applied."""
    engine = engine or snapshot_engine()
    recorder, topics, applied = builder().recorder, WORKER_PROJECTIONS[NAME].topics, 0
    while page := recorder.select_notifications(
        start=engine.position() + 1, limit=500, topics=topics
    ):
        applied += engine.apply_batch(page) if batch else engine.apply_all(page)
    return applied
