"""Faults of the database under a running service (F2, F3), over real HTTP against gunicorn.

The service runs on a PostgreSQL server of its own, started for this module in a temporary
folder, so that it can be stopped and started without touching the suite's database."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import psycopg
import pytest

from tests.reliability.served import ROOT, Answer, Server, gunicorn, server_env

pytestmark = pytest.mark.slow

APP_NAME = "builder-fault-test"
DATABASE = "builder"


class Postgres:
    """A PostgreSQL server in a folder of its own, listening on a Unix socket only."""

    def __init__(self, folder: Path):
        from eventstore.embedded import _pgserver

        self.pgserver = _pgserver()
        self.server = self.pgserver.get_server(folder, cleanup_mode="delete")
        self.socket_dir = self.server.get_postmaster_info().socket_dir
        with self.connect("postgres") as admin:
            admin.execute(f'CREATE DATABASE "{DATABASE}"')

    def connect(self, dbname: str = DATABASE) -> psycopg.Connection:
        return psycopg.connect(
            host=str(self.socket_dir), user="postgres", dbname=dbname, autocommit=True
        )

    def url(self) -> str:
        return f"postgres://postgres@/{DATABASE}?host={self.socket_dir}&application_name={APP_NAME}"

    def stop(self) -> None:
        self._pg_ctl("-m", "fast", "stop")

    def start(self) -> None:
        # The same options pgserver starts it with: no TCP listener, the socket in its folder.
        self._pg_ctl(
            "-o", '-h ""', "-o", f"-k {self.socket_dir}", "-l", str(self.server.log), "start"
        )

    def _pg_ctl(self, *args: str) -> None:
        self.pgserver.pg_ctl(["-w", *args], pgdata=self.server.pgdata, user=self.server.system_user)


@pytest.fixture(scope="module")
def postgres(tmp_path_factory):
    folder = tmp_path_factory.mktemp("faults") / "postgres"
    database = Postgres(folder)
    try:
        yield database
    finally:
        database.server.cleanup()


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


MAKE_COACH = """
from rest_framework.authtoken.models import Token
from builder.models import Role, User
user = User.objects.create_user(
    "coach@example.com", "a-long-password-1", display_name="C", roles=[Role.COACH]
)
print(Token.objects.create(user=user).key)
"""


@pytest.fixture(scope="module")
def service(postgres, tmp_path_factory):
    """gunicorn on the module's database, with one coach and the coach's token."""
    env = server_env(postgres.url())
    manage(env, "migrate", "--noinput")
    token = manage(env, "shell", "-c", MAKE_COACH).strip().splitlines()[-1]
    log = tmp_path_factory.mktemp("faults-log") / "gunicorn.log"
    with gunicorn(env, log, workers=1, threads=4) as server:
        yield server, token


def create_program(server: Server, token: str) -> Answer:
    return server.call("POST", "/api/programs/", token, {"title": f"P {uuid.uuid4().hex[:6]}"})


def test_after_every_app_connection_is_terminated_the_next_request_succeeds(service, postgres):
    server, token = service
    program = create_program(server, token).json()["program"]["id"]

    with postgres.connect() as admin:
        ended = admin.execute(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE application_name = %s",
            [APP_NAME],
        ).fetchone()[0]
    read = server.call("GET", f"/api/programs/{program}/", token)
    edit = server.call(
        "PATCH",
        f"/api/programs/{program}/",
        token,
        {"title": "After"},
        **{"If-Match": read.headers["etag"]},
    )

    assert ended >= 1
    assert (read.status, edit.status) == (200, 200)


class Traffic:
    """Clients creating programs until told to stop; every answer is kept, in order."""

    def __init__(self, server: Server, token: str, clients: int = 3):
        self.server, self.token = server, token
        self.answers: list[Answer] = []
        self.acknowledged: list[str] = []
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._client) for _ in range(clients)]

    def __enter__(self) -> Traffic:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(60)

    def _client(self) -> None:
        # Bounded: stops when told, or after this many requests at the latest.
        for _ in range(2000):
            if self.stopping.is_set():
                return
            answer = create_program(self.server, self.token)
            with self.lock:
                self.answers.append(answer)
                if answer.status == 201:
                    self.acknowledged.append(answer.json()["program"]["id"])
            # Paces the clients so that an outage is met by a few dozen requests, not thousands.
            self.stopping.wait(0.05)

    def count(self, status: int | None = None, since: int = 0) -> int:
        with self.lock:
            seen = self.answers[since:]
        return sum(1 for a in seen if status is None or a.status == status)

    def wait_for(self, status: int, count: int, since: int = 0, seconds: float = 60) -> None:
        """Until `count` answers with `status` came after answer number `since` (or fail)."""
        deadline = time.monotonic() + seconds
        while self.count(status, since) < count:
            assert time.monotonic() < deadline, f"not {count} of {status}: {self.statuses()}"
            self.stopping.wait(0.05)

    def statuses(self) -> Counter:
        with self.lock:
            return Counter(a.status for a in self.answers)


def test_a_database_restart_under_traffic_is_503_problems_then_recovers_losing_nothing(
    service, postgres
):
    server, token = service

    with Traffic(server, token) as traffic:
        traffic.wait_for(201, 10)
        postgres.stop()
        try:
            outage = traffic.count()
            traffic.wait_for(503, 10, since=outage)
        finally:
            postgres.start()
        restarted = traffic.count()
        traffic.wait_for(201, 10, since=restarted)

    failed = [a for a in traffic.answers if a.status != 201]
    assert {a.status for a in failed} == {503}, traffic.statuses()
    for answer in failed:
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.headers["retry-after"].isdigit()
        assert answer.json()["status"] == 503
    assert "Traceback" not in server.log.read_text()
    for program in traffic.acknowledged:
        assert server.call("GET", f"/api/programs/{program}/", token).status == 200
