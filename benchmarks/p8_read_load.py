"""P8: the read endpoints under load: wrk, 32 connections, on loopback through gunicorn.

Run: `.venv/bin/python -m benchmarks.p8_read_load [SECONDS]` (default 20 s per endpoint;
`make bench QUICK=1` runs 5 s). Needs `wrk` (Debian: `apt-get install wrk`). A coach owns 20
programs of 12 weeks (384 entries each, one stream each) and the exercise library holds the
starter exercises; wrk (2 threads, 32 keep-alive connections, the coach's token) reads in turn
the program list, one program document and an exercise search, each for SECONDS. A small Lua
script reports p50/p95/p99 and every error (connection, timeout, non-2xx).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.harness import Report, bench_database, sized
from benchmarks.programs import TWELVE_WEEKS, a_coach, save_programs, system_exercises
from benchmarks.server import THREADS, WORKERS, gunicorn

CONNECTIONS = 32
PROGRAMS = 20
REPORT_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write("RESULT ", string.format(
    '{"requests": %d, "seconds": %f, "p50_us": %d, "p95_us": %d, "p99_us": %d, '
    .. '"max_us": %d, "connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}',
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout), "\\n")
end
"""


def wrk(url: str, token: str, seconds: int, script: Path) -> dict[str, Any]:
    command = [
        "wrk",
        "-t2",
        f"-c{CONNECTIONS}",
        f"-d{seconds}s",
        "--timeout=10s",
        f"-s{script}",
        "-H",
        f"Authorization: Token {token}",
        url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    line = next(x for x in output.splitlines() if x.startswith("RESULT "))
    result = json.loads(line.removeprefix("RESULT "))
    result["errors"] = sum(result[k] for k in ("connect", "read", "write", "status", "timeout"))
    result["rate"] = result["requests"] / result["seconds"]
    return result


def main(seconds: int | None = None) -> dict[str, Any]:
    if shutil.which("wrk") is None:
        sys.exit("P8 needs wrk: apt-get install wrk")
    seconds = seconds or sized(20, 5)
    report = Report(
        "p8",
        "read endpoints under load (wrk, 32 connections)",
        workload=f"a coach with {PROGRAMS} programs of 12 weeks ({TWELVE_WEEKS.entry_count} "
        f"entries, one stream each); each endpoint read for {seconds} s by wrk with "
        f"{CONNECTIONS} keep-alive connections on 2 threads, the coach's token",
        settings={
            "gunicorn_workers": WORKERS,
            "gunicorn_threads": THREADS,
            "connections": CONNECTIONS,
            "seconds": seconds,
        },
    )
    with bench_database(), tempfile.TemporaryDirectory(prefix="bench-wrk-") as folder:
        script = Path(folder) / "report.lua"
        script.write_text(REPORT_SCRIPT)
        coach, token = a_coach()
        exercises = system_exercises(coach.id)
        programs = save_programs(coach, TWELVE_WEEKS, exercises, count=PROGRAMS)
        endpoints = {
            "program list": "/api/programs/",
            "program document (12 weeks)": f"/api/programs/{programs[0]}/",
            "exercise search": "/api/exercises/?q=squat",
        }
        with gunicorn() as (host, port):
            results = {
                label: wrk(f"http://{host}:{port}{path}", token, seconds, script)
                for label, path in endpoints.items()
            }
    for label, result in results.items():
        report.measure(f"{label}: throughput", result["rate"], "requests/s")
        for key in ("p50", "p95", "p99"):
            report.measure(f"{label}: {key}", result[f"{key}_us"] / 1000, "ms")
        report.measure(f"{label}: errors", result["errors"], "requests")
    errors = sum(r["errors"] for r in results.values())
    report.target("errors", "0", str(errors), errors == 0)
    report.series = results
    return report.finish(_plot)


def _plot(axes: Any, report: Report) -> None:
    labels = list(report.series)
    positions = range(len(labels))
    for offset, key in enumerate(("p50", "p95", "p99")):
        values = [report.series[label][f"{key}_us"] / 1000 for label in labels]
        axes.bar([p + offset * 0.25 for p in positions], values, width=0.25, label=key)
    axes.set_xticks([p + 0.25 for p in positions], labels, fontsize=8)
    axes.set_ylabel("latency (ms)")
    axes.legend(fontsize=8)
    for p, label in zip(positions, labels, strict=True):
        rate = report.series[label]["rate"]
        axes.annotate(
            f"{rate:,.0f} req/s",
            (p + 0.25, 0),
            xytext=(0, -28),
            fontsize=8,
            textcoords="offset points",
            ha="center",
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else None)
