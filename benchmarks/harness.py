"""What every benchmark shares: its own database, the machine's description, timing and reports.

A benchmark runs in a database of its own (`builder_bench`, created fresh on the configured
PostgreSQL and dropped afterwards, so development data is never touched), measures itself and
its baseline in the same run, and hands a Report the numbers: the report prints a table with the
machine, versions and settings, and writes `benchmarks/results/<id>.json` and `<id>.png`.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any
from urllib.parse import quote

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(os.environ.get("BENCH_RESULTS", str(ROOT / "benchmarks" / "results")))
DATABASE = os.environ.get("BENCH_DATABASE", "builder_bench")
# `make bench QUICK=1`: smaller data and shorter runs, for checking that everything works.
QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0")
# Whether DATABASE_URL chose the server, before bench_database() sets it for child processes.
_original_environment = dict(os.environ)


def sized(full: int, quick: int) -> int:
    return quick if QUICK else full


def setup_django() -> None:
    import django

    django.setup()


@contextmanager
def bench_database() -> Iterator[None]:
    """A fresh `builder_bench` database with every migration applied, dropped on exit."""
    setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = DATABASE
    old = setup_databases(verbosity=0, interactive=False)
    # Child processes (servers, writers) reach the same database through DATABASE_URL.
    os.environ["DATABASE_URL"] = database_url()
    try:
        yield
    finally:
        _disconnect_others()
        connection.close()
        teardown_databases(old, verbosity=0)


def _disconnect_others() -> None:
    """End the sessions a benchmark left on its database (pools, servers), so it can be dropped."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


def database_url() -> str:
    """A DATABASE_URL for the database Django's connection uses now (socket or TCP)."""
    from django.db import connection

    db = connection.settings_dict
    host = db["HOST"] or ""
    user = quote(db["USER"] or "", safe="")
    password = quote(db["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if password else f"{user}@"
    if host.startswith("/"):  # the embedded server's Unix socket folder
        return f"postgres://{credentials}/{db['NAME']}?host={host}"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}{host or 'localhost'}{port}/{db['NAME']}"


def psycopg_params() -> dict[str, Any]:
    """Connection arguments for a psycopg connection of its own to the same database."""
    from django.db import connection

    params = {k: v for k, v in connection.get_connection_params().items() if v is not None}
    for key in ("cursor_factory", "context", "prepare_threshold", "server_side_binding"):
        params.pop(key, None)
    return params


def percentile(samples: list[float], p: float) -> float:
    """The p-th percentile (0-100) by linear interpolation between closest ranks."""
    ordered = sorted(samples)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * p / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def latency_summary(seconds: list[float]) -> dict[str, float]:
    """Milliseconds: count, mean, p50, p95, p99 and max of a list of durations in seconds."""
    ms = [s * 1000 for s in seconds]
    return {
        "count": len(ms),
        "mean_ms": statistics.fmean(ms),
        "p50_ms": percentile(ms, 50),
        "p95_ms": percentile(ms, 95),
        "p99_ms": percentile(ms, 99),
        "max_ms": max(ms),
    }


def machine() -> dict[str, Any]:
    """The machine, the versions and the time of the run, as the report prints them."""
    from django.db import connection

    cpu = platform.processor() or platform.machine()
    with open("/proc/cpuinfo") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "postgresql": postgres,
        "database": "embedded" if "DATABASE_URL" not in _original_environment else "DATABASE_URL",
        "packages": {
            name: version(name)
            for name in ("Django", "djangorestframework", "eventsourcing", "psycopg", "gunicorn")
        },
        "commit": _commit(),
    }


def _commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


