"""The event store's recorders pass eventsourcing's conformance suites on real PostgreSQL."""

import tempfile
import threading
from contextlib import contextmanager
from datetime import datetime
from uuid import uuid4

import psycopg
import pytest
from django.db import connection, transaction
from eventsourcing import persistence as es
from eventsourcing.persistence import StoredEvent, Tracking
from eventsourcing.tests import persistence as suites
from eventsourcing.utils import Environment
from psycopg import pq

from eventstore.errors import EventStoreBusyError
from eventstore.factory import DjangoFactory
from eventstore.persons import StoredEventWithPersons
from eventstore.recorders import (
    EVENTS_TABLE,
    DjangoAggregateRecorder,
    DjangoApplicationRecorder,
    DjangoProcessRecorder,
    DjangoTrackingRecorder,
    StreamNotification,
)

pytestmark = pytest.mark.usefixtures("empty_event_store", "close_thread_connections")


class TestSnapshotRecorder(suites.AggregateRecorderTestCase):
    def create_recorder(self):
        return DjangoAggregateRecorder()


class TestEventsAggregateRecorder(suites.AggregateRecorderTestCase):
    def create_recorder(self):
        return DjangoAggregateRecorder(table=EVENTS_TABLE, lock_timeout_ms=5000)


class TestApplicationRecorder(suites.ApplicationRecorderTestCase):
    def create_recorder(self):
        return DjangoApplicationRecorder(poll_interval=0.2)

    def test_insert_subscribe(self):
        self.optional_test_insert_subscribe()


class TestTrackingRecorder(suites.TrackingRecorderTestCase):
    def create_recorder(self):
        return DjangoTrackingRecorder()


class TestProcessRecorder(suites.ProcessRecorderTestCase):
    def create_recorder(self):
        return DjangoProcessRecorder()


class TestNonInterleavingNotificationIDs(suites.NonInterleavingNotificationIDsBaseCase):
    def create_recorder(self):
        return DjangoApplicationRecorder()


class CustomTrackingRecorder(DjangoTrackingRecorder):
    """A subclass the factory must construct when asked to (as for a projection's view)."""


class TestDjangoFactory(suites.InfrastructureFactoryTestCase):
    def setUp(self):
        self.env = Environment("TestCase", {"PERSISTENCE_MODULE": "eventstore.factory"})
        super().setUp()

    def expected_factory_class(self):
        return DjangoFactory

    def expected_aggregate_recorder_class(self):
        return DjangoAggregateRecorder

    def expected_application_recorder_class(self):
        return DjangoApplicationRecorder

    def expected_tracking_recorder_class(self):
        return DjangoTrackingRecorder

    def tracking_recorder_subclass(self):
        return CustomTrackingRecorder

    def expected_process_recorder_class(self):
        return DjangoProcessRecorder

    def test_settings_come_from_the_environment(self):
        self.env["EVENTSTORE_LOCK_TIMEOUT_MS"] = "250"
        self.env["TESTCASE_EVENTSTORE_POLL_INTERVAL"] = "0.5"

        recorder = DjangoFactory(self.env).application_recorder()

        assert (recorder.alias, recorder.lock_timeout_ms, recorder.poll_interval) == (
            "default",
            250,
            0.5,
        )

    def test_snapshots_neither_lock_nor_notify(self):
        recorder = self.factory.aggregate_recorder("snapshots")

        assert recorder.table == "eventstore_snapshots"
        assert recorder.lock_timeout_ms is None


def _events(count, stream=None, first_version=1):
    stream = stream or uuid4()
    return [
        StoredEvent(stream, version, f"topic{version}", f"state{version}".encode())
        for version in range(first_version, first_version + count)
    ]


@contextmanager
def _round_trips():
    """Count the client-server round trips on Django's connection (libpq protocol trace)."""
    connection.ensure_connection()
    pgconn = connection.connection.pgconn
    counted = []
    with tempfile.TemporaryFile("w+") as trace:
        pgconn.trace(trace.fileno())
        pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS)
        try:
            yield counted
        finally:
            pgconn.untrace()
            trace.seek(0)
            # The server ends each exchange with ReadyForQuery; one per round trip.
            counted.append(sum("\tReadyForQuery\t" in line for line in trace))


