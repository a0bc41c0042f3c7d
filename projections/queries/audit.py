"""Reads of the audit timeline: every stream's events, narrowed, and their summaries."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from django.db.models import QuerySet

from eventstore import verification
from projections import audit_timeline
from projections.audit_summaries import summary
from projections.models import AuditEvent

# The worker projection behind the program history and the audit log.
AUDIT_TIMELINE = audit_timeline.NAME


def audit_events(
    *,
    stream_id: UUID | None = None,
    stream_kind: str | None = None,
    actor_id: UUID | None = None,
    event_type: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> QuerySet[AuditEvent]:
    """The timeline of every stream, narrowed by the filters given (unordered: pages order it)."""
    events = AuditEvent.objects.all()
    narrowing = {
        "stream_id": stream_id,
        "stream_kind": stream_kind,
        "actor_id": actor_id,
        "event_type": event_type,
        "time__gte": since,
        "time__lt": until,
    }
    return events.filter(**{key: value for key, value in narrowing.items() if value is not None})


def program_timeline(program_id: UUID) -> QuerySet[AuditEvent]:
    return audit_events(stream_id=program_id, stream_kind="program")


def event_summary(row: AuditEvent) -> str:
    """The event's one-line summary in the active language."""
    return summary(row.stream_kind, row.event_type, row.change, row.context)


def last_verification() -> dict | None:
    """The outcome of the last run of `manage.py verify_events` over the hash chain, if any."""
    return verification.last_verification()
