"""A PostgreSQL server of a test's own, and manage.py run against it in a subprocess."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import psycopg

from tests.reliability.served import ROOT, server_env

DATABASE = "builder"
SUPERUSER = "postgres"


class OwnPostgres:
    """A PostgreSQL server in a folder of its own, listening on a Unix socket only, with one
    database for the service."""

    def __init__(self, folder: Path):
        from eventstore.embedded import _pgserver

        self.server = _pgserver().get_server(folder, cleanup_mode="delete")
        self.socket_dir = self.server.get_postmaster_info().socket_dir
        self.data_dir = Path(self.server.pgdata)
        with self.connect("postgres") as admin:
            admin.execute(f'CREATE DATABASE "{DATABASE}"')

    def connect(self, dbname: str = DATABASE) -> psycopg.Connection:
        """A superuser's connection, in autocommit."""
        return psycopg.connect(
            host=str(self.socket_dir), user=SUPERUSER, dbname=dbname, autocommit=True
        )

    def url(self, user: str = SUPERUSER) -> str:
        """A DATABASE_URL for the service's database (the socket trusts local logins)."""
        return f"postgres://{user}@/{DATABASE}?host={self.socket_dir}"

    def relation_files(self) -> list[Path]:
        """Every file of every database's relations (the data directory's `base/`)."""
        with self.connect() as admin:
            admin.execute("CHECKPOINT")  # the pages on disk, not only in shared buffers
        return [path for path in (self.data_dir / "base").rglob("*") if path.is_file()]

    def cleanup(self) -> None:
        self.server.cleanup()


def manage(database_url: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`manage.py` with these arguments against that database (fails unless it exits 0)."""
    done = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=server_env(database_url, **env),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done
