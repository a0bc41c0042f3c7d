"""P7: export and erase a person with 10,000 events, against reading and decoding those events.

Run: `.venv/bin/python -m benchmarks.p7_privacy [--profile]`. The person is a coach who owns
10 programs of 1,000 events each (a 12-week program of 384 entries built event by event, then
363 prescription changes; one stream per program), 10,000 events in all, and has coaching links
with 2 athletes (invited, accepted, programming consent granted). The exercise library is made
by someone else, so it does not name them.

The export is `builder.services.privacy.export_person` (what `manage.py export_user` and the
export endpoints stream), read to its end and encoded as UTF-8, several times. The erasure is
`builder.services.privacy.erase_person` (what `manage.py erase_user` and the admin endpoint
run), once: it destroys the person's key. The baseline, in the same run before each export:
reading every event of the person's programs and every other event that names them (what the
export reads), and decoding each into its domain event. `--profile` runs one export and the
erasure under cProfile instead and writes the costliest functions to
`benchmarks/results/p7-profile.txt`.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import sys
import time
import uuid
from collections.abc import Callable
from typing import Any

from benchmarks.harness import RESULTS, Report, bars, bench_database, latency_summary, sized
from benchmarks.programs import GENERATORS, TWELVE_WEEKS, a_coach, save_programs, system_exercises

PROGRAMS = 10
PER_PROGRAM = 1_000
ATHLETES = 2
BATCH = 1_000


def read_and_decode(person: uuid.UUID, programs: list[uuid.UUID]) -> int:
    """Every event of the person's programs and every other event naming them, decoded."""
    from builder.domain import account_id
    from builder.wiring import builder

    app, count, own = builder(), 0, set(programs)
    for program_id in programs:
        for notification in app.recorder.select_stream_notifications(program_id):
            app.mapper.to_domain_event(notification)
            count += 1
    after = 0
    while True:
        page = app.recorder.select_notifications_naming(
            [person], streams=[account_id(person)], gt=after, limit=BATCH
        )
        for notification in page:
            if notification.originator_id not in own:
                app.mapper.to_domain_event(notification)
                count += 1
        if len(page) < BATCH:
            return count
        after = page[-1].id


def export(person: uuid.UUID) -> int:
    """The person's export read to its end; its size in bytes."""
    from builder.services import privacy

    return sum(len(piece.encode()) for piece in privacy.export_person(person))


def erase(person: uuid.UUID, admin: Any) -> Any:
    from builder.domain import Actor
    from builder.services import privacy

    return privacy.erase_person(person, actor=Actor(user_id=admin.id, correlation_id="benchmark"))


def a_person_with_events() -> tuple[Any, Any, list[uuid.UUID]]:
    """(the person, an admin, the person's program ids): 10,000 events of theirs and 2 links."""
    from builder.models import Role, User

    admin = User.objects.create_user(
        f"admin-{uuid.uuid4().hex[:8]}@example.com", None, display_name="admin", roles=[Role.ADMIN]
    )
    person, _ = a_coach("person")
    exercises = system_exercises(admin.id)
    edits = PER_PROGRAM - TWELVE_WEEKS.event_count
    programs = save_programs(person, TWELVE_WEEKS, exercises, count=PROGRAMS, edits=edits)
    for n in range(ATHLETES):
        _link(person, n)
    return person, admin, programs


def _link(coach: Any, n: int) -> None:
    from django.conf import settings

    from builder.domain import PROGRAMMING, Actor
    from builder.models import Role, User
    from builder.services import coaching as coaching_use_cases

    athlete = User.objects.create_user(
        f"athlete-{n}-{uuid.uuid4().hex[:8]}@example.com",
        None,
        display_name=f"Athlete {n}",
        roles=[Role.ATHLETE],
    )
    link_id = uuid.uuid4()
    by_coach = Actor(user_id=coach.id, correlation_id="benchmark")
    by_athlete = Actor(user_id=athlete.id, correlation_id="benchmark")
    coaching_use_cases.invite(actor=by_coach, link_id=link_id, email=athlete.email)
    coaching_use_cases.accept(link_id, actor=by_athlete, user=athlete, expected_version=1)
    coaching_use_cases.grant_consent(
        link_id,
        actor=by_athlete,
        expected_version=2,
        purpose=PROGRAMMING,
        terms_version=settings.COACHING_TERMS_VERSIONS[0],
    )


