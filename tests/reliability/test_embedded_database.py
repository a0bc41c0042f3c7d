"""H11: the embedded PostgreSQL starts whatever state pgserver's list of the processes using it
was left in (empty, unreadable, naming processes long gone), and a process that exits after the
list was spoiled prints no traceback.

The tests share a data folder of their own (not the suite's), start its server in a subprocess
as `python -m eventstore.embedded` and `manage.py check` do, and then connect to it."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from eventstore.embedded import stop

ROOT = Path(__file__).resolve().parents[2]
SPOILED = {
    "empty": b"",
    "cut short": b"[1234, 56",
    "garbage": b"\0\xff not json",
    "not a list": b'{"pids": [1]}',
}


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    """A data folder whose server runs, initialised once for the module."""
    folder = tmp_path_factory.mktemp("embedded")
    run(folder, "-m", "eventstore.embedded")
    try:
        yield folder
    finally:
        stop(folder)


def run(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["BUILDER_DATA_DIR"] = str(data_dir)
    return subprocess.run(  # noqa: S603 - our own interpreter and modules
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def handle_file(data_dir: Path) -> Path:
    return data_dir / "postgres" / ".handle_pids.json"


def started(data_dir: Path) -> dict[str, str]:
    """The connection settings `python -m eventstore.embedded` prints, once it exited cleanly."""
    done = run(data_dir, "-m", "eventstore.embedded")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    return ast.literal_eval(done.stdout.strip().splitlines()[-1])


def answers(database: dict[str, str]) -> bool:
    where = {"host": database["HOST"], "user": database["USER"], "dbname": database["NAME"]}
    with psycopg.connect(**where) as connection:
        return connection.execute("SELECT 1").fetchone() == (1,)


def exited_pids(count: int) -> list[int]:
    """Ids of processes that have come and gone."""
    pids = []
    for _ in range(count):
        done = subprocess.Popen([sys.executable, "-c", "pass"])
        done.wait()
        pids.append(done.pid)
    return pids


@pytest.mark.parametrize("contents", SPOILED.values(), ids=SPOILED.keys())
@pytest.mark.parametrize("server", ["running", "stopped"])
def test_a_spoiled_handle_file_is_repaired_at_start(data_dir, contents, server):
    if server == "stopped":
        stop(data_dir)
    handle_file(data_dir).write_bytes(contents)

    assert answers(started(data_dir))
    assert all(isinstance(pid, int) for pid in json.loads(handle_file(data_dir).read_text()))


def test_processes_long_gone_are_dropped_from_the_handle_file_at_start(data_dir):
    gone = exited_pids(3)
    handle_file(data_dir).write_text(json.dumps(gone))

    assert answers(started(data_dir))
    assert not set(gone) & set(json.loads(handle_file(data_dir).read_text()))


def test_the_settings_start_the_server_of_a_spoiled_data_folder(data_dir):
    stop(data_dir)
    handle_file(data_dir).write_text("")

    done = run(data_dir, "manage.py", "check", "--database", "default")

    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr


def test_a_process_that_exits_after_the_handle_file_was_spoiled_prints_no_traceback(data_dir):
    spoil = f"from pathlib import Path; Path({str(handle_file(data_dir))!r}).write_text('')"
    start = "from eventstore.embedded import data_dir, ensure_running; ensure_running(data_dir())"

    done = run(data_dir, "-c", f"{start}; {spoil}")

    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


def test_the_module_uses_the_data_folder_the_settings_use(data_dir):
    database = started(data_dir)

    assert (data_dir / "postgres" / "PG_VERSION").exists()
    assert answers(database)
