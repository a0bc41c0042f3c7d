"""The audit timeline projection: one row per event of every stream, each applied once."""

from __future__ import annotations

import uuid
from dataclasses import replace

import psycopg
import pytest
from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.test.utils import CaptureQueriesContext
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import Tracking

from builder.domain import Actor
from builder.wiring import accounts, builder, library
from eventstore.keyvault import COPYING_LOCK, read_epoch
from projections.models import AuditEvent
from projections.worker import Engine
from tests.database import test_database_url
from tests.timeline import catch_up, timeline

pytestmark = pytest.mark.django_db

RX = {"sets": 5, "reps": {"min": 5, "max": 5}, "load": {"type": "percent_1rm", "percent": 75}}


class Parcel(Aggregate):
    """A stream of a kind the timeline has never heard of."""

    @staticmethod
    def create_id() -> uuid.UUID:
        return uuid.uuid4()


def an_actor(user) -> Actor:
    return Actor(user_id=user.id, correlation_id="req-1")


def a_program_with_a_squat(coach, exercises):
    actor, app = an_actor(coach), builder()
    program_id, week, day, group, entry = (uuid.uuid4() for _ in range(5))
    app.create_program(actor=actor, program_id=program_id, title="Strength")
    steps = [
        lambda v: app.add_week(program_id, actor=actor, expected_version=v, week_id=week),
        lambda v: app.add_day(
            program_id, actor=actor, expected_version=v, week_id=week, day_id=day
        ),
        lambda v: app.add_group(
            program_id, actor=actor, expected_version=v, day_id=day, group_id=group, label="A"
        ),
        lambda v: app.add_entry(
            program_id,
            actor=actor,
            expected_version=v,
            group_id=group,
            entry_id=entry,
            exercise_id=exercises["Back Squat"],
            exercise_name="Back Squat",
            prescription=RX,
        ),
    ]
    for version, step in enumerate(steps, start=1):
        step(version)
    return program_id, {"week": week, "day": day, "group": group, "entry": entry}


def rows(stream_id) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(stream_id=stream_id).order_by("position"))


def test_every_event_becomes_one_row_with_its_stream_actor_and_change(coach, exercises):
    program_id, ids = a_program_with_a_squat(coach, exercises)

    catch_up()

    program = rows(program_id)
    assert [r.event_type for r in program] == [
        "Created",
        "WeekAdded",
        "DayAdded",
        "GroupAdded",
        "EntryAdded",
    ]
    assert [r.version for r in program] == [1, 2, 3, 4, 5]
    assert {r.stream_kind for r in program} == {"program"}
    assert {(r.actor_id, r.correlation_id) for r in program} == {(coach.id, "req-1")}
    assert program[1].change == {
        "week_id": str(ids["week"]),
        "position": 0,
        "label": "",
        "phase": "",
    }
    assert program[4].context == {"week": 1, "day": 1, "exercise": "Back Squat"}
    assert {r.stream_kind for r in AuditEvent.objects.all()} == {"program", "exercise"}


def test_a_redelivered_event_changes_nothing(coach, exercises):
    a_program_with_a_squat(coach, exercises)
    projection = timeline()
    catch_up(projection)
    last = builder().recorder.max_notification_id()
    count = AuditEvent.objects.count()
    [notification] = builder().recorder.select_notifications(start=last, limit=1)
    event = builder().mapper.to_domain_event(notification)

    projection.process_event(event, Tracking("programs", last))
    timeline().process_event(event, Tracking("programs", last))

    assert AuditEvent.objects.count() == count
    assert projection.view.max_tracking_id("programs") == last


def test_a_restarted_projection_reads_what_it_forgot_from_the_event_store(coach, exercises):
    program_id, ids = a_program_with_a_squat(coach, exercises)
    catch_up()
    changed = {**RX, "reps": {"min": 3, "max": 3}, "load": {"type": "percent_1rm", "percent": 80}}
    builder().change_prescription(
        program_id,
        actor=an_actor(coach),
        expected_version=5,
        entry_id=ids["entry"],
        prescription=changed,
    )

    catch_up(timeline())  # a fresh projection remembers no program

    last = rows(program_id)[-1]
    assert last.event_type == "PrescriptionChanged"
    assert last.context == {
        "week": 1,
        "day": 1,
        "exercise": "Back Squat",
        "previous": RX
        | {
            "each_side": False,
            "effort": None,
            "tempo": None,
            "rest_s": None,
            "duration_s": None,
            "distance_m": None,
            "set_type": "normal",
        },
    }


def test_role_changes_are_on_the_timeline_with_roles_only(admin, make_user):
    person = make_user("Jo Marker")
    accounts().change_roles(
        person.id,
        actor=an_actor(admin),
        roles=["coach", "auditor"],
        current_roles=["coach"],
        other_admins=1,
    )

    catch_up()

    opened, changed = AuditEvent.objects.filter(stream_kind="account").order_by("position")
    assert (opened.event_type, changed.event_type) == ("Opened", "RolesChanged")
    assert changed.actor_id == admin.id
    assert changed.change == {"roles": ["auditor", "coach"], "granted": ["auditor"], "revoked": []}
    recorded = f"{changed.change} {changed.context}"
    assert person.email not in recorded and "Marker" not in recorded


