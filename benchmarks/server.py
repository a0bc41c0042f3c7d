"""The service under gunicorn on loopback, as production runs it, and a keep-alive JSON client."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.client import HTTPConnection
from typing import Any

from benchmarks.harness import ROOT

# The production image's gunicorn (Dockerfile): 3 workers of 4 threads.
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
THREADS = int(os.environ.get("BENCH_THREADS", "4"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn(workers: int = WORKERS, threads: int = THREADS) -> Iterator[tuple[str, int]]:
    """Serve benchmarks.settings (the product plus a no-op endpoint) on a free loopback port."""
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
    }
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "builder.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        f"--threads={threads}",
        "--log-level=warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603
    try:
        _wait_until_ready(port, server)
        yield "127.0.0.1", port
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_until_ready(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited before it answered")
        try:
            connection = HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                connection.close()
                return
        except OSError:
            pass
        time.sleep(0.1)  # polling for the server socket, bounded by the deadline above
    raise RuntimeError("gunicorn did not answer /healthz within 60 s")


class Client:
    """One keep-alive connection speaking JSON with a token, as a script or the SPA would."""

    def __init__(self, address: tuple[str, int], token: str) -> None:
        self.connection = HTTPConnection(*address, timeout=60)
        self.headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}

    def call(
        self, method: str, path: str, body: Any = None, **headers: str
    ) -> tuple[int, dict[str, str], bytes]:
        payload = json.dumps(body) if body is not None else None
        self.connection.request(method, path, payload, {**self.headers, **headers})
        response = self.connection.getresponse()
        data = response.read()
        return response.status, dict(response.getheaders()), data

    def close(self) -> None:
        self.connection.close()
