"""P5: rebuild every projection from the event store, against reading and decoding the same events.

Run: `.venv/bin/python -m benchmarks.p5_rebuild [EVENTS]` (default 100,000; `make bench` runs
100,000; 1,000,000 takes a quarter of an hour to generate on two cores). The events are spread
over programs of 1,000 events each (a 12-week program of 384 entries built event by event, then
363 prescription changes), one stream per program, plus the exercise library's streams. Each
projection is rebuilt as `manage.py rebuild_projections` does; the baseline pages through the
whole log and decodes every event into its domain event without projecting.
"""

from __future__ import annotations

import sys
import time
from typing import Any

from benchmarks.harness import Report, bars, bench_database, sized
from benchmarks.programs import TWELVE_WEEKS, a_coach, build_program, system_exercises

PER_PROGRAM = 1_000
PAGE = 1_000


def read_and_decode() -> int:
    """Every stored event, paged by position and decoded into its domain event."""
    from builder.bootstrap import builder

    app, count, start = builder(), 0, 1
    while True:
        page = app.recorder.select_notifications(start=start, limit=PAGE)
        for notification in page:
            app.mapper.to_domain_event(notification)
        count += len(page)
        if len(page) < PAGE:
            return count
        start = page[-1].id + 1


def main(events: int | None = None) -> dict[str, Any]:
    events = events or sized(100_000, 10_000)
    programs = events // PER_PROGRAM
    report = Report(
        "p5",
        f"rebuild every projection over {events:,} events",
        workload=f"{programs} programs x {PER_PROGRAM} events ({TWELVE_WEEKS.event_count} "
        f"building a 12-week program of {TWELVE_WEEKS.entry_count} entries, then prescription "
        f"changes), one stream per program; plus the exercise library",
        settings={"events": events, "page": PAGE},
    )
    with bench_database():
        from builder.bootstrap import builder
        from builder.management.commands.rebuild_projections import PROJECTIONS

        coach, _ = a_coach()
        exercises = system_exercises(coach.id)
        started = time.perf_counter()
        edits = PER_PROGRAM - TWELVE_WEEKS.event_count
        for seed in range(programs):
            builder().save(build_program(coach, TWELVE_WEEKS, exercises, edits=edits, seed=seed))
        report.note(f"generating the events took {time.perf_counter() - started:.0f} s")
        started = time.perf_counter()
        decoded = read_and_decode()
        decode_s = time.perf_counter() - started
        rebuilt: dict[str, tuple[int, float]] = {}
        for name, rebuild in PROJECTIONS.items():
            started = time.perf_counter()
            count = rebuild()
            rebuilt[name] = (count, time.perf_counter() - started)
    total_s = sum(seconds for _, seconds in rebuilt.values())
    rate = decoded / total_s
    report.measure("rebuild, all projections", rate, "events/s")
    for name, (count, seconds) in rebuilt.items():
        report.measure(f"  {name} ({count:,} events)", count / seconds, "events/s")
    report.measure("read + decode, no projection", decoded / decode_s, "events/s", baseline=True)
    report.measure("rebuild time", total_s, "s")
    report.ratio("rebuild / read+decode", rate / (decoded / decode_s))
    report.target("rebuild rate", ">= 50,000 events/s", f"{rate:,.0f} events/s", rate >= 50_000)
    report.note(
        "worker projection throughput and commit-to-visible latency: not measurable yet, the "
        "worker projection engine (manage.py run_projections) is not in this code base"
    )
    report.series = {"rebuild": rate, "read + decode": decoded / decode_s}
    return report.finish(
        lambda axes, r: bars(axes, list(r.series), list(r.series.values()), "events/s")
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else None)