def test_an_event_of_an_unknown_kind_gets_a_generic_row():
    app = Application(env=dict(settings.EVENTSTORE))
    parcel = Parcel()
    app.save(parcel)

    catch_up()

    [row] = rows(parcel.id)
    assert (row.stream_kind, row.event_type, row.version) == ("parcel", "Created", 1)
    assert row.actor_id is None
    assert row.context == {}


def test_exercise_rows_name_the_exercise_as_it_was(admin):
    saved = library().create_exercise(
        actor=an_actor(admin),
        exercise_id=uuid.uuid4(),
        scope="system",
        names={"en": "Front Squat"},
        category="squat",
    )
    library().set_translation(
        saved.aggregate.id,
        actor=an_actor(admin),
        expected_version=1,
        locale="de",
        name="Frontkniebeuge",
    )

    catch_up()

    created, translated = rows(saved.aggregate.id)
    assert created.context == {"exercise": "Front Squat"}
    assert translated.context == {"exercise": "Front Squat", "previous": None}


def test_restating_a_stream_rewrites_its_rows_from_the_events_as_they_now_read(coach):
    program_id, actor = uuid.uuid4(), an_actor(coach)
    builder().create_program(actor=actor, program_id=program_id, title="Jo's own block")
    builder().rename_program(program_id, actor=actor, expected_version=1, title="Jo's block")
    projection = timeline()
    catch_up(projection)
    stored = builder().recorder.select_stream_notifications(program_id)
    # How the events read once the person's key is gone: their text is a placeholder.
    erased = [
        (n.id, replace(builder().mapper.to_domain_event(n), title="[erased]")) for n in stored
    ]

    assert projection.restate(erased) == 2

    created, renamed = rows(program_id)
    assert created.change["title"] == renamed.change["title"] == "[erased]"
    assert created.context["title"] == renamed.context["previous"] == "[erased]"
    assert "Jo" not in f"{created.change}{created.context}{renamed.change}{renamed.context}"


def test_a_batch_writes_the_rows_that_events_applied_one_by_one_write(coach, exercises):
    a_program_with_a_squat(coach, exercises)
    app = builder()
    notifications = app.recorder.select_notifications(start=1, limit=500)

    def rows_applied(apply) -> list[tuple]:
        projection = timeline()
        projection.view.clear()
        apply(Engine(projection, app.recorder, app.mapper), notifications)
        return list(AuditEvent.objects.order_by("position").values_list())

    one_by_one = rows_applied(lambda engine, page: engine.apply_all(page))
    with CaptureQueriesContext(connection) as captured:
        batched = rows_applied(lambda engine, page: engine.apply_batch(page))

    inserts = [q for q in captured if q["sql"].startswith("INSERT INTO projections_audit_event")]
    assert len(inserts) == 1  # the batch's rows in one statement, not one by one
    assert len(batched) == len(notifications) > 5
    assert batched == one_by_one
    assert timeline().view.max_tracking_id("programs") == notifications[-1].id


def test_the_timeline_waits_for_an_erasure_under_way_before_it_decrypts(coach, exercises):
    """An erasure holds the copying lock from before it destroys a key until it commits; an
    event applied meanwhile would otherwise write text decrypted with the key before it went."""
    a_program_with_a_squat(coach, exercises)
    app = builder()
    [first, *_] = app.recorder.select_notifications(start=1, limit=10)
    engine = Engine(timeline(), app.recorder, app.mapper)
    with psycopg.connect(test_database_url()) as erasure:
        erasure.execute("SELECT pg_advisory_lock(%s, %s)", COPYING_LOCK)  # as erase_person does

        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '200ms'")
            with pytest.raises(OperationalError, match="lock timeout"):
                engine.apply(first)
        assert not AuditEvent.objects.exists()

    assert engine.apply(first)  # once the erasure has committed


def test_once_someone_is_erased_the_next_decryption_checks_the_ledger_again(
    coach, other_coach, exercises
):
    """Keys cached before an erasure in another process may be destroyed: the engine notices
    the erasure when it takes its locks, not only at its next read of the log."""
    a_program_with_a_squat(coach, exercises)
    app = builder()
    first, second, third, *_ = app.recorder.select_notifications(start=1, limit=10)
    engine = Engine(timeline(), app.recorder, app.mapper)
    engine.apply(first)
    epoch = read_epoch()

    engine.apply(second)
    assert read_epoch() == epoch  # nobody erased: the cached keys stand

    with transaction.atomic():
        app.mapper.vault.destroy(other_coach.id)  # as an erasure elsewhere does
    engine.apply(third)
    assert read_epoch() > epoch
