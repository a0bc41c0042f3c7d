"""P1: one writer appending one-event saves: our recorder, the library's and raw psycopg.

Run: `.venv/bin/python -m benchmarks.p1_append`. Each contender appends the same number of
one-event saves, each its own transaction, each to a new stream (version 1), with a ~400-byte
PrescriptionChanged state. Contenders run in rounds, interleaved, so that drift touches all:
- ours: `eventstore.recorders.DjangoApplicationRecorder` on Django's connection (table lock,
  hash chain, NOTIFY, lock timeout);
- the library: `eventsourcing.postgres.PostgresApplicationRecorder` (psycopg 3, its own pool,
  library defaults but lock_timeout=5 s, since its default waits forever);
- raw: psycopg `INSERT` + `COMMIT` of an equivalent row into a table with the same unique key.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any

from benchmarks.harness import Report, bars, bench_database, psycopg_params, sized

STATE = (
    b'{"entry_id":"2b1f0c5e9a7d4c3b8e6f1a2d3c4b5a69","prescription":{"sets":5,"reps":'
    b'{"min":3,"max":5},"each_side":false,"load":{"type":"percent_1rm","percent":85},'
    b'"effort":{"rpe":8.5},"tempo":"31X1","rest_s":180,"duration_s":null,"distance_m":null,'
    b'"set_type":"normal"},"previous":{"sets":5,"reps":{"min":3,"max":5},"each_side":false,'
    b'"load":{"type":"percent_1rm","percent":80},"effort":null,"tempo":null,"rest_s":180},'
    b'"actor_id":"6f0e1d2c3b4a59687766554433221100",'
    b'"correlation_id":"0a1b2c3d4e5f60718293a4b5c6d7e8f9","timestamp":"2026-11-28T10:00:00+00:00"}'
)
TOPIC = "builder.domain.program:Program.PrescriptionChanged"
ROUND = 250


def stored_event() -> Any:
    from eventsourcing.persistence import StoredEvent

    return StoredEvent(uuid.uuid4(), 1, TOPIC, STATE)


def ours() -> Callable[[Any], None]:
    from eventstore.recorders import DjangoApplicationRecorder

    recorder = DjangoApplicationRecorder()
    return lambda event: recorder.insert_events([event])


def library_recorder(table: str = "library_events", *, create: bool = True) -> Any:
    """The library's recorder on the benchmark database (creating its table unless told)."""
    from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore

    params = psycopg_params()
    datastore = PostgresDatastore(
        dbname=params["dbname"],
        host=params.get("host") or "localhost",
        port=params.get("port") or 5432,
        user=params.get("user") or "",
        password=params.get("password") or "",
        lock_timeout=5,
    )
    recorder = PostgresApplicationRecorder(datastore, events_table_name=table)
    if create:
        recorder.create_table()
    return recorder


def raw() -> Callable[[Any], None]:
    import psycopg

    connection = psycopg.connect(**psycopg_params())
    connection.execute(
        "CREATE TABLE raw_events (id bigserial PRIMARY KEY, originator_id uuid, version bigint,"
        " topic text, state bytea, UNIQUE (originator_id, version))"
    )
    connection.commit()

    def insert(event: Any) -> None:
        connection.execute(
            "INSERT INTO raw_events (originator_id, version, topic, state) VALUES (%s, %s, %s, %s)",
            (event.originator_id, event.originator_version, event.topic, event.state),
        )
        connection.commit()

    return insert


def main() -> dict[str, Any]:
    count = sized(2000, 500)
    report = Report(
        "p1",
        "one writer appending one-event saves",
        workload=f"{count} saves per contender, one event each (~{len(STATE)}-byte state), "
        f"each to a new stream, each its own transaction; contenders interleaved in rounds of "
        f"{ROUND}",
        settings={"lock_timeout": "5 s (ours and the library's)", "saves": count},
    )
    with bench_database():
        library = library_recorder()
        contenders: dict[str, Callable[[Any], None]] = {
            "ours (eventstore.recorders)": ours(),
            "eventsourcing.postgres recorder": lambda e: library.insert_events([e]),
            "raw psycopg INSERT + COMMIT": raw(),
        }
        elapsed = dict.fromkeys(contenders, 0.0)
        for _ in range(count // ROUND):
            for label, append in contenders.items():
                batch = [stored_event() for _ in range(ROUND)]
                started = time.perf_counter()
                for event in batch:
                    append(event)
                elapsed[label] += time.perf_counter() - started
        library.datastore.close()
    rates = {label: (count // ROUND * ROUND) / seconds for label, seconds in elapsed.items()}
    for label, rate in rates.items():
        report.measure(label, rate, "saves/s", baseline=not label.startswith("ours"))
    ours_rate, library_rate, raw_rate = rates.values()
    versus_library = report.ratio("ours / library", ours_rate / library_rate)
    versus_raw = report.ratio("ours / raw", ours_rate / raw_rate)
    report.target("vs library", ">= 1.5x", f"{versus_library:.2f}x", versus_library >= 1.5)
    report.target("vs raw", ">= 0.5x", f"{versus_raw:.2f}x", versus_raw >= 0.5)
    report.series = rates
    return report.finish(lambda axes, r: bars(axes, list(rates), list(rates.values()), "saves/s"))


if __name__ == "__main__":
    main()
