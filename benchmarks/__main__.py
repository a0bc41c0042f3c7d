"""Run the benchmarks, each in a process and a database of its own: `python -m benchmarks [p1 ...]`.

Without names every benchmark runs. Each writes `benchmarks/results/<id>.json` and `<id>.png`;
at the end the targets of the run are printed together and written to
`benchmarks/results/summary.md`, the table the README's Performance section shows.
"""

from __future__ import annotations

import json
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
    "p8": "benchmarks.p8_read_load",
}
# Measured once their code is in this code base: the export and erasure use cases.
PENDING = {"p7": "export and erasure of a person with 10,000 events (builder.privacy)"}


def main(names: list[str]) -> int:
    unknown = [n for n in names if n not in BENCHMARKS and n not in PENDING]
    if unknown:
        print(f"unknown benchmarks: {', '.join(unknown)}; known: {', '.join(BENCHMARKS)}")
        return 2
    failed = []
    started = time.perf_counter()
    for name in names or list(BENCHMARKS) + list(PENDING):
        if name in PENDING:
            print(f"\n== {name.upper()}: not measured: {PENDING[name]} is not built yet")
            continue
        if subprocess.run([sys.executable, "-m", BENCHMARKS[name]], cwd=ROOT).returncode:  # noqa: S603
            failed.append(name)
    print(summary(time.perf_counter() - started))
    if failed:
        print(f"failed: {', '.join(failed)}")
    return 1 if failed else 0


def summary(seconds: float) -> str:
    rows = ["| id | target | goal | measured | met |", "|---|---|---|---|---|"]
    machine = None
    for name in BENCHMARKS:
        path = RESULTS / f"{name}.json"
        if not path.exists():
            continue
        result = json.loads(path.read_text())
        machine = machine or result["machine"]
        for target in result["targets"]:
            verdict = "yes" if target["met"] else "**no**"
            rows.append(
                f"| {name.upper()} | {target['name']} | {target['goal']} | {target['measured']} "
                f"| {verdict} |"
            )
    if machine:
        rows.append(
            f"\n{machine['cpu']}, {machine['cores']} cores, PostgreSQL {machine['postgresql']}, "
            f"Python {machine['python']}, commit {machine['commit']}, {machine['date']}"
            f"{' (quick run)' if QUICK else ''}; the run took {seconds / 60:.1f} min."
        )
    text = "\n".join(rows)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "summary.md").write_text(text + "\n")
    return "\n" + text


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
