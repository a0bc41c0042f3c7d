"""P5 (worker): worker projection throughput over a backlog, and commit-to-visible latency.

Run: `.venv/bin/python -m benchmarks.p5_worker`. `manage.py run_projections` runs as its own
process. Throughput: programs of 12 weeks (637 events each, one stream each) are saved in one
transaction while the worker waits, and the time from its commit until each worker projection
has reached the last position is taken. Latency: single prescription changes are committed one
at a time, and the time from the commit returning until the audit timeline has reached the
change's position is taken by polling the projection's recorded position (as the API's
read-your-writes wait does).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from typing import Any

from benchmarks.harness import ROOT, Report, bench_database, latency_cdf, latency_summary, sized
from benchmarks.programs import (
    PRESCRIPTIONS,
    TWELVE_WEEKS,
    a_coach,
    actor_for,
    build_program,
    entry_ids,
    system_exercises,
)

TIMELINE = "audit_timeline"


def _until_reached(names: list[str], target: int, timeout: float = 600) -> float:
    """Seconds until every projection in `names` reflects every event up to `target`."""
    from projections import status

    started = time.perf_counter()
    deadline = started + timeout
    while not all(status.reached(name, target) for name in names):
        if time.perf_counter() > deadline:
            raise TimeoutError(f"{names} did not reach {target} within {timeout} s")
        time.sleep(0.0005)  # polling the recorded position, bounded by the deadline
    return time.perf_counter() - started


def main() -> dict[str, Any]:
    programs, edits = sized(20, 4), sized(200, 40)
    report = Report(
        "p5w",
        "worker projections: throughput and commit-to-visible latency",
        workload=f"backlog: {programs} programs of 12 weeks ({TWELVE_WEEKS.event_count} events "
        f"each, one stream each); latency: {edits} single prescription changes, one at a time",
        settings={"programs": programs, "edits": edits},
    )
    with bench_database():
        from django.db import transaction

        from builder.wiring import builder
        from projections.registry import WORKER_PROJECTIONS

        names = list(WORKER_PROJECTIONS)
        coach, _ = a_coach()
        exercises = system_exercises(coach.id)
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "run_projections"],
            cwd=ROOT,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "benchmarks.settings"},
        )
        try:
            app = builder()
            # The worker is up once it has projected a first program's creation.
            app.save(build_program(coach, TWELVE_WEEKS.__class__(0, 0, 0, 0), exercises))
            _until_reached(names, app.recorder.max_notification_id(), timeout=120)
            backlog = [
                build_program(coach, TWELVE_WEEKS, exercises, seed=s) for s in range(programs)
            ]
            # One transaction: the worker meets the whole backlog at once when it commits, and
            # is timed from there, rather than projecting while the programs are being saved.
            with transaction.atomic():
                for program in backlog:
                    app.save(program)
            events = programs * TWELVE_WEEKS.event_count
            seconds = _until_reached(names, app.recorder.max_notification_id())
            latencies = _latencies(app, coach, backlog[0], edits)
        finally:
            worker.terminate()
            worker.wait(timeout=30)
    rate = report.measure(
        f"worker throughput, {len(names)} projections", events / seconds, "events/s"
    )
    visible = latency_summary(latencies)
    for key in ("p50_ms", "p95_ms", "p99_ms"):
        report.measure(f"commit to visible ({TIMELINE}) {key[:3]}", visible[key], "ms")
    report.target(
        "worker rate per projection", ">= 1,500 events/s", f"{rate:,.0f} events/s", rate >= 1500
    )
    report.target("visible p95", "<= 10 ms", f"{visible['p95_ms']:.1f} ms", visible["p95_ms"] <= 10)
    report.target("visible p99", "<= 50 ms", f"{visible['p99_ms']:.1f} ms", visible["p99_ms"] <= 50)
    report.note("the backlog's rate includes every worker projection following the log together")
    report.series = {"commit to visible": [t * 1000 for t in latencies]}
    return report.finish(lambda axes, r: latency_cdf(axes, r.series))


def _latencies(app: Any, coach: Any, program: Any, edits: int) -> list[float]:
    entries = entry_ids(program)
    version = program.version
    latencies = []
    for n in range(edits):
        saved = app.change_prescription(
            program.id,
            actor=actor_for(coach),
            expected_version=version,
            entry_id=entries[n % len(entries)],
            prescription=PRESCRIPTIONS[n % len(PRESCRIPTIONS)],
        )
        version = saved.aggregate.version
        latencies.append(_until_reached([TIMELINE], saved.position, timeout=30))
    return latencies


if __name__ == "__main__":
    main()
