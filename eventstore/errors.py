"""Errors of the event store, added to eventsourcing's persistence exception hierarchy."""

from eventsourcing.persistence import OperationalError


class EventStoreBusyError(OperationalError):
    """The store could not take its append lock in time; the caller may retry (HTTP 503)."""
