"""The embedded PostgreSQL used when DATABASE_URL is unset (the pgserver wheel).

The server listens on a Unix socket inside the local data folder only, keeps running between
commands so that `make run` and `make test` reuse it, and is stopped with
`python -m eventstore.embedded stop`.
"""

import atexit
import os
import sys
import warnings
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from eventstore import embedded_handles

DATABASE_NAME = "builder"
REPOSITORY = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """The local data folder, for the settings and this module alike: BUILDER_DATA_DIR when set,
    else `.data` in the repository."""
    return Path(os.environ.get("BUILDER_DATA_DIR") or REPOSITORY / ".data")


def ensure_running(data_dir: Path) -> dict[str, str]:
    """Start the server if needed, create the database, and return Django connection settings."""
    import psycopg

    data_dir.mkdir(parents=True, exist_ok=True)
    server = _server(data_dir / "postgres")
    uri = urlparse(server.get_uri())
    socket_dir = parse_qs(uri.query)["host"][0]
    user = uri.username or "postgres"
    with psycopg.connect(host=socket_dir, user=user, dbname="postgres", autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE_NAME,)
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    return {"HOST": socket_dir, "USER": user, "NAME": DATABASE_NAME, "PASSWORD": "", "PORT": ""}


def _server(pgdata: Path):
    """pgserver's handle on the server of `pgdata`, which it starts if it is not running."""
    with embedded_handles.one_start_at_a_time(pgdata.parent):
        embedded_handles.repair(pgdata)
        server = _pgserver().get_server(pgdata, cleanup_mode=None)
    # The server outlives every process, so at exit pgserver would only rewrite its handle
    # file, in place: a process stopped meanwhile would leave it empty for the next start.
    atexit.unregister(server._cleanup)
    return server


def _pgserver():
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset; pgserver then uses /tmp, as we want.
        warnings.simplefilter("ignore")
        import pgserver

    return pgserver


def stop(data_dir: Path) -> None:
    """Stop the server if it runs."""
    pg_ctl = _pgserver().pg_ctl
    pgdata = data_dir / "postgres"
    if (pgdata / "postmaster.pid").exists():
        # pgserver runs postgres as its own system user when started by root.
        pg_ctl(["-w", "stop"], pgdata=pgdata, user="pgserver" if os.geteuid() == 0 else None)


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "start"
    if command == "stop":
        stop(data_dir())
    else:
        print(ensure_running(data_dir()))
