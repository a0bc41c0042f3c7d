"""The event store as a plain library application, for the worker's projections."""

from __future__ import annotations

from django.conf import settings

from eventstore.repository import FoldingApplication


def event_store_application() -> FoldingApplication:
    """A library Application on the project's persistence settings, snapshots on, loading as the
    service's applications do (`eventstore.repository`).

    It decodes (and snapshots) every stream the way the applications that wrote them do,
    without the projections importing those applications.
    """
    return FoldingApplication(env={**settings.EVENTSTORE, "IS_SNAPSHOTTING_ENABLED": "y"})
