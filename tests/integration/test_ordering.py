"""Positions become visible in order (requirements C1, C2) and stored events are immutable (A10)."""

import random
import threading
from uuid import uuid4

import pytest
from django.db import connection, connections, transaction
from django.db.utils import IntegrityError
from eventsourcing.persistence import StoredEvent

from eventstore.recorders import DjangoApplicationRecorder

WRITERS = 8
COMMITS_PER_WRITER = 25
EVENTS_PER_COMMIT = 3

pytestmark = pytest.mark.usefixtures("empty_event_store", "close_thread_connections")


class SlowCommitRecorder(DjangoApplicationRecorder):
    """Keeps each append's transaction open a few milliseconds after the insert, as a request
    that saves and then updates its read models does: that is when commit order can differ
    from the order in which positions were handed out."""

    def _append(self, cursor, stored_events, tracking):
        positions = super()._append(cursor, stored_events, tracking)
        # Work done inside the transaction, on the server, before it commits.
        cursor.execute("SELECT pg_sleep(%s)", [random.uniform(0, 0.004)])
        return positions


class UnguardedRecorder(SlowCommitRecorder):
    """Test-only: appends without the ordering lock, to prove the tailing test can fail."""

    def _guard_statements(self):
        return []


def _stream(length):
    stream = uuid4()
    return [StoredEvent(stream, version, "Tested", b"{}") for version in range(1, length + 1)]


def _in_threads(count, work):
    """Run work(i) in `count` threads started together; re-raise the first error."""
    errors, start = [], threading.Barrier(count)

    def run(i):
        try:
            start.wait()
            work(i)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    return threads, errors


def _tail_while_writing(recorder):
    """8 writers append while the test thread tails the log from its last position.

    Returns the positions the reader saw, in the order seen, and the positions committed.
    """
    committed = []

    def write(_):
        for _commit in range(COMMITS_PER_WRITER):
            committed.extend(recorder.insert_events(_stream(EVENTS_PER_COMMIT)))

    writers, errors = _in_threads(WRITERS, write)
    seen, last = [], 0
    while True:
        # Decide before reading, so the last read happens after every writer has committed.
        writing = any(writer.is_alive() for writer in writers)
        batch = recorder.select_notifications(last, 500, inclusive_of_start=False)
        seen += [notification.id for notification in batch]
        last = batch[-1].id if batch else last
        if not writing and not batch:
            break
    if errors:
        raise errors[0]
    return seen, sorted(committed)


def test_a_reader_tailing_the_log_sees_every_position_once_and_in_order():
    seen, committed = _tail_while_writing(SlowCommitRecorder())

    assert committed == list(range(1, WRITERS * COMMITS_PER_WRITER * EVENTS_PER_COMMIT + 1))
    assert seen == committed


def test_without_the_ordering_lock_a_tailing_reader_misses_events():
    seen, committed = _tail_while_writing(UnguardedRecorder())

    missed = set(committed) - set(seen)
    assert missed, "the unguarded recorder should let commits overtake earlier positions"


def test_streams_saved_at_the_same_moment_get_positions_that_do_not_interleave():
    recorder = DjangoApplicationRecorder()
    streams = [_stream(400) for _ in range(4)]

    writers, errors = _in_threads(len(streams), lambda i: recorder.insert_events(streams[i]))
    for writer in writers:
        writer.join()
    assert not errors

    for stream in streams:
        positions = [n.id for n in recorder.select_stream_notifications(stream[0].originator_id)]
        assert positions == list(range(positions[0], positions[0] + len(stream)))


@pytest.mark.parametrize(
    "change",
    [
        "UPDATE eventstore_events SET state = '\\x00'::bytea",
        "UPDATE eventstore_events SET originator_version = originator_version + 1",
        "DELETE FROM eventstore_events",
    ],
)
def test_the_database_refuses_to_change_a_stored_event(change):
    DjangoApplicationRecorder().insert_events(_stream(2))

    with (
        pytest.raises(IntegrityError, match="stored events are append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(change)

    with connection.cursor() as cursor:
        cursor.execute("SELECT originator_version, state FROM eventstore_events ORDER BY 1")
        assert cursor.fetchall() == [(1, b"{}"), (2, b"{}")]