def _count_events_elsewhere():
    """The events another session sees: those committed."""
    params = connection.get_connection_params()
    params.pop("cursor_factory")
    params.pop("context")
    with psycopg.connect(**params) as other_session:
        return other_session.execute("SELECT count(*) FROM eventstore_events").fetchone()[0]


def _count_events():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM eventstore_events")
        return cursor.fetchone()[0]


def test_an_append_inside_a_transaction_takes_one_round_trip():
    recorder = DjangoApplicationRecorder()
    with transaction.atomic():
        recorder.max_notification_id()  # the caller's transaction has begun

        with _round_trips() as counted:
            recorder.insert_events(_events(3))

    assert counted == [1]


def test_an_append_with_tracking_inside_a_transaction_takes_one_round_trip():
    recorder = DjangoProcessRecorder()
    with transaction.atomic():
        recorder.max_notification_id()

        with _round_trips() as counted:
            recorder.insert_events(_events(3), tracking=Tracking("upstream", 7))

    assert counted == [1]


def test_an_append_on_its_own_takes_one_round_trip_and_commits():
    recorder = DjangoApplicationRecorder()
    recorder.max_notification_id()  # connected

    with _round_trips() as counted:
        positions = recorder.insert_events(_events(3))

    assert counted == [1]
    assert _count_events_elsewhere() == 3 and len(positions) == 3


def test_an_append_on_its_own_that_fails_stores_nothing_and_leaves_the_session_as_it_was():
    recorder = DjangoApplicationRecorder()
    stream = uuid4()
    recorder.insert_events(_events(1, stream, first_version=3))
    with connection.cursor() as cursor:
        cursor.execute("SHOW lock_timeout")
        [before] = cursor.fetchone()

    with pytest.raises(es.IntegrityError):  # the third of three is taken
        recorder.insert_events(_events(3, stream))

    assert [e.originator_version for e in recorder.select_events(stream)] == [3]
    with connection.cursor() as cursor:
        cursor.execute("SHOW lock_timeout")
        assert cursor.fetchone()[0] == before
    assert recorder.insert_events(_events(2, stream)) and _count_events_elsewhere() == 3


def test_an_append_commits_with_the_callers_other_writes():
    events, tracking = DjangoApplicationRecorder(), DjangoTrackingRecorder()

    with transaction.atomic():
        events.insert_events(_events(2))
        tracking.insert_tracking(Tracking("projection", 2))

    assert (_count_events(), tracking.max_tracking_id("projection")) == (2, 2)


def test_an_append_rolls_back_with_the_callers_transaction():
    recorder = DjangoApplicationRecorder()

    with pytest.raises(RuntimeError), transaction.atomic():
        recorder.insert_events(_events(2))
        raise RuntimeError("the request failed after saving")

    assert _count_events() == 0


def test_a_version_conflict_in_a_transaction_is_an_integrity_error_and_marks_it_for_rollback():
    recorder = DjangoApplicationRecorder()
    stream = uuid4()
    recorder.insert_events(_events(1, stream))

    with transaction.atomic():
        recorder.insert_events(_events(1, stream, first_version=2))
        with pytest.raises(es.IntegrityError):
            recorder.insert_events(_events(1, stream, first_version=2))
        assert transaction.get_rollback()

    assert [e.originator_version for e in recorder.select_events(stream)] == [1]


def test_a_held_append_lock_makes_an_append_busy_within_the_lock_timeout():
    recorder = DjangoApplicationRecorder(lock_timeout_ms=100)
    params = connection.get_connection_params()
    params.pop("cursor_factory")
    params.pop("context")
    with psycopg.connect(**params) as other_session:
        other_session.execute("LOCK TABLE eventstore_events IN EXCLUSIVE MODE")

        with pytest.raises(EventStoreBusyError) as raised:
            recorder.insert_events(_events(1))

    assert isinstance(raised.value, es.OperationalError)
    assert isinstance(raised.value.__cause__.__cause__, psycopg.errors.LockNotAvailable)
    assert _count_events() == 0


def test_the_lock_timeout_applies_to_the_append_lock_only():
    recorder = DjangoApplicationRecorder(lock_timeout_ms=100)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL lock_timeout = '7s'")

        recorder.insert_events(_events(1))

        cursor.execute("SHOW lock_timeout")
        assert cursor.fetchone()[0] == "7s"


