"""P5: rebuild every projection from the event store, against reading and decoding the same events.

Run: `.venv/bin/python -m benchmarks.p5_rebuild [EVENTS]` (default 100,000; `make bench` runs
100,000; 1,000,000 take about 20 minutes to generate on two idle cores). The events are spread
over programs of 1,000 events each (a 12-week program of 384 entries built event by event, then
363 prescription changes), one stream per program, plus the exercise library's streams. Each
projection is rebuilt by `manage.py rebuild_projections <name>` (blue/green, readers switched
over at the end), one after the other, each timed; the baseline pages through the
whole log and decodes every event into its domain event without projecting.
"""

from __future__ import annotations

import io
import sys
import time
from typing import Any

from benchmarks.harness import Report, bars, bench_database, sized
from benchmarks.programs import (
    GENERATORS,
    TWELVE_WEEKS,
    a_coach,
    save_programs,
    system_exercises,
)

PER_PROGRAM = 1_000
PAGE = 1_000


def read_and_decode() -> int:
    """Every stored event, paged by position and decoded into its domain event."""
    from builder.wiring import builder

    app, count, start = builder(), 0, 1
    while True:
        page = app.recorder.select_notifications(start=start, limit=PAGE)
        for notification in page:
            app.mapper.to_domain_event(notification)
        count += len(page)
        if len(page) < PAGE:
            return count
        start = page[-1].id + 1


def rebuild(name: str) -> tuple[float, str]:
    """`manage.py rebuild_projections <name>`: its seconds and its last line of output."""
    from django.core.management import call_command

    output = io.StringIO()
    started = time.perf_counter()
    call_command("rebuild_projections", name, stdout=output)
    seconds = time.perf_counter() - started
    return seconds, output.getvalue().strip().splitlines()[-1]


def main(events: int | None = None) -> dict[str, Any]:
    events = events or sized(100_000, 10_000)
    programs = events // PER_PROGRAM
    report = Report(
        "p5",
        f"rebuild every projection over {events:,} events",
        workload=f"{programs} programs x {PER_PROGRAM} events ({TWELVE_WEEKS.event_count} "
        f"building a 12-week program of {TWELVE_WEEKS.entry_count} entries, then prescription "
        f"changes), one stream per program; plus the exercise library",
        settings={"events": events, "page": PAGE, "generators": GENERATORS},
    )
    with bench_database():
        from projections.registry import READ_MODELS

        coach, _ = a_coach()
        exercises = system_exercises(coach.id)
        started = time.perf_counter()
        edits = PER_PROGRAM - TWELVE_WEEKS.event_count
        save_programs(coach, TWELVE_WEEKS, exercises, count=programs, edits=edits)
        report.note(
            f"generating the events took {time.perf_counter() - started:.0f} s"
            f" ({GENERATORS} processes)"
        )
        started = time.perf_counter()
        decoded = read_and_decode()
        decode_s = time.perf_counter() - started
        rebuilt = {name: rebuild(name) for name in READ_MODELS}
    total_s = sum(seconds for seconds, _ in rebuilt.values())
    rate = decoded / total_s
    baseline = decoded / decode_s
    report.measure("rebuild, all projections", rate, "events/s")
    for name, (seconds, said) in rebuilt.items():
        report.measure(f"  {name}", decoded / seconds, "events/s")
        report.note(f"{name}: {seconds:.1f} s; the command said: {said}")
    report.measure("read + decode, no projection", baseline, "events/s", baseline=True)
    report.measure("rebuild time, all projections", total_s, "s")
    report.ratio("rebuild / read+decode", rate / baseline)
    report.target("rebuild rate", ">= 50,000 events/s", f"{rate:,.0f} events/s", rate >= 50_000)
    report.note(
        f"events/s are the log's {decoded:,} events over the seconds each rebuild took; the"
        " worker projections' throughput and commit-to-visible latency are P5w's"
    )
    report.series = {
        **{name: decoded / seconds for name, (seconds, _) in rebuilt.items()},
        "all projections": rate,
        "read + decode": baseline,
    }
    return report.finish(
        lambda axes, r: bars(axes, list(r.series), list(r.series.values()), "events/s")
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else None)