@dataclass
class Report:
    """The outcome of one benchmark: measures, ratios to the baseline and targets met or missed."""

    id: str
    title: str
    workload: str
    settings: dict[str, Any] = field(default_factory=dict)
    measures: list[dict[str, Any]] = field(default_factory=list)
    ratios: list[dict[str, Any]] = field(default_factory=list)
    targets: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    series: dict[str, Any] = field(default_factory=dict)

    def measure(self, name: str, value: float, unit: str, *, baseline: bool = False) -> float:
        self.measures.append({"name": name, "value": value, "unit": unit, "baseline": baseline})
        return value

    def ratio(self, name: str, value: float) -> float:
        self.ratios.append({"name": name, "value": value})
        return value

    def target(self, name: str, goal: str, measured: str, met: bool) -> None:
        self.targets.append({"name": name, "goal": goal, "measured": measured, "met": met})

    def note(self, text: str) -> None:
        self.notes.append(text)

    def finish(self, plot: Callable[[Any, Report], None] | None = None) -> dict[str, Any]:
        """Print the table, write the JSON and (with matplotlib installed) the PNG."""
        result = {**asdict(self), "machine": machine()}
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / f"{self.id}.json").write_text(json.dumps(result, indent=2, default=str))
        print(render_text(result))
        if plot is not None:
            _draw(self, plot)
        return result


def render_text(result: dict[str, Any]) -> str:
    m = result["machine"]
    lines = [
        "",
        f"== {result['id'].upper()}: {result['title']}",
        f"machine: {m['cpu']}, {m['cores']} cores, load {m['load_average']}; "
        f"PostgreSQL {m['postgresql']} ({m['database']}); Python {m['python']}; "
        + ", ".join(f"{k} {v}" for k, v in m["packages"].items())
        + f"; commit {m['commit']}; {m['date']}",
        f"workload: {result['workload']}",
    ]
    if result["settings"]:
        lines.append("settings: " + ", ".join(f"{k}={v}" for k, v in result["settings"].items()))
    width = max((len(x["name"]) for x in result["measures"]), default=10)
    for x in result["measures"]:
        flag = " (baseline)" if x["baseline"] else ""
        lines.append(f"  {x['name']:<{width}}  {_number(x['value']):>12} {x['unit']}{flag}")
    for x in result["ratios"]:
        lines.append(f"  ratio {x['name']}: {x['value']:.2f}x")
    for x in result["targets"]:
        verdict = "MET" if x["met"] else "MISSED"
        lines.append(f"  target {x['name']}: {x['goal']} -> {x['measured']}  {verdict}")
    lines.extend(f"  note: {text}" for text in result["notes"])
    return "\n".join(lines)


def _number(value: float) -> str:
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.2f}"


def _draw(report: Report, plot: Callable[[Any, Report], None]) -> None:
    try:
        import matplotlib
    except ImportError:
        print("  (no plot: matplotlib is installed by `make bench`)")
        return
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(8, 4.5))
    plot(axes, report)
    axes.set_title(f"{report.id.upper()}: {report.title}", fontsize=10)
    figure.tight_layout()
    figure.savefig(RESULTS / f"{report.id}.png", dpi=100)
    plt.close(figure)


def bars(axes: Any, labels: list[str], values: list[float], unit: str) -> None:
    """A horizontal bar per contender, its value written beside it."""
    positions = range(len(labels))
    axes.barh(positions, values, color=["#4c72b0"] + ["#999999"] * (len(values) - 1))
    axes.set_yticks(list(positions), labels, fontsize=8)
    axes.invert_yaxis()
    axes.set_xlabel(unit)
    for y, value in zip(positions, values, strict=True):
        axes.text(value, y, f" {_number(value)}", va="center", fontsize=8)


def latency_cdf(axes: Any, series: dict[str, list[float]]) -> None:
    """Cumulative distribution of request latencies (milliseconds, log scale)."""
    for label, samples in series.items():
        ordered = sorted(samples)
        fractions = [(i + 1) / len(ordered) for i in range(len(ordered))]
        axes.plot(ordered, fractions, label=label)
    axes.set_xscale("log")
    axes.set_xlabel("latency (ms)")
    axes.set_ylabel("fraction of requests")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend(fontsize=8)
