"""Append rate of one-event saves: our recorder against the library's and raw psycopg.

Run: `.venv/bin/python -m benchmarks.append_rate [COUNT]`. It creates Django's test database on
the configured PostgreSQL (embedded unless DATABASE_URL is set), appends COUNT one-event saves
to COUNT different streams (one writer, each save its own transaction, ~300-byte events) through
each contender in the same run, prints saves per second and the ratios, and drops the database.
"""

from __future__ import annotations

import os
import sys
import time
import uuid
from collections.abc import Callable

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "builder.settings")

import django

django.setup()

import psycopg  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402
from eventsourcing.persistence import StoredEvent  # noqa: E402
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore  # noqa: E402

from eventstore.recorders import DjangoApplicationRecorder  # noqa: E402

STATE = (
    b'{"entry_id":"2b1f0c5e9a7d4c3b8e6f1a2d3c4b5a69","prescription":{"sets":5,"reps":'
    b'{"min":3,"max":5},"each_side":false,"load":{"type":"percent_1rm","percent":85},'
    b'"effort":{"rpe":8.5},"tempo":"31X1","rest_s":180,"duration_s":null,"distance_m":null,'
    b'"set_type":"normal"},"actor_id":"6f0e1d2c3b4a59687766554433221100",'
    b'"correlation_id":"0a1b2c3d4e5f60718293a4b5c6d7e8f9","timestamp":"2026-11-28T10:00:00+00:00"}'
)
TOPIC = "builder.domain.program:Program.PrescriptionChanged"


def events(count: int) -> list[StoredEvent]:
    return [StoredEvent(uuid.uuid4(), 1, TOPIC, STATE) for _ in range(count)]


def rate(label: str, count: int, append: Callable[[StoredEvent], object]) -> float:
    batch = events(count)
    started = time.perf_counter()
    for stored in batch:
        append(stored)
    per_second = count / (time.perf_counter() - started)
    print(f"{label:44} {per_second:9.0f} saves/s")
    return per_second


def library_recorder() -> PostgresApplicationRecorder:
    params = connection.get_connection_params()
    datastore = PostgresDatastore(
        dbname=params["dbname"],
        host=params.get("host") or "localhost",
        port=params.get("port") or 5432,
        user=params.get("user") or "",
        password=params.get("password") or "",
        lock_timeout=5,
    )
    recorder = PostgresApplicationRecorder(datastore, events_table_name="library_events")
    recorder.create_table()
    return recorder


def raw_inserter() -> Callable[[StoredEvent], None]:
    params = {k: v for k, v in connection.get_connection_params().items() if v is not None}
    params.pop("cursor_factory", None)
    params.pop("context", None)
    raw = psycopg.connect(**params)
    raw.execute(
        "CREATE TABLE raw_events (id bigserial PRIMARY KEY, originator_id uuid, version bigint,"
        " topic text, state bytea, UNIQUE (originator_id, version))"
    )
    raw.commit()

    def insert(stored: StoredEvent) -> None:
        raw.execute(
            "INSERT INTO raw_events (originator_id, version, topic, state) VALUES (%s, %s, %s, %s)",
            (stored.originator_id, stored.originator_version, stored.topic, stored.state),
        )
        raw.commit()

    return insert


def command_rate(count: int) -> None:
    """Whole one-event commands: load, decide, append, project inline, commit."""
    from builder.bootstrap import builder
    from builder.domain import Actor

    app, actor = builder(), Actor(uuid.uuid4(), "bench")
    ids = [uuid.uuid4() for _ in range(count)]
    for program_id in ids:
        app.create_program(actor=actor, program_id=program_id, title="Bench")
    started = time.perf_counter()
    for program_id in ids:
        app.rename_program(program_id, actor=actor, expected_version=1, title="Renamed")
    per_second = count / (time.perf_counter() - started)
    print(f"{'rename_program command (2-event streams)':44} {per_second:9.0f} commands/s")


def main(count: int) -> None:
    old = setup_databases(verbosity=0, interactive=False)
    try:
        print(f"{count} one-event saves on {count} streams, one writer, {len(STATE)}-byte events")
        recorder = DjangoApplicationRecorder()
        ours = rate(
            "ours (eventstore.recorders, Django connection)",
            count,
            lambda e: recorder.insert_events([e]),
        )
        library = library_recorder()
        theirs = rate(
            "eventsourcing.postgres (lock_timeout=5 s)", count, lambda e: library.insert_events([e])
        )
        library.datastore.close()
        raw = rate("raw psycopg INSERT + COMMIT", count, raw_inserter())
        print(f"ours / library = {ours / theirs:.2f}x   ours / raw = {ours / raw:.2f}x")
        command_rate(count)
    finally:
        connection.close()
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
