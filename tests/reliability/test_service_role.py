"""A13: the service's own database role reads and appends events, and the service and its
worker run their paths as it, but it cannot UPDATE, DELETE or TRUNCATE events, change the schema
or disable a trigger. A10: the event log, the key vault and the erasure ledger refuse TRUNCATE
even from their owner."""

from __future__ import annotations

import io
import secrets
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import psycopg
import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from psycopg import sql

from builder.wiring import builder
from projections import status
from projections.registry import WORKER_PROJECTIONS
from tests.api.conftest import client_for
from tests.reliability.postgres import OwnPostgres, manage
from tests.reliability.test_personal_data_canary import (
    FIELDS,
    a_coach_writes_about,
    a_person_who_wrote_everywhere,
)
from tests.reliability.workers import WorkerProcess, eventually

pytestmark = pytest.mark.django_db(transaction=True)

SERVICE_ROLE = "builder_service"


@pytest.fixture
def service_login(transactional_db) -> Iterator[tuple[str, str]]:
    """A login role of the service's group, named for this test alone: (name, password).

    Roles belong to the whole cluster, not to the test database: it is dropped afterwards.
    """
    name, password = f"builder_test_{uuid.uuid4().hex[:12]}", secrets.token_hex(16)
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE {}")
            .format(sql.Identifier(name), sql.Literal(password), sql.Identifier(SERVICE_ROLE))
            .as_string()
        )
    yield name, password
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s", [name]
        )
        cursor.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(name)).as_string())


def connect_as(login: tuple[str, str]) -> psycopg.Connection:
    """A connection to the test database as `login`, outside Django, in autocommit."""
    settings = connection.settings_dict
    return psycopg.connect(
        host=settings["HOST"] or settings.get("OPTIONS", {}).get("host") or None,
        port=settings["PORT"] or None,
        dbname=settings["NAME"],
        user=login[0],
        password=login[1],
        autocommit=True,
    )


def test_the_service_role_reads_and_appends_events_as_the_recorder_does(service_login):
    with connect_as(service_login) as service, service.transaction():
        # The recorder's append: the append lock (through the owner's function), then INSERT.
        service.execute("SELECT eventstore_lock_appends()")
        position = service.execute(
            "INSERT INTO eventstore_events (originator_id, originator_version, topic, state)"
            " VALUES (%s, 1, 'Tested', '\\x7b7d') RETURNING notification_id",
            [uuid.uuid4()],
        ).fetchone()[0]

    with connect_as(service_login) as service:
        stored = service.execute(
            "SELECT topic, hash IS NOT NULL FROM eventstore_events WHERE notification_id = %s",
            [position],
        ).fetchone()
    assert stored == ("Tested", True)


REFUSED = [
    pytest.param("UPDATE eventstore_events SET topic = topic", id="an UPDATE of events"),
    pytest.param("DELETE FROM eventstore_events", id="a DELETE of events"),
    pytest.param("TRUNCATE eventstore_events", id="a TRUNCATE of events"),
    pytest.param("ALTER TABLE eventstore_events DISABLE TRIGGER ALL", id="disabling triggers"),
    pytest.param(
        "DROP TRIGGER eventstore_events_append_only ON eventstore_events",
        id="dropping the append-only trigger",
    ),
    pytest.param("SET session_replication_role = replica", id="turning triggers off for a session"),
    pytest.param("LOCK TABLE eventstore_events IN ACCESS EXCLUSIVE MODE", id="locking out readers"),
    pytest.param("CREATE TABLE builder_intruder (id int)", id="creating a table"),
    pytest.param("CREATE SCHEMA builder_intruder", id="creating a schema"),
    pytest.param("DROP TABLE eventstore_events", id="dropping a table"),
    pytest.param("ALTER TABLE builder_user ADD COLUMN intruder int", id="altering a table"),
    pytest.param("TRUNCATE eventstore_data_keys", id="a TRUNCATE of the key vault"),
    pytest.param("TRUNCATE eventstore_erasures", id="a TRUNCATE of the erasure ledger"),
    pytest.param("DELETE FROM eventstore_erasures", id="a DELETE from the erasure ledger"),
    pytest.param("TRUNCATE projections_program_document", id="a TRUNCATE of a read model"),
    pytest.param(
        "UPDATE eventstore_event_subjects SET person_id = person_id",
        id="an UPDATE of the index of persons",
    ),
    pytest.param("DELETE FROM eventstore_event_subjects", id="a DELETE from the index of persons"),
    pytest.param("TRUNCATE eventstore_event_subjects", id="a TRUNCATE of the index of persons"),
]


@pytest.mark.parametrize("statement", REFUSED)
def test_the_service_role_is_refused(service_login, statement):
    with (
        connect_as(service_login) as service,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
        service.transaction(),  # LOCK TABLE needs one
    ):
        service.execute(statement)


