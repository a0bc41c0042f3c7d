"""Reads of the worker projections' standing: how far each has got, which serve reads."""

from __future__ import annotations

from projections.registry import WORKER_PROJECTIONS
from projections.status import Standing, reached, standings


def projection_reached(name: str, position: int) -> bool:
    """Whether the worker projection `name` reflects every event up to `position`."""
    return reached(name, position)


def projection_standings() -> list[Standing]:
    """Each worker projection's state, position and lag."""
    return standings()


def serves_reads(projection: str) -> bool:
    """Whether reads depend on the worker projection (a read model; snapshots are not one)."""
    spec = WORKER_PROJECTIONS.get(projection)
    return spec is not None and spec.read_model
