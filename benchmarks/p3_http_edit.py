"""P3: change a prescription over HTTP, against a DRF endpoint that does nothing on the same server.

Run: `.venv/bin/python -m benchmarks.p3_http_edit`. Two programs (12 weeks of 384 entries and
52 weeks of 3,120 entries, each one stream) are built through the domain's commands; gunicorn
serves the service on loopback as production does; one keep-alive client sends
`PATCH /api/programs/{id}/entries/{entry}/` with a new prescription and the current `If-Match`,
each time to a random entry, and times each request from send to the last byte of the answer.
The no-op endpoint (token authentication, JSON body parsed, empty answer) is timed in the same
rounds, interleaved, so that the machine's drift touches both alike.
"""

from __future__ import annotations

import random
import time
from typing import Any

from benchmarks.harness import Report, bench_database, latency_cdf, latency_summary, sized
from benchmarks.programs import (
    FIFTY_TWO_WEEKS,
    PRESCRIPTIONS,
    TWELVE_WEEKS,
    a_coach,
    entry_ids,
    saved_program,
    system_exercises,
)
from benchmarks.server import THREADS, WORKERS, Client, gunicorn

ROUND = 10
MINIMAL = {"Prefer": "return=minimal"}


class Editor:
    """Changes prescriptions of one program, keeping its ETag as a client would."""

    # The ETag of each program, shared by the editors of one program (full and minimal answers).
    etags: dict[Any, str] = {}

    def __init__(self, client: Client, program: Any, headers: dict[str, str]) -> None:
        self.client, self.headers, self.program_id = client, headers, program.id
        self.path = f"/api/programs/{program.id}/entries"
        self.entries = entry_ids(program)
        self.etags.setdefault(program.id, f'"{program.version}"')
        self.rng = random.Random(7)  # noqa: S311 - a reproducible choice of entries

    def edit(self) -> float:
        body = {"prescription": self.rng.choice(PRESCRIPTIONS)}
        url = f"{self.path}/{self.rng.choice(self.entries)}/"
        started = time.perf_counter()
        status, headers, answer = self.client.call(
            "PATCH", url, body, **{"If-Match": self.etags[self.program_id]}, **self.headers
        )
        elapsed = time.perf_counter() - started
        assert status == 200, answer[:500]
        self.etags[self.program_id] = headers["ETag"]
        return elapsed


class Noop:
    def __init__(self, client: Client) -> None:
        self.client = client

    def edit(self) -> float:
        started = time.perf_counter()
        status, _, answer = self.client.call("PATCH", "/bench/noop/", {"prescription": {}})
        elapsed = time.perf_counter() - started
        assert status == 200, answer[:500]
        return elapsed


def main() -> dict[str, Any]:
    edits = sized(200, 40)
    report = Report(
        "p3",
        "HTTP edit (change a prescription) through gunicorn on loopback",
        workload=f"one stream per program: 12 weeks ({TWELVE_WEEKS}) and 52 weeks "
        f"({FIFTY_TWO_WEEKS}); {edits} PATCHes each to random entries, answered with the "
        f"program document or (Prefer: return=minimal) without; one keep-alive client, "
        f"interleaved in rounds of {ROUND} with a DRF no-op PATCH on the same server",
        settings={"gunicorn_workers": WORKERS, "gunicorn_threads": THREADS, "edits": edits},
    )
    with bench_database():
        coach, token = a_coach()
        exercises = system_exercises(coach.id)
        programs = {
            "12 weeks": saved_program(coach, TWELVE_WEEKS, exercises, seed=1),
            "52 weeks": saved_program(coach, FIFTY_TWO_WEEKS, exercises, seed=2),
        }
        with gunicorn() as address:
            client = Client(address, token)
            contenders: dict[str, Any] = {"no-op endpoint": Noop(client)}
            for label, program in programs.items():
                contenders[f"edit {label}"] = Editor(client, program, {})
            for label, program in programs.items():
                contenders[f"edit {label}, minimal"] = Editor(client, program, MINIMAL)
            samples = _run(contenders, edits)
            client.close()
    summaries = {label: latency_summary(times) for label, times in samples.items()}
    for label, summary in summaries.items():
        for key in ("p50_ms", "p95_ms", "p99_ms"):
            report.measure(f"{label} {key[:3]}", summary[key], "ms", baseline="no-op" in label)
    noop = summaries["no-op endpoint"]["p50_ms"]
    for label in samples:
        if label.startswith("edit"):
            report.ratio(f"{label} p50 / no-op p50", summaries[label]["p50_ms"] / noop)
    for answer in ("", ", minimal"):
        small, large = summaries[f"edit 12 weeks{answer}"], summaries[f"edit 52 weeks{answer}"]
        what = "minimal answer" if answer else "document answer"
        _target(report, f"12 weeks p50 ({what})", small["p50_ms"], 10)
        _target(report, f"12 weeks p99 ({what})", small["p99_ms"], 40)
        _target(report, f"52 weeks p99 ({what})", large["p99_ms"], 100)
    report.series = {label: [t * 1000 for t in times] for label, times in samples.items()}
    return report.finish(lambda axes, r: latency_cdf(axes, r.series))


def _target(report: Report, name: str, measured: float, goal: float) -> None:
    report.target(name, f"<= {goal:.0f} ms", f"{measured:.1f} ms", measured <= goal)


def _run(contenders: dict[str, Any], count: int) -> dict[str, list[float]]:
    for contender in contenders.values():  # warm up: connections, caches, code paths
        for _ in range(ROUND):
            contender.edit()
    samples: dict[str, list[float]] = {label: [] for label in contenders}
    for _ in range(count // ROUND):
        for label, contender in contenders.items():
            samples[label].extend(contender.edit() for _ in range(ROUND))
    return samples


if __name__ == "__main__":
    main()