def test_a_stream_lists_its_events_with_positions_and_recorded_times():
    recorder = DjangoApplicationRecorder()
    stream, other = uuid4(), uuid4()
    recorder.insert_events(_events(2, stream))
    recorder.insert_events(_events(1, other))
    recorder.insert_events(_events(1, stream, first_version=3))

    history = recorder.select_stream_notifications(stream)
    later = recorder.select_stream_notifications(stream, gt_version=1)

    assert [(n.id, n.originator_version, n.topic) for n in history] == [
        (1, 1, "topic1"),
        (2, 2, "topic2"),
        (4, 3, "topic3"),
    ]
    assert all(isinstance(n, StreamNotification) for n in history)
    assert all(isinstance(n.recorded_at, datetime) and n.recorded_at.tzinfo for n in history)
    assert history[0].state == b"state1"
    assert [n.originator_version for n in later] == [2, 3]


def test_a_subscription_polls_when_no_notification_arrives():
    recorder = DjangoApplicationRecorder(poll_interval=0.2)
    # This recorder appends to the same table under the lock but sends no NOTIFY.
    silent = DjangoAggregateRecorder(table=EVENTS_TABLE, lock_timeout_ms=5000)
    received = []

    with recorder.subscribe(gt=0) as subscription:

        def append_later():
            silent.insert_events(_events(2))
            connection.close()

        writer = threading.Thread(target=append_later)
        writer.start()
        for notification in subscription:
            received.append(notification.id)
            if len(received) == 2:
                break
        writer.join()

    assert received == [1, 2]


def test_a_subscription_hands_over_what_arrived_together_a_page_at_a_time():
    recorder = DjangoApplicationRecorder(poll_interval=0.2)
    recorder.insert_events(_events(3))

    with recorder.subscribe(gt=0) as subscription:
        first = subscription.next_page()
        recorder.insert_events(_events(1, first_version=4))
        second = subscription.next_page()

    assert ([n.id for n in first], [n.id for n in second]) == ([1, 2, 3], [4])


def test_a_page_continues_after_what_was_taken_one_by_one():
    recorder = DjangoApplicationRecorder(poll_interval=0.2)
    recorder.insert_events(_events(3))

    with recorder.subscribe(gt=0) as subscription:
        single = next(subscription)
        rest = subscription.next_page()

    assert (single.id, [n.id for n in rest]) == (1, [2, 3])


def test_a_tracking_position_cannot_go_back_in_a_process_append():
    recorder = DjangoProcessRecorder()
    recorder.insert_events(_events(1), tracking=Tracking("projection", 5))

    with pytest.raises(es.IntegrityError):
        recorder.insert_events(_events(1), tracking=Tracking("projection", 4))

    assert (_count_events(), recorder.max_tracking_id("projection")) == (1, 5)


def test_events_naming_a_person_are_found_by_the_index_and_streams_can_be_left_out():
    recorder = DjangoApplicationRecorder()
    person, own, other, account = uuid4(), uuid4(), uuid4(), uuid4()
    recorder.insert_events(
        [
            StoredEventWithPersons(own, 1, "topic", b"{}", persons=(person,)),
            StoredEventWithPersons(other, 1, "topic", b"{}", persons=(uuid4(), person)),
            StoredEventWithPersons(uuid4(), 1, "topic", b"{}", persons=(uuid4(),)),
            # Its bytes hold the id, but it does not name the person: not theirs.
            StoredEvent(uuid4(), 1, "topic", f'{{"named":"{person.hex}"}}'.encode()),
            StoredEvent(account, 1, "topic", b"{}"),
        ]
    )

    found = recorder.select_notifications_naming([person], streams=[account])
    without_own = recorder.select_notifications_naming([person], streams=[account], excluding=[own])

    assert [n.originator_id for n in found] == [own, other, account]
    assert [n.originator_id for n in without_own] == [other, account]


def test_the_persons_of_a_process_append_are_indexed_with_its_tracking_position():
    recorder = DjangoProcessRecorder()
    person = uuid4()

    [position] = recorder.insert_events(
        [StoredEventWithPersons(uuid4(), 1, "topic", b"{}", persons=(person,))],
        tracking=Tracking("projection", 1),
    )

    assert [n.id for n in recorder.select_notifications_naming([person])] == [position]