@pytest.mark.parametrize(
    "table",
    [
        "eventstore_events",
        "eventstore_data_keys",
        "eventstore_erasures",
        "eventstore_event_subjects",
    ],
)
def test_truncate_is_refused_even_for_the_owner_without_the_test_suites_setting(table):
    # The suite's own connections allow it (for pytest-django's flush): this one does not.
    with (
        pytest.raises(IntegrityError, match=f"TRUNCATE of {table} refused"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET LOCAL eventstore.allow_truncate = off")
        cursor.execute(f"TRUNCATE {table}")


@contextmanager
def django_connecting_as(login: tuple[str, str]) -> Iterator[None]:
    """This process's Django connection logs in as `login` until the block ends."""
    settings = connection.settings_dict
    owner = settings["USER"], settings["PASSWORD"]
    connection.close()
    settings["USER"], settings["PASSWORD"] = login
    try:
        yield
    finally:
        connection.close()
        settings["USER"], settings["PASSWORD"] = owner


def logged_in_as() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        return cursor.fetchone()[0]


def pending_vacuums() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM builder_erasure_vacuum")
        return cursor.fetchone()[0]


@pytest.fixture
def worker(tmp_path) -> Iterator[Callable[[], WorkerProcess]]:
    """Starts `manage.py run_projections` on the test database; killed at the end if it runs."""
    started: list[WorkerProcess] = []

    def start() -> WorkerProcess:
        started.append(WorkerProcess(tmp_path))
        return started[-1]

    yield start
    for process in started:
        if process.process.poll() is None:
            process.kill()


@pytest.mark.slow
def test_the_service_and_its_worker_run_their_paths_as_the_service_role(
    service_login, worker, make_user, admin, exercises
):
    markers = {field: f"Role{field}{uuid.uuid4().hex[:6]}" for field in FIELDS}
    with django_connecting_as(service_login):
        assert logged_in_as() == service_login[0]
        person = a_person_who_wrote_everywhere(make_user, markers, exercises)
        a_coach_writes_about(person, make_user, markers)
        projections = worker()  # its DATABASE_URL logs in as the service role too
        last = builder().recorder.max_notification_id()
        for name in WORKER_PROJECTIONS:
            eventually(lambda name=name: status.reached(name, last), what=f"{name} at {last}")
        exported = client_for(person).get("/api/me/export/")
        erased = client_for(admin).post(
            f"/api/admin/users/{person.id}/erase/", {"confirm": str(person.id)}, format="json"
        )
        ready = client_for(admin).get("/readyz")
        stopped = projections.terminate()
        for command in ("verify_events", "rotate_master_key", "seed_demo"):
            call_command(command, stdout=io.StringIO())
        # Only the tables' owner may VACUUM them (PostgreSQL 16): the erasure left it pending.
        left_for_the_owner = pending_vacuums()

    assert (exported.status_code, erased.status_code, stopped) == (200, 200, 0), erased.content
    assert ready.status_code == 200, ready.content
    assert "permission denied" not in projections.output()
    assert left_for_the_owner > 0
    call_command("vacuum_erasures")
    assert pending_vacuums() == 0


READ_MODEL_TABLES = (
    "SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname LIKE 'projections\\_%'"
)


def read_model_tables() -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(READ_MODEL_TABLES)
        return {oid for (oid,) in cursor.fetchall()}


def test_the_tables_a_blue_green_rebuild_swaps_in_keep_the_service_roles_grants(service_login):
    before = read_model_tables()
    call_command("rebuild_projections", stdout=io.StringIO())  # as the owner, as documented
    after = read_model_tables()

    with connect_as(service_login) as service:
        refused = service.execute(
            "SELECT t::regclass::text FROM unnest(%s::oid[]) AS t WHERE NOT ("
            " has_table_privilege(t, 'SELECT') AND has_table_privilege(t, 'INSERT')"
            " AND has_table_privilege(t, 'UPDATE') AND has_table_privilege(t, 'DELETE'))",
            [list(after)],
        ).fetchall()
    assert after - before, "no table was swapped in"
    assert refused == []


@pytest.mark.slow
def test_an_owner_that_may_not_create_roles_still_migrates_and_is_told_the_role_is_missing(
    tmp_path,
):
    database = OwnPostgres(tmp_path / "postgres")
    try:
        with database.connect() as admin:
            admin.execute("CREATE ROLE plain_owner LOGIN")
            admin.execute("ALTER DATABASE builder OWNER TO plain_owner")
        migrated = manage(database.url("plain_owner"), "migrate", "--noinput")
        with database.connect() as admin:
            roles = admin.execute("SELECT rolname FROM pg_roles WHERE rolname = %s", [SERVICE_ROLE])
            created = roles.fetchall()
    finally:
        database.cleanup()

    assert "Role builder_service not created, nor granted anything" in migrated.stderr
    assert created == []
