"""P4: GET the 52-week program document, with its SQL queries, against replaying the program.

Run: `.venv/bin/python -m benchmarks.p4_read_document`. The 52-week program (3,120 entries, one
stream) is read through Django's whole stack (middleware, token authentication, view, JSON
rendering) in process, counting the SQL queries of each request; the baseline answers the same
question from the event store: fold every event of the stream into the aggregate (no snapshot,
no cache) and render it. Both run interleaved in rounds.
"""

from __future__ import annotations

import time
from typing import Any

from benchmarks.harness import Report, bars, bench_database, latency_summary, sized
from benchmarks.programs import FIFTY_TWO_WEEKS, a_coach, saved_program, system_exercises

ROUND = 5


def main() -> dict[str, Any]:
    reads = sized(20, 10)
    report = Report(
        "p4",
        "GET the 52-week program document vs replaying it from its events",
        workload=f"one stream: {FIFTY_TWO_WEEKS}; {reads} GETs through Django's stack in "
        f"process and {reads} replays (fold every event, render), interleaved in rounds of "
        f"{ROUND}",
        settings={"reads": reads},
    )
    with bench_database():
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from builder.wiring import builder
        from projections.program_document import render

        coach, token = a_coach()
        program = saved_program(coach, FIFTY_TWO_WEEKS, system_exercises(coach.id), seed=2)
        client = Client(HTTP_AUTHORIZATION=f"Token {token}")
        url = f"/api/programs/{program.id}/"
        queries: list[int] = []

        def read() -> float:
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
                assert response.status_code == 200, response.content[:300]
                response.content  # noqa: B018 - the rendered body, as a client receives it
            elapsed = time.perf_counter() - started
            queries.append(len(captured))
            return elapsed

        def replay() -> float:
            started = time.perf_counter()
            folded = None
            for event in builder().events.get(program.id):
                folded = event.mutate(folded)
            render(folded)
            return time.perf_counter() - started

        samples: dict[str, list[float]] = {"GET document": [], "replay + render": []}
        read(), replay()  # warm up
        for _ in range(reads // ROUND):
            samples["GET document"].extend(read() for _ in range(ROUND))
            samples["replay + render"].extend(replay() for _ in range(ROUND))
    get, rep = (latency_summary(samples[k]) for k in samples)
    report.measure("GET document p50", get["p50_ms"], "ms")
    report.measure("GET document p95", get["p95_ms"], "ms")
    report.measure("replay + render p50", rep["p50_ms"], "ms", baseline=True)
    report.measure("replay + render p95", rep["p95_ms"], "ms", baseline=True)
    report.measure("SQL queries per GET (max)", max(queries), "queries")
    speedup = report.ratio("replay p50 / GET p50", rep["p50_ms"] / get["p50_ms"])
    report.target("faster than replay", ">= 20x", f"{speedup:.1f}x", speedup >= 20)
    report.target("queries", "<= 3", str(max(queries)), max(queries) <= 3)
    report.series = {k: [t * 1000 for t in v] for k, v in samples.items()}
    return report.finish(
        lambda axes, r: bars(
            axes, ["GET document", "replay + render"], [get["p50_ms"], rep["p50_ms"]], "p50 (ms)"
        )
    )


if __name__ == "__main__":
    main()
