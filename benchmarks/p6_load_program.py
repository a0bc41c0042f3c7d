"""P6: load a program with 10,000 events, cold (every event) and from a snapshot.

Run: `.venv/bin/python -m benchmarks.p6_load_program`. One stream: a 12-week program (384
entries, 637 events) then 9,363 prescription changes to random entries, 10,000 events in all.
Cold: the application's repository class (eventstore.repository) without a snapshot store reads
and folds all 10,000 events; the library's own repository is timed beside it, as a reference.
With snapshots: the application's repository loads the latest snapshot (taken at version
10,000, as the snapshot interval of 50 does) and the events after it (none). The process's
program cache is not used by either.
"""

from __future__ import annotations

import time
from contextlib import suppress
from typing import Any

from benchmarks.harness import Report, bars, bench_database, latency_summary, sized
from benchmarks.programs import TWELVE_WEEKS, a_coach, save_programs, system_exercises

EVENTS = 10_000


def main() -> dict[str, Any]:
    loads = sized(10, 5)
    report = Report(
        "p6",
        "load a program of 10,000 events, cold and with snapshots",
        workload=f"one stream: {TWELVE_WEEKS}, then prescription changes up to {EVENTS} "
        f"events; {loads} loads each way, interleaved",
        settings={"snapshot_interval": 50, "loads": loads},
    )
    with bench_database():
        from eventsourcing.application import Repository
        from eventsourcing.persistence import IntegrityError, RecordConflictError

        from builder.wiring import builder

        coach, _ = a_coach()
        edits = EVENTS - TWELVE_WEEKS.event_count
        (program_id,) = save_programs(
            coach, TWELVE_WEEKS, system_exercises(coach.id), count=1, edits=edits
        )
        app = builder()
        # Generated with the save already when 10,000 is a multiple of the snapshot interval.
        with suppress(IntegrityError, RecordConflictError):
            app.take_snapshot(program_id)
        cold = type(app.repository)(app.events)
        library = Repository(app.events)
        samples: dict[str, list[float]] = {
            "cold (10,000 events)": [],
            "with snapshot": [],
            "cold, the library's repository": [],
        }
        for _ in range(loads):
            started = time.perf_counter()
            loaded = cold.get(program_id)
            samples["cold (10,000 events)"].append(time.perf_counter() - started)
            assert loaded.version == EVENTS
            started = time.perf_counter()
            loaded = app.repository.get(program_id)
            samples["with snapshot"].append(time.perf_counter() - started)
            assert loaded.version == EVENTS
            started = time.perf_counter()
            loaded = library.get(program_id)
            samples["cold, the library's repository"].append(time.perf_counter() - started)
            assert loaded.version == EVENTS
    cold_ms, snap_ms, library_ms = (latency_summary(v) for v in samples.values())
    report.measure("cold p50", cold_ms["p50_ms"], "ms")
    report.measure("cold p95", cold_ms["p95_ms"], "ms")
    report.measure("with snapshot p50", snap_ms["p50_ms"], "ms")
    report.measure("with snapshot p95", snap_ms["p95_ms"], "ms")
    report.measure("cold, the library's repository p50", library_ms["p50_ms"], "ms", baseline=True)
    report.ratio("cold p50 / snapshot p50", cold_ms["p50_ms"] / snap_ms["p50_ms"])
    report.ratio("library's cold p50 / ours", library_ms["p50_ms"] / cold_ms["p50_ms"])
    cold_p50, snap_p50 = cold_ms["p50_ms"], snap_ms["p50_ms"]
    report.target("cold", "<= 200 ms", f"{cold_p50:.1f} ms (p50)", cold_p50 <= 200)
    report.target("with snapshots", "<= 3 ms", f"{snap_p50:.2f} ms (p50)", snap_p50 <= 3)
    report.series = {k: [t * 1000 for t in v] for k, v in samples.items()}
    return report.finish(
        lambda axes, r: bars(
            axes,
            list(samples),
            [cold_ms["p50_ms"], snap_ms["p50_ms"], library_ms["p50_ms"]],
            "p50 (ms)",
        )
    )


if __name__ == "__main__":
    main()
