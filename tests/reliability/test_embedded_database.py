"""The embedded PostgreSQL.

Each test starts the server of a data folder of its own in a subprocess, and then connects to
it."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from eventstore.embedded import stop

ROOT = Path(__file__).resolve().parents[2]


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


def test_the_module_uses_the_data_folder_the_settings_use(data_dir):
    database = started(data_dir)

    assert (data_dir / "postgres" / "PG_VERSION").exists()
    assert answers(database)
