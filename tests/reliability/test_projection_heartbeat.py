"""The projection worker's health check: `manage.py projections_alive` exits 0 while
`run_projections` beats, 1 when its heartbeat is stale or missing (it serves no HTTP, so the
web's health check cannot tell)."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from tests.reliability.served import ROOT, server_env
from tests.reliability.workers import WorkerProcess, eventually

UNUSED_DATABASE = "postgres://unused@localhost/unused"


def projections_alive(heartbeat, *arguments: str) -> int:
    """The health check's exit code (it reads no database)."""
    env = server_env(UNUSED_DATABASE, PROJECTIONS_HEARTBEAT_FILE=str(heartbeat))
    return subprocess.run(  # noqa: S603 - our own interpreter and command
        [sys.executable, "manage.py", "projections_alive", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        check=False,
    ).returncode


def test_a_fresh_heartbeat_is_alive(tmp_path):
    heartbeat = tmp_path / "alive"
    heartbeat.touch()
    assert projections_alive(heartbeat) == 0


def test_a_stale_heartbeat_is_not_alive(tmp_path):
    heartbeat = tmp_path / "alive"
    heartbeat.touch()
    an_hour_ago = time.time() - 3600
    os.utime(heartbeat, (an_hour_ago, an_hour_ago))
    assert projections_alive(heartbeat) == 1
    assert projections_alive(heartbeat, "--max-age=7200") == 0


def test_no_heartbeat_is_not_alive(tmp_path):
    assert projections_alive(tmp_path / "never-written") == 1


@pytest.mark.django_db(transaction=True)
def test_a_running_worker_beats_and_a_stopped_one_does_not(tmp_path):
    heartbeat = tmp_path / "alive"
    worker = WorkerProcess(tmp_path, PROJECTIONS_HEARTBEAT_FILE=str(heartbeat))
    try:
        eventually(heartbeat.exists, what="the worker's first heartbeat")
        assert projections_alive(heartbeat) == 0
    finally:
        assert worker.terminate() == 0, worker.output()
    assert projections_alive(heartbeat) == 1