def main() -> dict[str, Any]:
    exports = sized(5, 3)
    events = PROGRAMS * PER_PROGRAM
    report = Report(
        "p7",
        f"export and erase a person with {events:,} events",
        workload=f"a coach owning {PROGRAMS} programs x {PER_PROGRAM} events (a 12-week "
        f"program of {TWELVE_WEEKS.entry_count} entries built event by event, then prescription "
        f"changes; one stream each) and {ATHLETES} coaching links; {exports} exports, "
        "interleaved with the baseline, then one erasure",
        settings={"events": events, "exports": exports, "generators": GENERATORS},
    )
    samples: dict[str, list[float]] = {"read + decode": [], "export": []}
    with bench_database():
        started = time.perf_counter()
        person, admin, programs = a_person_with_events()
        report.note(f"generating the events took {time.perf_counter() - started:.0f} s")
        for _ in range(exports):
            decoded = _timed(samples["read + decode"], lambda: read_and_decode(person.id, programs))
            size = _timed(samples["export"], lambda: export(person.id))
        erasure: list[float] = []
        receipt = _timed(erasure, lambda: erase(person.id, admin))
    baseline, exported = (latency_summary(samples[k]) for k in ("read + decode", "export"))
    erase_s = erasure[0]
    report.measure("export p50", exported["p50_ms"] / 1000, "s")
    report.measure("export max", exported["max_ms"] / 1000, "s")
    report.measure("erasure", erase_s, "s")
    report.measure("read + decode p50", baseline["p50_ms"] / 1000, "s", baseline=True)
    report.measure("events read and decoded", decoded, "events")
    report.measure("export size", size / 1e6, "MB")
    report.ratio("export / read+decode", exported["p50_ms"] / baseline["p50_ms"])
    report.ratio("erasure / read+decode", erase_s * 1000 / baseline["p50_ms"])
    report.target(
        "export",
        "<= 2 s",
        f"{exported['p50_ms'] / 1000:.2f} s (p50)",
        exported["p50_ms"] <= 2000,
    )
    report.target("erasure", "<= 5 s", f"{erase_s:.2f} s", erase_s <= 5)
    report.note(f"the erasure rendered {receipt.streams} streams again")
    report.series = {
        "read + decode (p50)": baseline["p50_ms"] / 1000,
        "export (p50)": exported["p50_ms"] / 1000,
        "erasure": erase_s,
    }
    return report.finish(
        lambda axes, r: bars(axes, list(r.series), list(r.series.values()), "seconds")
    )


def _timed(samples: list[float], work: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    result = work()
    samples.append(time.perf_counter() - started)
    return result


def profile() -> None:
    """One export and the erasure under cProfile; the costliest functions of each, written."""
    text = io.StringIO()
    with bench_database():
        person, admin, _ = a_person_with_events()
        for name, work in (
            ("export", lambda: export(person.id)),
            ("erasure", lambda: erase(person.id, admin)),
        ):
            profiler = cProfile.Profile()
            profiler.runcall(work)
            for order in ("tottime", "cumulative"):
                text.write(f"\n== {name}, by {order}\n")
                pstats.Stats(profiler, stream=text).sort_stats(order).print_stats(25)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "p7-profile.txt").write_text(text.getvalue())
    print(text.getvalue())


if __name__ == "__main__":
    if "--profile" in sys.argv[1:]:
        profile()
    else:
        main()
