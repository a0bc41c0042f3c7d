"""Every stored event is chained to the one before it by a hash, and tampering shows (A11)."""

import os
import subprocess
import sys
import threading
from io import StringIO
from pathlib import Path
from uuid import uuid4

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections, transaction
from eventsourcing import persistence as es
from eventsourcing.persistence import StoredEvent

from eventstore.hashchain import GENESIS, encode_fields, event_hash
from eventstore.recorders import DjangoApplicationRecorder
from eventstore.verification import last_verification, verify_chain
from tests.database import test_database_url

pytestmark = pytest.mark.usefixtures("empty_event_store", "close_thread_connections")

ROOT = Path(__file__).resolve().parents[2]


def _stream(length, state=b'{"a":1}'):
    stream = uuid4()
    return [StoredEvent(stream, version, "Tested", state) for version in range(1, length + 1)]


def _stored_rows():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT notification_id, originator_id, originator_version, topic, state, hash"
            " FROM eventstore_events ORDER BY notification_id"
        )
        return [(*row[:4], bytes(row[4]), bytes(row[5])) for row in cursor.fetchall()]


def _recomputed(rows):
    hashes, previous = [], GENESIS
    for row in rows:
        previous = event_hash(previous, *row[:5])
        hashes.append(previous)
    return hashes


