"""The event store as a plain library application, for the worker's projections."""

from __future__ import annotations

from django.conf import settings
from eventsourcing.application import Application


def event_store_application() -> Application:
    """A library Application on the project's persistence settings, snapshots on.

    It decodes (and snapshots) every stream the way the applications that wrote them do,
    without the projections importing those applications.
    """
    return Application(env={**settings.EVENTSTORE, "IS_SNAPSHOTTING_ENABLED": "y"})
