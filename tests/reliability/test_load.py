"""L1, L2: readers and editors on loopback against gunicorn for a bounded time: no 5xx and no
failed request, the inline projections never lag the store, and afterwards every read model
equals a rebuild from zero. LOAD_SECONDS sets the duration (`make soak` runs for minutes)."""

from __future__ import annotations

import os
import random
import statistics
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor, wait

import pytest
from django.core.management import call_command
from django.db import connection
from rest_framework.authtoken.models import Token

from projections.models import CatalogueExercise
from tests.integration.test_program_projections import read_models
from tests.reliability.served import Server

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

SECONDS = float(os.environ.get("LOAD_SECONDS", "30"))
READERS, EDITORS, PROGRAMS = 4, 2, 6


class Tally:
    """Statuses and latencies of every request, from every client thread."""

    def __init__(self):
        self.lock = threading.Lock()
        self.statuses: Counter = Counter()
        self.latencies: list[float] = []
        self.failures: list[str] = []

    def timed(self, server: Server, *args, **kwargs):
        started = time.perf_counter()
        try:
            answer = server.call(*args, **kwargs)
        except OSError as error:  # no answer at all is a failure too
            with self.lock:
                self.failures.append(f"{args[:2]}: {error!r}")
            return None
        with self.lock:
            self.latencies.append(time.perf_counter() - started)
            self.statuses[answer.status] += 1
        return answer

    def summary(self) -> str:
        ordered = sorted(self.latencies)
        p95 = ordered[int(len(ordered) * 0.95)] if ordered else 0
        return (
            f"{len(ordered)} requests in {SECONDS:.0f} s ({len(ordered) / SECONDS:.0f}/s), "
            f"median {statistics.median(ordered) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
            f"statuses {dict(self.statuses)}"
        )


def a_program(server: Server, token: str, exercise: str) -> str:
    program = server.call("POST", "/api/programs/", token, {"title": "Load"}).json()["program"]
    week, day, group = (str(uuid.uuid4()) for _ in range(3))
    steps = [
        ("weeks/", {"week_id": week, "position": 0}),
        ("days/", {"week_id": week, "day_id": day, "position": 0, "title": "A"}),
        ("groups/", {"day_id": day, "group_id": group, "position": 0}),
        (
            "entries/",
            {
                "group_id": group,
                "entry_id": str(uuid.uuid4()),
                "position": 0,
                "exercise_id": exercise,
                "prescription": {"sets": 3, "reps": {"min": 5, "max": 5}},
            },
        ),
        ("publish/", {}),
    ]
    for version, (path, body) in enumerate(steps, start=1):
        answer = server.call(
            "POST",
            f"/api/programs/{program['id']}/{path}",
            token,
            body,
            **{"If-Match": f'"{version}"'},
        )
        assert answer.status == 200, answer.body
    return program["id"]


def reader(server, token, programs, tally, until, seed):
    rng = random.Random(seed)
    paths = ["/api/programs/", "/api/exercises/?q=squat"]
    while time.monotonic() < until:
        program = rng.choice(programs)
        path = rng.choice(
            [
                *paths,
                f"/api/programs/{program}/",
                f"/api/programs/{program}/history/",
                f"/api/programs/{program}/versions/1/",
            ]
        )
        tally.timed(server, "GET", path, token)


def editor(server, token, programs, tally, until, seed):
    """Renames, adds and removes weeks; reads the program again after a 412."""
    rng = random.Random(seed)
    while time.monotonic() < until:
        program = rng.choice(programs)
        read = tally.timed(server, "GET", f"/api/programs/{program}/", token)
        if read is None or read.status != 200:
            continue
        match = {"If-Match": read.headers["etag"]}
        weeks = read.json()["weeks"]
        if rng.random() < 0.4:
            body = {"title": f"Load {rng.randrange(10**6)}"}
            tally.timed(server, "PATCH", f"/api/programs/{program}/", token, body, **match)
        elif len(weeks) < 8:
            body = {"week_id": str(uuid.uuid4()), "position": rng.randint(0, len(weeks))}
            tally.timed(server, "POST", f"/api/programs/{program}/weeks/", token, body, **match)
        else:
            week = rng.choice(weeks)["id"]
            tally.timed(server, "DELETE", f"/api/programs/{program}/weeks/{week}/", token, **match)


def projection_lag() -> int:
    """Events the program projections have not yet recorded as handled."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce((SELECT max(notification_id) FROM eventstore_events), 0)"
            " - coalesce((SELECT max(notification_id) FROM eventstore_tracking"
            " WHERE application_name = 'program_document'), 0)"
        )
        return cursor.fetchone()[0]


def catalogue() -> list[tuple]:
    return sorted(tuple(row.values()) for row in CatalogueExercise.objects.values())


def test_reads_and_edits_under_load_never_fail_and_leave_read_models_equal_to_a_rebuild(
    served, coach, exercises
):
    token = Token.objects.create(user=coach).key
    programs = [a_program(served, token, str(exercises["Back Squat"])) for _ in range(PROGRAMS)]
    tally, until = Tally(), time.monotonic() + SECONDS
    clients = [reader] * READERS + [editor] * EDITORS

    with ThreadPoolExecutor(len(clients)) as pool:
        running = [
            pool.submit(client, served, token, programs, tally, until, seed)
            for seed, client in enumerate(clients)
        ]
        lags, pending = [], running
        while pending:
            lags.append(projection_lag())
            _, pending = wait(pending, timeout=0.5)
        for finished in running:
            finished.result()
    live, live_catalogue = read_models(), catalogue()
    call_command("rebuild_projections", "program_document", "exercise_catalogue")
    print(f"\nload: {tally.summary()}, projection lag max {max(lags)}")

    assert tally.failures == []
    assert all(status < 500 for status in tally.statuses), tally.summary()
    assert set(tally.statuses) <= {200, 412}, tally.summary()
    assert tally.statuses[200] > 5 * SECONDS, tally.summary()
    assert max(lags) == 0
    assert read_models() == live
    assert catalogue() == live_catalogue
