"""Errors of the event store, added to eventsourcing's persistence exception hierarchy."""

from eventsourcing.persistence import IntegrityError, OperationalError


class EventStoreBusyError(OperationalError):
    """The store could not take its append lock in time; the caller may retry (HTTP 503)."""


class TrackingRefusedError(IntegrityError):
    """A projection's position at or below the recorded one: the event was applied already."""


class EventTooLargeError(Exception):
    """An event's stored state is larger than the store accepts (EVENTSTORE_MAX_EVENT_BYTES)."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"An event of {size} bytes; at most {limit} are stored.")
        self.size = size
        self.limit = limit


class SubjectErasedError(Exception):
    """A write concerns a data subject whose personal data was erased; it is refused (G3)."""

    def __init__(self, subject_id: object) -> None:
        super().__init__(f"The personal data of subject {subject_id} was erased.")
        self.subject_id = subject_id


class MasterKeyError(Exception):
    """The master key is missing, malformed, or not the one a data key was wrapped with."""
