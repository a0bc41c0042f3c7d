"""Bring the audit timeline up to date in the test's own transaction, as the worker would."""

from __future__ import annotations

from eventsourcing.persistence import Tracking

from builder.wiring import builder
from eventstore.factory import DjangoFactory
from projections.audit_timeline import AuditTimelineProjection, AuditTimelineView


def timeline() -> AuditTimelineProjection:
    from django.conf import settings

    view = DjangoFactory(dict(settings.EVENTSTORE)).tracking_recorder(AuditTimelineView)
    return AuditTimelineProjection(view)


def catch_up(projection: AuditTimelineProjection | None = None) -> int:
    """Feed every event after the timeline's position to it; the number of events fed."""
    projection = projection or timeline()
    app = builder()
    start, fed = (projection.view.max_tracking_id(app.name) or 0) + 1, 0
    while page := app.recorder.select_notifications(start=start, limit=500):
        for notification in page:
            event = app.mapper.to_domain_event(notification)
            projection.process_event(event, Tracking(app.name, notification.id))
            fed += 1
        start = page[-1].id + 1
    return fed
