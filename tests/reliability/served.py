"""The service as operators run it, for the fault and load rows: gunicorn in a subprocess on a
loopback socket, and a small HTTP client that reports every answer (or the lack of one)."""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.client import HTTPConnection
from pathlib import Path
from typing import Any

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
HOST = "127.0.0.1"


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body or b"null")


@dataclass(frozen=True)
class Server:
    port: int
    log: Path

    def call(
        self, method: str, path: str, token: str | None = None, body: Any = None, **headers: str
    ) -> Answer:
        payload = json.dumps(body).encode() if body is not None else None
        return self.send(method, path, token, payload, **headers)

    def send(
        self, method: str, path: str, token: str | None, payload: bytes | None, **headers: str
    ) -> Answer:
        """A request with a body of exactly these bytes."""
        connection = HTTPConnection(HOST, self.port, timeout=30)
        sent = {"Content-Type": "application/json", **headers}
        if token:
            sent["Authorization"] = f"Token {token}"
        try:
            connection.request(method, path, payload, sent)
            response = connection.getresponse()
            answered = {k.lower(): v for k, v in response.getheaders()}
            return Answer(response.status, answered, response.read())
        finally:
            connection.close()


def server_env(database_url: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_ENV": "development",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": database_url,
        "LOG_FORMAT": "text",
        **extra,
    }


@contextmanager
def gunicorn(
    env: dict[str, str], log: Path, workers: int = 1, threads: int = 4
) -> Iterator[Server]:
    """gunicorn with the service's settings (builder/gunicorn.py) serving the app until the
    block ends; its output goes to `log`."""
    # The test listens first and hands gunicorn the socket: connections made before gunicorn is
    # ready wait in the backlog, so nothing needs to poll for the server to come up.
    listener = socket.create_server((HOST, 0), backlog=128)
    port = listener.getsockname()[1]
    with log.open("w") as output:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and gunicorn
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config=python:builder.gunicorn",
                f"--bind=fd://{listener.fileno()}",
                f"--workers={workers}",
                f"--threads={threads}",
                "--timeout=60",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=output,
            pass_fds=[listener.fileno()],
        )
    listener.close()
    try:
        server = Server(port, log)
        assert server.call("GET", "/healthz").status == 200, log.read_text()
        yield server
    finally:
        process.terminate()
        process.wait(15)
