"""Projection workers as real processes (`manage.py run_projections`), and waiting for them."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from django.db import connection

from projections.models import ProjectionStatus
from tests.database import test_database_url

ROOT = Path(__file__).resolve().parents[2]


def eventually(condition: Callable[[], object], timeout: float = 60.0, what: str = "") -> None:
    """Poll `condition` until it holds; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"Not within {timeout} s: {what or condition}")
        time.sleep(0.02)


class WorkerProcess:
    """`manage.py run_projections` against the test database, its log in a file."""

    def __init__(self, log_folder: Path, *names: str, **env: str) -> None:
        self.log = log_folder / f"worker-{time.monotonic_ns()}.log"
        environment = {
            **os.environ,
            "DATABASE_URL": test_database_url(),
            "EVENTSTORE_POLL_INTERVAL": "0.2",
            "PYTHONUNBUFFERED": "1",
            **env,
        }
        with self.log.open("w") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own command
                [sys.executable, "manage.py", "run_projections", *names],
                cwd=ROOT,
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    @property
    def id(self) -> str:
        """How the status table names this worker (host:pid)."""
        return f"{socket.gethostname()}:{self.process.pid}"

    def kill(self) -> None:
        """SIGKILL: no clean-up of any kind."""
        self.process.kill()
        self.process.wait(timeout=30)

    def terminate(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=30)

    def output(self) -> str:
        return self.log.read_text()


def position(name: str = "exercise_usage") -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(max(notification_id), 0) FROM eventstore_tracking"
            " WHERE application_name = %s",
            [name],
        )
        return cursor.fetchone()[0]


def state(name: str = "exercise_usage") -> ProjectionStatus | None:
    return ProjectionStatus.objects.filter(name=name).first()