def _tamper(sql, params=()):
    """Change stored events behind the service's back, as a superuser who disables the guard."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE eventstore_events DISABLE TRIGGER eventstore_events_append_only"
        )
        cursor.execute(sql, params)
        cursor.execute("ALTER TABLE eventstore_events ENABLE TRIGGER eventstore_events_append_only")


def test_the_encoding_prefixes_every_field_with_its_length():
    stream = uuid4()

    encoded = encode_fields(7, stream, 2, "Topic", b"xyz")

    assert encoded == (
        b"\0\0\0\x08" + (7).to_bytes(8, "big")
        + b"\0\0\0\x10" + stream.bytes
        + b"\0\0\0\x08" + (2).to_bytes(8, "big")
        + b"\0\0\0\x05Topic"
        + b"\0\0\0\x03xyz"
    )  # fmt: skip


def test_moving_bytes_between_topic_and_state_changes_the_hash():
    stream = uuid4()

    assert event_hash(GENESIS, 1, stream, 1, "ab", b"c") != event_hash(
        GENESIS, 1, stream, 1, "a", b"bc"
    )


def test_the_database_hashes_each_appended_event_as_the_verifier_does():
    recorder = DjangoApplicationRecorder()
    recorder.insert_events(_stream(2, state="naïve ✓".encode()))
    recorder.insert_events(_stream(1, state=b""))

    rows = _stored_rows()

    assert [row[5] for row in rows] == _recomputed(rows)
    assert rows[0][5] == event_hash(GENESIS, *rows[0][:5])


def test_appends_through_the_recorder_verify_with_the_number_checked():
    recorder = DjangoApplicationRecorder()
    for _ in range(5):
        recorder.insert_events(_stream(3))

    result = verify_chain(batch_size=4)

    assert (result.ok, result.checked, result.first_broken_position) == (True, 15, None)
    assert result.head_position == 15
    assert result.head_hash == _stored_rows()[-1][5].hex()


def test_the_rows_of_one_multi_row_insert_chain_to_each_other_in_position_order():
    # A BEFORE ROW trigger sees the rows its statement inserted before the current one.
    recorder = DjangoApplicationRecorder()
    recorder.insert_events(_stream(1))
    recorder.insert_events(_stream(500))

    rows = _stored_rows()

    assert [row[0] for row in rows] == list(range(1, 502))
    assert [row[5] for row in rows] == _recomputed(rows)


def test_appends_in_one_transaction_chain_to_each_other():
    recorder = DjangoApplicationRecorder()
    with transaction.atomic():
        recorder.insert_events(_stream(2))
        recorder.insert_events(_stream(2))

    assert verify_chain().ok


def test_a_rolled_back_append_leaves_a_gap_the_chain_steps_over():
    recorder = DjangoApplicationRecorder()
    recorder.insert_events(_stream(1))
    with pytest.raises(RuntimeError), transaction.atomic():
        recorder.insert_events(_stream(2))
        raise RuntimeError("the request failed after saving")
    recorder.insert_events(_stream(1))

    assert [row[0] for row in _stored_rows()] == [1, 4]
    assert verify_chain().checked == 2


def test_concurrent_writers_produce_one_valid_chain():
    recorder = DjangoApplicationRecorder()
    writers, commits = 8, 10
    errors, start = [], threading.Barrier(writers)

    def write():
        try:
            start.wait()
            for _ in range(commits):
                recorder.insert_events(_stream(3))
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write) for _ in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert verify_chain().checked == writers * commits * 3
    assert verify_chain().ok


def test_a_hash_supplied_by_the_application_is_ignored():
    DjangoApplicationRecorder().insert_events(_stream(1))
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO eventstore_events (originator_id, originator_version, topic, state, hash)"
            " VALUES (%s, 1, 'Forged', '\\x00'::bytea, %s)",
            [uuid4(), bytes(32)],
        )

    rows = _stored_rows()

    assert rows[1][5] != bytes(32)
    assert verify_chain().ok


def test_the_database_refuses_to_change_a_stored_hash():
    DjangoApplicationRecorder().insert_events(_stream(1))

    with (
        pytest.raises(Exception, match="stored events are append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE eventstore_events SET hash = %s", [bytes(32)])


def test_appends_refuse_to_chain_from_an_older_snapshot():
    recorder = DjangoApplicationRecorder()

    with pytest.raises(es.NotSupportedError, match="READ COMMITTED"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        recorder.insert_events(_stream(1))


def test_an_empty_store_verifies_with_nothing_checked():
    result = verify_chain()

    assert (result.ok, result.checked, result.first_broken_position) == (True, 0, None)
    assert result.head_hash is None


def test_each_verification_is_recorded_and_the_last_one_reported():
    assert last_verification() is None
    DjangoApplicationRecorder().insert_events(_stream(2))
    verify_chain()
    _tamper("UPDATE eventstore_events SET topic = 'Other' WHERE notification_id = 2")

    verify_chain()
    last = last_verification()

    assert (last.ok, last.checked, last.first_broken_position) == (False, 2, 2)
    assert last.started_at <= last.finished_at


def _store_with_a_tampered_event(position=5):
    recorder = DjangoApplicationRecorder()
    streams = [_stream(3) for _ in range(3)]
    for stream in streams:
        recorder.insert_events(stream)
    _tamper(
        "UPDATE eventstore_events SET state = %s WHERE notification_id = %s",
        [b'{"a":2}', position],
    )
    return streams[1][1]  # position 5: the second stream's second event


def test_an_event_altered_behind_the_services_back_is_named_by_verify_events():
    altered = _store_with_a_tampered_event()

    with pytest.raises(CommandError) as raised:
        call_command("verify_events", "--batch-size=2", stdout=StringIO())

    message = str(raised.value)
    assert "position 5 " in message
    assert f"stream {altered.originator_id} version 2" in message
    assert raised.value.returncode == 1
    assert last_verification().first_broken_position == 5


def test_removing_an_event_breaks_the_link_of_the_next_one():
    DjangoApplicationRecorder().insert_events(_stream(4))
    _tamper("DELETE FROM eventstore_events WHERE notification_id = 2")

    result = verify_chain()

    assert (result.ok, result.first_broken_position, result.head_position) == (False, 3, 1)


def test_an_event_slipped_into_a_gap_breaks_the_link_of_the_next_one():
    recorder = DjangoApplicationRecorder()
    recorder.insert_events(_stream(1))
    with pytest.raises(RuntimeError), transaction.atomic():
        recorder.insert_events(_stream(2))  # positions 2 and 3 are never committed
        raise RuntimeError("the request failed after saving")
    recorder.insert_events(_stream(1))
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO eventstore_events"
            " (notification_id, originator_id, originator_version, topic, state)"
            " OVERRIDING SYSTEM VALUE VALUES (2, %s, 1, 'Forged', '\\x00'::bytea)",
            [uuid4()],
        )

    result = verify_chain()

    assert (result.ok, result.first_broken_position, result.head_position) == (False, 4, 2)


def test_verify_events_reports_success_with_the_count_and_progress():
    DjangoApplicationRecorder().insert_events(_stream(5))
    out = StringIO()

    call_command("verify_events", "--batch-size=2", verbosity=2, stdout=out)

    assert "5 events intact up to position 5" in out.getvalue()
    assert "4 events checked, position 4 of 5" in out.getvalue()


def _verify_events_process():
    return subprocess.run(
        [sys.executable, "manage.py", "verify_events"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": test_database_url()},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_verify_events_exits_1_naming_the_altered_event_and_0_when_intact():
    altered = _store_with_a_tampered_event()

    broken = _verify_events_process()
    _tamper("UPDATE eventstore_events SET state = %s WHERE notification_id = 5", [b'{"a":1}'])
    intact = _verify_events_process()

    assert broken.returncode == 1, broken.stderr
    assert "position 5 " in broken.stderr
    assert f"stream {altered.originator_id} version 2" in broken.stderr
    assert intact.returncode == 0, intact.stderr
    assert "9 events intact up to position 9" in intact.stdout


def test_the_migration_hashes_events_stored_before_it_in_position_order():
    call_command("migrate", "eventstore", "0001", verbosity=0)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO eventstore_events (originator_id, originator_version, topic, state)"
                " SELECT gen_random_uuid(), 1, 'Old', convert_to(n::text, 'UTF8')"
                " FROM generate_series(1, 50) AS n"
            )
    finally:
        call_command("migrate", "eventstore", verbosity=0)

    rows = _stored_rows()

    assert [row[5] for row in rows] == _recomputed(rows)
    assert verify_chain().checked == 50
