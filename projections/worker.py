"""The worker projection engine: applies the store's events to a projection, each exactly once.

A worker projection is an ``eventsourcing.projection.Projection`` whose view is a
``WorkerView`` (a tracking recorder on Django's connection). For each event the engine opens
one transaction, lets the projection's ``process_event(domain_event, tracking)`` write its rows
and its tracking record, and commits both together. An event delivered again finds its
position recorded: the tracking insert is refused, the transaction rolls back, and the event
is skipped (nothing is applied twice). Positions are tracked under the projection's name, since
every application appends to the one events table.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import django.db
from django.db import connection, transaction
from eventsourcing import persistence as es
from eventsourcing.persistence import Notification, Tracking
from eventsourcing.projection import Projection

from eventstore.errors import TrackingRefusedError
from eventstore.keyvault import COPYING_LOCK, ERASURES_TABLE, note_read
from eventstore.recorders import TRACKING_TABLE, DjangoTrackingRecorder

logger = logging.getLogger(__name__)

# Errors of reaching the database, not of the event: the engine retries rather than failing.
TRANSIENT_ERRORS = (
    django.db.OperationalError,
    django.db.InterfaceError,
    es.OperationalError,
    es.InterfaceError,
)


class ProjectionFailedError(Exception):
    """A projection met an event it cannot apply; it stays at the position before it."""

    def __init__(self, name: str, position: int, error: BaseException) -> None:
        super().__init__(f"{name} failed at position {position}: {error!r}")
        self.name, self.position, self.error = name, position, error


class WorkerView(DjangoTrackingRecorder):
    """A worker projection's read model: its rows and its tracking record commit together."""

    # Set while the engine applies a batch in one transaction: it records the batch's last
    # position itself, once (a rebuild's pace: one round trip less for each event).
    batching = False

    @contextmanager
    def applying(self, tracking: Tracking) -> Iterator[Any]:
        """A cursor for the event's row changes; the position is recorded with them.

        The position goes first: an event applied already is refused before any row changes.
        """
        with transaction.atomic(savepoint=False), connection.cursor() as cursor:
            if not self.batching:
                self.insert_tracking(tracking)
            yield cursor

    def flush(self) -> None:
        """Write whatever the batch's events left to write at its end (a view that collects
        rows overrides this); called before the batch's position is recorded."""

    def discard(self) -> None:
        """Forget what a batch collected and did not write (it failed, or it is over)."""


