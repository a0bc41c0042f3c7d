"""Plain-text dumps of the test database (pg_dump), and the encodings of a marker to seek."""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.db import connection


def encodings(marker: str) -> set[bytes]:
    """The marker raw, lower-cased, JSON-escaped and base64-encoded (at every alignment)."""
    raw = marker.encode()
    found = {raw, marker.lower().encode(), json.dumps(marker)[1:-1].encode()}
    for offset in range(3):
        encoded = base64.b64encode(b"\0" * offset + raw)
        # Skip the characters that depend on what precedes the marker, and the padded tail.
        found.add(encoded[4 if offset else 0 : -4])
    return found


def pg_dump_binary(server_major: int) -> str:
    """A pg_dump no older than the server: the embedded server's own, or one on the PATH."""
    import pgserver

    candidates = [
        Path(pgserver.__file__).parent / "pginstall" / "bin" / "pg_dump",
        *(Path(p) for p in [shutil.which("pg_dump")] if p),
        *sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_dump"), reverse=True),
    ]
    for candidate in candidates:
        if candidate.exists():
            version = subprocess.run(  # noqa: S603 - a fixed binary, no shell
                [str(candidate), "--version"], capture_output=True, text=True, check=True
            ).stdout
            if int(re.search(r"(\d+)", version.split(")")[-1]).group(1)) >= server_major:
                return str(candidate)
    pytest.fail(f"No pg_dump for PostgreSQL {server_major} found")


def pg_dump(*tables: str) -> bytes:
    """A plain-text dump of the test database (all schemas, or only `tables`)."""
    settings = connection.settings_dict
    major = connection.cursor().connection.info.server_version // 10000
    host = settings["HOST"] or settings.get("OPTIONS", {}).get("host", "")
    command = [pg_dump_binary(major), "--no-owner", "--dbname", settings["NAME"]]
    command += ["--host", host] if host else []
    command += ["--port", str(settings["PORT"])] if settings["PORT"] else []
    command += ["--username", settings["USER"]] if settings["USER"] else []
    for table in tables:
        command += ["--table", table]
    env = {**os.environ, "PGPASSWORD": settings["PASSWORD"] or ""}
    return subprocess.run(command, capture_output=True, check=True, env=env).stdout  # noqa: S603


def leaked(dump: bytes, markers: dict[str, str]) -> dict[str, list[bytes]]:
    found = {field: [e for e in encodings(m) if e in dump] for field, m in markers.items()}
    return {field: hits for field, hits in found.items() if hits}
