"""P2: four writer processes appending to their own programs while a reader tails the log.

Run: `.venv/bin/python -m benchmarks.p2_concurrent`. Four processes each append one-event saves
(~400-byte states, each its own transaction) to a stream of their own, version after version,
all starting together; the parent tails the log from its last position, polling every 5 ms
when it is caught up, as a projection would. A position that becomes visible after the reader
has moved past it is a miss. The same load runs against our recorder and against the
`eventsourcing.postgres` recorder (lock_timeout=5 s), one after the other.
"""

from __future__ import annotations

import multiprocessing
import time
import uuid
from typing import Any

from benchmarks.harness import Report, bars, bench_database, sized
from benchmarks.p1_append import STATE, TOPIC, library_recorder

WRITERS = 4
POLL_S = 0.005


def _recorder(kind: str) -> Any:
    from benchmarks.harness import setup_django

    setup_django()
    if kind == "ours":
        from eventstore.recorders import DjangoApplicationRecorder

        return DjangoApplicationRecorder()
    # Created once by the parent: concurrent CREATEs of the library's table would collide.
    return library_recorder(create=False)


def _write(kind: str, count: int, start: Any, done: Any) -> None:
    from eventsourcing.persistence import StoredEvent

    recorder = _recorder(kind)
    recorder.max_notification_id()  # connected before the common start
    stream = uuid.uuid4()
    start.wait(timeout=120)
    for version in range(1, count + 1):
        recorder.insert_events([StoredEvent(stream, version, TOPIC, STATE)])
    done.put(time.perf_counter())


def _tail(recorder: Any, writers: list[Any]) -> tuple[list[int], float]:
    """Read every position as it becomes visible until the writers are done; then catch up."""
    seen: list[int] = []
    last = 0
    while True:
        running = any(w.is_alive() for w in writers)
        page = recorder.select_notifications(start=last + 1, limit=1000)
        seen.extend(n.id for n in page)
        last = seen[-1] if seen else last
        if not page:
            if not running:
                return seen, last
            time.sleep(POLL_S)  # a tailing reader's polling interval while caught up


def run(kind: str, count: int) -> dict[str, Any]:
    spawn = multiprocessing.get_context("spawn")
    start, done = spawn.Barrier(WRITERS + 1), spawn.Queue()
    writers = [
        spawn.Process(target=_write, args=(kind, count, start, done)) for _ in range(WRITERS)
    ]
    for writer in writers:
        writer.start()
    reader = _recorder(kind)
    start.wait(timeout=120)  # a writer that failed to start breaks the barrier, not a hang
    began = time.perf_counter()
    seen, _ = _tail(reader, writers)
    finished = max(done.get() for _ in writers)
    for writer in writers:
        writer.join()
    every = {n.id for n in reader.select_notifications(start=1, limit=10 * WRITERS * count)}
    if kind != "ours":
        reader.datastore.close()
    return {
        "rate": WRITERS * count / (finished - began),
        "appended": len(every),
        "seen": len(seen),
        "misses": len(every - set(seen)),
        "in_order": seen == sorted(seen),
    }


def main() -> dict[str, Any]:
    count = sized(1500, 400)
    report = Report(
        "p2",
        "four concurrent writer processes with a tailing reader",
        workload=f"{WRITERS} processes x {count} one-event saves (~{len(STATE)} bytes), each "
        f"process on its own stream (a program), each save its own transaction; one reader "
        f"tails the whole log, polling every {POLL_S * 1000:.0f} ms when caught up",
        settings={"writers": WRITERS, "saves_per_writer": count, "lock_timeout": "5 s"},
    )
    with bench_database():
        library_recorder().datastore.close()  # its table, created once
        results = {"ours": run("ours", count), "library": run("library", count)}
    labels = {"ours": "ours (eventstore.recorders)", "library": "eventsourcing.postgres recorder"}
    for kind, result in results.items():
        report.measure(labels[kind], result["rate"], "saves/s", baseline=kind != "ours")
        report.measure(f"{labels[kind]}: reader misses", result["misses"], "positions")
    ratio = report.ratio("ours / library", results["ours"]["rate"] / results["library"]["rate"])
    report.target("vs library", ">= 1.5x", f"{ratio:.2f}x", ratio >= 1.5)
    misses = results["ours"]["misses"]
    report.target("reader misses", "0", f"{misses} of {results['ours']['appended']}", misses == 0)
    if not results["ours"]["in_order"]:
        report.note("the reader saw positions out of order")
    report.series = results
    return report.finish(
        lambda axes, r: bars(
            axes, [labels[k] for k in results], [v["rate"] for v in results.values()], "saves/s"
        )
    )


if __name__ == "__main__":
    main()