class Engine:
    """Follows the store from a projection's recorded position and applies each event."""

    def __init__(self, projection: Projection[Any], recorder: Any, mapper: Any) -> None:
        self.projection = projection
        self.name = projection.name
        self.recorder = recorder
        self.mapper = mapper
        self.applied = 0
        self._subscription: Any = None
        self._stopped = False
        self._erasures: int | None = None  # the erasure count this engine last saw

    def position(self) -> int:
        """The last position the projection recorded (0 before its first event)."""
        return self.projection.view.max_tracking_id(self.name) or 0

    def apply(self, notification: Notification) -> bool:
        """Apply one event in its own transaction; False when it had been applied already."""
        tracking = Tracking(application_name=self.name, notification_id=notification.id)
        try:
            with transaction.atomic():
                self._held_off(_applying(self.name, self._copies_text))
                if self._wants(notification):
                    domain_event = self.mapper.to_domain_event(notification)
                    self.projection.process_event(domain_event, tracking)
                # Events the projection ignores move its position on as well.
                _track(tracking)
        except TrackingRefusedError:
            return False
        except TRANSIENT_ERRORS:
            raise
        except Exception as error:
            raise ProjectionFailedError(self.name, notification.id, error) from error
        self.applied += 1
        return True

    def _held_off(self, erasures: int | None) -> None:
        """After waiting for erasures: if someone was erased since this engine last looked, what
        is decrypted next checks the ledger again (keys cached before may be destroyed)."""
        if erasures is not None and erasures != self._erasures:
            note_read()  # as after a read of the log: the ledger is checked again
            self._erasures = erasures

    @property
    def _copies_text(self) -> bool:
        """Whether the projection writes people's decrypted text (`copies_personal_text`): then
        each transaction waits for erasures under way and holds new ones off until it ends."""
        return getattr(self.projection, "copies_personal_text", False)

    def _wants(self, notification: Notification) -> bool:
        """Whether the projection needs the event decoded: one may tell from the stored row
        alone (`wants(notification)`), saving the decoding of events it would ignore."""
        wants = getattr(self.projection, "wants", None)
        return wants is None or wants(notification)

    def apply_all(self, notifications: Sequence[Notification]) -> int:
        """Apply events in order, each in its own transaction; the number applied."""
        return sum(self.apply(notification) for notification in notifications)

    def apply_batch(self, notifications: Sequence[Notification]) -> int:
        """Apply events in order in one transaction (a rebuild's pace); the number applied.

        When the batch meets an event applied already, or one that fails, it is rolled back and
        applied event by event, which skips the one and names the other.
        """
        if not notifications:
            return 0
        try:
            self._apply_in_one_transaction(notifications)
        except TRANSIENT_ERRORS:
            raise
        except Exception:
            return self.apply_all(notifications)
        self.applied += len(notifications)
        return len(notifications)

    def _apply_in_one_transaction(self, notifications: Sequence[Notification]) -> None:
        view = self.projection.view
        batching = isinstance(view, WorkerView)
        with transaction.atomic():
            self._held_off(_applying(self.name, self._copies_text))
            if self.position() >= notifications[0].id:
                raise TrackingRefusedError(f"{self.name} has applied part of the batch")
            try:
                view.batching = batching
                for notification in notifications:
                    tracking = Tracking(self.name, notification.id)
                    if self._wants(notification):
                        domain_event = self.mapper.to_domain_event(notification)
                        self.projection.process_event(domain_event, tracking)
                if batching:
                    view.flush()
            finally:
                if batching:
                    view.discard()
                view.batching = False
            # The position is the last event's, whether or not the projection kept it.
            if batching:
                view.insert_tracking(tracking)
            else:
                _track(tracking)

    def follow(self) -> None:
        """Apply events as they are recorded until stop(); ProjectionFailedError on a bad one.

        Events that arrive together (a command's many events, a backlog after a restart) are
        applied together, a page at a time in one transaction.
        """
        with self.recorder.subscribe(
            gt=self.position(), topics=self.projection.topics
        ) as subscription:
            self._subscription = subscription
            if self._stopped:
                subscription.stop()
            while True:
                try:
                    page = subscription.next_page()
                except StopIteration:
                    return
                # A lone event is applied at once; a backlog in one transaction per page.
                if len(page) == 1:
                    self.apply(page[0])
                else:
                    self.apply_batch(page)

    @property
    def stopped(self) -> bool:
        return self._stopped

    def stop(self) -> None:
        """Ends follow() after the event being applied (thread-safe)."""
        self._stopped = True
        if self._subscription is not None:
            self._subscription.stop()


# Transaction-level advisory locks on a projection's name: every apply holds it shared, a
# rebuild's switch exclusively. Without it an apply that recorded its position before the switch
# could write its rows after it, into tables that already reflect that event.
_APPLY_LOCK_NAMESPACE = 0x5053


# One message, two statements: the count's snapshot is taken once the locks are held.
_APPLY_COPYING_TEXT = (
    "SELECT pg_advisory_xact_lock_shared(%s, hashtext(%s)),"  # noqa: S608 - constants only
    " pg_advisory_xact_lock_shared(%s, %s);"
    f" SELECT coalesce(max(id), 0) FROM {ERASURES_TABLE}"
)


def _applying(name: str, copies_text: bool) -> int | None:
    """Take the projection's apply lock; for one that copies people's text, also wait for any
    erasure under way and hold new ones off (see eventstore/keyvault.py), and return how many
    people have been erased (read after the wait, by a statement of its own)."""
    with connection.cursor() as cursor:
        if not copies_text:
            cursor.execute(
                "SELECT pg_advisory_xact_lock_shared(%s, hashtext(%s))",
                [_APPLY_LOCK_NAMESPACE, name],
            )
            return None
        cursor.execute(_APPLY_COPYING_TEXT, [_APPLY_LOCK_NAMESPACE, name, *COPYING_LOCK])
        cursor.nextset()
        return cursor.fetchone()[0]


def hold_applies(name: str) -> None:
    """Wait for the projection's applies in flight and hold new ones until the transaction ends."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [_APPLY_LOCK_NAMESPACE, name]
        )


def _track(tracking: Tracking) -> None:
    # The same guarded insert as the view's, but a position already recorded is fine here.
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TRACKING_TABLE} (application_name, notification_id)"  # noqa: S608
            f" SELECT %s, %s WHERE NOT EXISTS (SELECT FROM {TRACKING_TABLE}"
            " WHERE application_name = %s AND notification_id >= %s)",
            [tracking.application_name, tracking.notification_id] * 2,
        )


__all__ = ["TRANSIENT_ERRORS", "Engine", "ProjectionFailedError", "WorkerView", "hold_applies"]
