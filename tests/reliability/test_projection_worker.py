"""The projection worker as a process: follows, survives SIGKILL (F1), stops at an event it
cannot apply and resumes after the fix (F4), and hands over between processes (advisory lock)."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection

from builder.domain import Actor
from builder.wiring import builder
from projections import status
from tests.reliability.workers import WorkerProcess, eventually, position, state
from tests.workload import Editor, edit_programs, usage_from_documents, usage_from_projection

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

USAGE = "exercise_usage"


@pytest.fixture
def workers(tmp_path, transactional_db):
    """Start workers; whatever still runs at the end is killed."""
    started: list[WorkerProcess] = []

    def start(*names: str, **env: str) -> WorkerProcess:
        worker = WorkerProcess(tmp_path, *names, **env)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        if worker.process.poll() is None:
            worker.kill()


def caught_up(last: int):
    return lambda: status.reached(USAGE, last)


def test_the_worker_follows_new_events_and_stops_cleanly_on_sigterm(workers, coach):
    worker = workers()
    eventually(lambda: state() is not None and state().state == "running", what="running")

    last = edit_programs(coach.id, commands=150)
    eventually(caught_up(last), what=f"position {last}")

    assert usage_from_projection() == usage_from_documents()
    assert worker.terminate() == 0
    assert state().state == "stopped"


@pytest.fixture
def slow_usage_writes():
    """Each usage row takes a millisecond to write, so that a page of the backlog takes long
    enough to be killed in the middle of, however busy the machine is."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION slow_usage_write() RETURNS trigger LANGUAGE plpgsql AS"
            " $$ BEGIN PERFORM pg_sleep(0.001); RETURN NEW; END $$;"
            " CREATE TRIGGER slow_usage_write BEFORE INSERT ON projections_usage_node"
            " FOR EACH ROW EXECUTE FUNCTION slow_usage_write()"
        )
    yield
    with connection.cursor() as cursor:
        cursor.execute(
            "DROP TRIGGER IF EXISTS slow_usage_write ON projections_usage_node;"
            " DROP FUNCTION IF EXISTS slow_usage_write()"
        )


def test_a_worker_killed_mid_batch_resumes_and_applies_nothing_twice(
    workers, coach, slow_usage_writes
):
    """F1: SIGKILL while catching up a long backlog; the restarted worker ends where a
    rebuild would, with every event applied once."""
    last = edit_programs(coach.id, commands=600, seed=3)
    first = workers()
    eventually(lambda: position() > 0, what="first events applied")
    first.kill()
    killed_at = position()

    assert not status.reached(USAGE, last), "the backlog was gone before the kill"
    workers()
    eventually(caught_up(last), what=f"position {last}")

    assert position() > killed_at
    assert usage_from_projection() == usage_from_documents()


BAD_EXERCISE = uuid.UUID(int=0xBAD, version=4)


@pytest.fixture
def a_projection_bug():
    """The usage table refuses one exercise, as a bug would: every write of it fails."""
    with connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE projections_usage_node ADD CONSTRAINT no_bad_exercise"
            f" CHECK (exercise_id IS DISTINCT FROM '{BAD_EXERCISE}')"
        )

    def fix() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "ALTER TABLE projections_usage_node DROP CONSTRAINT IF EXISTS no_bad_exercise"
            )

    yield fix
    fix()


def an_entry_with(exercise_id: uuid.UUID, coach) -> int:
    editor = Editor(coach.id, seed=9)
    while not any(g for w in editor.programs.values() for d in _days(w) for g in d.groups):
        editor.edit()
    program = next(p for p in editor.programs.values() if any(d.groups for d in _days(p)))
    group = next(g for d in _days(program) for g in d.groups)
    return (
        builder()
        .add_entry(
            program.id,
            actor=Actor(user_id=coach.id, correlation_id="bad"),
            expected_version=program.version,
            group_id=group.id,
            entry_id=uuid.uuid4(),
            position=0,
            exercise_id=exercise_id,
            exercise_name="Bad",
            prescription={"sets": 1, "reps": {"min": 1, "max": 1}},
        )
        .position
    )


def _days(program):
    return [d for w in program.weeks for d in w.days]


def test_a_projection_stops_at_an_event_it_cannot_apply_and_resumes_after_the_fix(
    workers, coach, client, admin, a_projection_bug
):
    """F4: it stops there, status and readiness say so, nothing after it is applied, the other
    projections go on; after the fix and a restart it resumes from that event and ends equal
    to the truth."""
    bad = an_entry_with(BAD_EXERCISE, coach)
    last = edit_programs(coach.id, commands=100, seed=4)
    worker = workers()

    eventually(lambda: state() is not None and state().state == "failed", what="failed")
    eventually(lambda: status.reached("audit_timeline", last), what="the other projection")
    client.force_login(admin)
    shown = {p["name"]: p for p in client.get("/api/projections/").json()}[USAGE]
    ready = client.get("/readyz")

    assert state().failed_position == bad
    assert position() < bad
    assert shown["state"] == "failed" and shown["failed_position"] == bad
    assert "no_bad_exercise" in shown["error"] and shown["lag_events"] > 0
    assert ready.status_code == 503
    assert ready.json()["projections"] == {USAGE: f"failed at position {bad}"}

    a_projection_bug()
    worker.terminate()
    workers()
    eventually(caught_up(last), what=f"position {last}")

    assert usage_from_projection() == usage_from_documents()
    assert usage_from_projection()[BAD_EXERCISE] == 1
    assert state().state == "running" and state().error == ""
    assert client.get("/readyz").status_code == 200


def test_another_worker_takes_over_when_the_holder_dies(workers, coach):
    """Two workers: one holds the projection; SIGKILL it and the other continues."""
    one, two = workers(), workers()
    eventually(lambda: state() is not None and state().state == "running", what="running")
    holder, standby = (one, two) if state().worker == one.id else (two, one)
    first = edit_programs(coach.id, commands=50, seed=5)
    eventually(caught_up(first), what=f"position {first}")

    holder.kill()
    last = edit_programs(coach.id, commands=50, seed=6)
    eventually(caught_up(last), what=f"position {last}")

    assert state().worker == standby.id
    assert usage_from_projection() == usage_from_documents()
