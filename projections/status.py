"""Where each worker projection stands: its state, its position and how far it lags.

A projection's position is its tracking record. Its lag counts only the events of its topics:
an event it never receives is no work left. For the same reason a projection has reached a
position when no event of its topics lies between its own position and that one.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.utils import timezone

from projections.models import ProjectionStatus
from projections.registry import WORKER_PROJECTIONS

State = ProjectionStatus.State
WORKER_ID = f"{socket.gethostname()}:{os.getpid()}"

_AFTER = (
    "FROM eventstore_events WHERE notification_id > %(position)s"
    " AND (cardinality(%(topics)s::text[]) = 0 OR topic = ANY(%(topics)s::text[]))"
)
_LAG = f"SELECT count(*), min(recorded_at) {_AFTER}"
_REACHED = f"SELECT NOT EXISTS (SELECT {_AFTER} AND notification_id <= %(target)s)"


@dataclass(frozen=True)
class Standing:
    """One projection as the status endpoint, /readyz and /metrics show it."""

    name: str
    state: str
    position: int
    lag_events: int
    lag_seconds: float
    failed_position: int | None
    error: str
    worker: str
    updated_at: datetime | None


def mark(name: str, state: str, *, failed_position: int | None = None, error: str = "") -> None:
    """Record the projection's state (and, when failed, where and why)."""
    ProjectionStatus.objects.update_or_create(
        name=name,
        defaults={
            "state": state,
            "failed_position": failed_position,
            "error": error,
            "worker": WORKER_ID,
            "updated_at": timezone.now(),
        },
    )


def position(name: str) -> int:
    """The projection's recorded position (0 before its first event)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(max(notification_id), 0) FROM eventstore_tracking"
            " WHERE application_name = %s",
            [name],
        )
        return cursor.fetchone()[0]


def reached(name: str, target: int) -> bool:
    """Whether the projection reflects every event up to `target` (unknown names never do)."""
    spec = WORKER_PROJECTIONS.get(name)
    if spec is None:
        return False
    at = position(name)
    if at >= target:
        return True
    with connection.cursor() as cursor:
        cursor.execute(_REACHED, {"position": at, "topics": list(spec.topics), "target": target})
        return cursor.fetchone()[0]


def standings() -> list[Standing]:
    """Every worker projection, whether or not a worker has run it yet ("idle")."""
    rows = {row.name: row for row in ProjectionStatus.objects.all()}
    return [_standing(name, rows.get(name)) for name in WORKER_PROJECTIONS]


def _standing(name: str, row: ProjectionStatus | None) -> Standing:
    at = position(name)
    with connection.cursor() as cursor:
        cursor.execute(_LAG, {"position": at, "topics": list(WORKER_PROJECTIONS[name].topics)})
        count, oldest = cursor.fetchone()
    waited = (timezone.now() - oldest).total_seconds() if oldest else 0.0
    return Standing(
        name=name,
        state=row.state if row else "idle",
        position=at,
        lag_events=count,
        lag_seconds=max(waited, 0.0),
        failed_position=row.failed_position if row else None,
        error=row.error if row else "",
        worker=row.worker if row else "",
        updated_at=row.updated_at if row else None,
    )
