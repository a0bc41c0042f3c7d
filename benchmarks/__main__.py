"""Run the benchmarks, each in a process and a database of its own: `python -m benchmarks [p1 ...]`.

Without names every benchmark runs. Each writes `benchmarks/results/<id>.json` and `<id>.png`;
at the end the targets of the run and each benchmark's wall time are printed together and
written to `benchmarks/results/summary.md`. After a full run (every benchmark, full sizes, none
failed) the summary and the plots are also copied to `docs/performance/`, whose README shows
them: the latest results kept with the code.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time

from benchmarks.harness import QUICK, RESULTS, ROOT

BENCHMARKS = {
    "p1": "benchmarks.p1_append",
    "p2": "benchmarks.p2_concurrent",
    "p3": "benchmarks.p3_http_edit",
    "p4": "benchmarks.p4_read_document",
    "p5": "benchmarks.p5_rebuild",
    "p5w": "benchmarks.p5_worker",
    "p6": "benchmarks.p6_load_program",
    "p7": "benchmarks.p7_privacy",
    "p8": "benchmarks.p8_read_load",
}
PUBLISHED = ROOT / "docs" / "performance"


def main(names: list[str]) -> int:
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmarks: {', '.join(unknown)}; known: {', '.join(BENCHMARKS)}")
        return 2
    failed = []
    wall: dict[str, float] = {}
    started = time.perf_counter()
    for name in names or list(BENCHMARKS):
        began = time.perf_counter()
        if subprocess.run([sys.executable, "-m", BENCHMARKS[name]], cwd=ROOT).returncode:  # noqa: S603
            failed.append(name)
        else:
            wall[name] = time.perf_counter() - began
    text = summary(wall, time.perf_counter() - started)
    print("\n" + text)
    if failed:
        print(f"failed: {', '.join(failed)}")
    elif not names and not QUICK:
        publish(text)
        print(f"\nsummary and plots copied to {PUBLISHED.relative_to(ROOT)}/")
    return 1 if failed else 0


def summary(wall: dict[str, float], seconds: float) -> str:
    """The targets of the benchmarks that ran, their wall times and the machine, as Markdown."""
    rows = ["| id | target | goal | measured | met |", "|---|---|---|---|---|"]
    times = ["| id | wall time |", "|---|---|"]
    machine = None
    for name, took in wall.items():
        result = json.loads((RESULTS / f"{name}.json").read_text())
        machine = machine or result["machine"]
        for target in result["targets"]:
            verdict = "yes" if target["met"] else "**no**"
            rows.append(
                f"| {name.upper()} | {target['name']} | {target['goal']} | {target['measured']} "
                f"| {verdict} |"
            )
        times.append(f"| {name.upper()} | {took / 60:.1f} min |")
    lines = [*rows, "", *times]
    if machine:
        lines.append(
            f"\n{machine['cpu']}, {machine['cores']} cores (load {machine['load_average']} at"
            f" the first benchmark's end), PostgreSQL {machine['postgresql']}, Python "
            f"{machine['python']}, commit {machine['commit']}, {machine['date']}"
            f"{' (quick run)' if QUICK else ''}; the run took {seconds / 60:.1f} min."
        )
    text = "\n".join(lines)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "summary.md").write_text(text + "\n")
    return text


def publish(text: str) -> None:
    """Copy the summary and every plot into docs/performance/ and write its README."""
    PUBLISHED.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(RESULTS / "summary.md", PUBLISHED / "summary.md")
    plots = []
    for name in BENCHMARKS:
        plot = RESULTS / f"{name}.png"
        if plot.exists():
            shutil.copyfile(plot, PUBLISHED / plot.name)
            plots.append(f"![{name.upper()}]({plot.name})")
    (PUBLISHED / "README.md").write_text(
        "\n\n".join(
            [
                "# Performance",
                "The latest full run of `make bench` (every benchmark at full size, see"
                " [benchmarks/README.md](../../benchmarks/README.md) for what each measures"
                " and its baseline). This folder is rewritten by each full run.",
                text,
                "## Plots",
                *plots,
            ]
        )
        + "\n"
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
