"""Errors of the event store, added to eventsourcing's persistence exception hierarchy."""

from eventsourcing.persistence import IntegrityError, OperationalError


class EventStoreBusyError(OperationalError):
    """The store could not take its append lock in time; the caller may retry (HTTP 503)."""


class TrackingRefusedError(IntegrityError):
    """A projection's position at or below the recorded one: the event was applied already."""
