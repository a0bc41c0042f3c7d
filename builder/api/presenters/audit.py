"""Audit timeline rows as the API shows them: who acted, and a summary in the active language."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from projections.queries import audit as audit_queries
from projections.queries import people as people_queries


def as_audit_entries(rows: list[Any]) -> list[dict[str, Any]]:
    """The page's rows as the API shows them, summaries in the active language."""
    names = people_queries.actor_names({row.actor_id for row in rows if row.actor_id is not None})
    return [_audit_entry(row, names) for row in rows]


def _audit_entry(row: Any, names: dict[UUID, str]) -> dict[str, Any]:
    actor = None
    if row.actor_id is not None:
        actor = {"id": str(row.actor_id), "name": names[row.actor_id]}
    return {
        "position": row.position,
        "stream_id": str(row.stream_id),
        "stream_kind": row.stream_kind,
        "version": row.version,
        "type": row.event_type,
        "time": row.time.isoformat(),
        "actor": actor,
        "correlation_id": row.correlation_id,
        "change": row.change,
        "summary": audit_queries.event_summary(row),
    }
