"""Production settings, served by gunicorn over a real socket: HTTPS only, hardened headers,
problem responses without tracebacks, JSON logs, and a clean `check --deploy` (A8)."""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
from http.client import HTTPConnection
from pathlib import Path

import pytest
from django.conf import settings

from eventstore.keyvault import generate_master_key
from tests.database import test_database_url

ROOT = Path(settings.BASE_DIR)
HOST = "127.0.0.1"


def production_env(static_root: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "EVENTSTORE_MASTER_KEY": generate_master_key(),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DATABASE_URL": test_database_url(),
        "DJANGO_STATIC_ROOT": str(static_root),
        "LOG_FORMAT": "json",
    }


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker, tmp_path_factory):
    """gunicorn with production settings on the test database, its log in a file."""
    folder = tmp_path_factory.mktemp("production")
    env = production_env(folder / "static")
    collected = manage(env, "collectstatic", "--noinput")
    assert collected.returncode == 0, collected.stderr
    # The test listens first and hands gunicorn the socket: connections made before gunicorn is
    # ready wait in the backlog, so nothing needs to poll for the server to come up.
    listener = socket.create_server((HOST, 0))
    port, log = listener.getsockname()[1], folder / "server.log"
    with log.open("w") as stderr:
        process = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "gunicorn",
                "builder.wsgi:application",
                "--bind",
                f"fd://{listener.fileno()}",
                "--workers",
                "1",
                "--threads",
                "2",
            ],
            cwd=ROOT,
            env=env,
            stdout=stderr,
            stderr=stderr,
            pass_fds=[listener.fileno()],
        )
    listener.close()
    try:
        status, _, _ = get(port, "/healthz", timeout=30)
        assert status == 200, log.read_text()
        yield port, log
    finally:
        process.terminate()
        process.wait(10)


def get(port: int, path: str, timeout: float = 10, **headers: str):
    conn = HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Host": HOST, **headers})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


HTTPS = {"X-Forwarded-Proto": "https"}


def test_the_deploy_check_passes_with_production_settings(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_master_key(tmp_path):
    env = production_env(tmp_path)
    del env["EVENTSTORE_MASTER_KEY"]

    result = manage(env, "check")

    assert result.returncode != 0
    assert "EVENTSTORE_MASTER_KEY must be set" in result.stderr


def test_production_refuses_a_malformed_master_key(tmp_path):
    env = {**production_env(tmp_path), "EVENTSTORE_MASTER_KEY": "too-short"}

    result = manage(env, "check")

    assert result.returncode != 0
    assert "32 random bytes in urlsafe base64" in result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["DJANGO_SECRET_KEY"]

    result = manage(env, "check")

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_a_database_url(tmp_path):
    env = production_env(tmp_path)
    del env["DATABASE_URL"]

    result = manage(env, "check")

    assert result.returncode != 0
    assert "DATABASE_URL must be set" in result.stderr
    assert "pgserver" not in result.stderr


def test_plain_http_is_redirected_to_https_but_probes_are_not(server):
    port, _ = server

    status, headers, _ = get(port, "/api/programs/")
    probe, _, _ = get(port, "/healthz")

    assert status == 301 and headers["location"].startswith("https://")
    assert probe == 200


def test_responses_carry_the_security_headers(server):
    port, _ = server

    status, headers, _ = get(port, "/api/auth/me/", **HTTPS)

    assert status == 401
    assert headers["strict-transport-security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "same-origin"
    assert "default-src 'none'" in headers["content-security-policy"]


def test_the_docs_page_has_its_own_policy_and_hashed_assets(server):
    port, _ = server

    status, headers, body = get(port, "/api/docs/", **HTTPS)
    script = next(part for part in body.decode().split('"') if "swagger-ui-bundle" in part)
    asset, _, _ = get(port, script, **HTTPS)

    assert status == 200
    assert "default-src 'self'" in headers["content-security-policy"]
    assert asset == 200


def test_errors_are_problems_without_tracebacks(server):
    port, _ = server

    missing = get(port, "/api/nowhere/", **HTTPS)
    bad_host = get(port, "/api/programs/", Host="evil.example.com", **HTTPS)

    for _, headers, body in (missing, bad_host):
        assert headers["content-type"] == "application/problem+json"
        assert b"Traceback" not in body
    assert (missing[0], bad_host[0]) == (404, 400)


def test_logs_are_json_lines_with_the_request_id_and_the_servers_correlation_id(server):
    port, log = server

    _, headers, _ = get(port, "/api/nowhere/", **HTTPS, **{"X-Request-ID": "trace-me-42"})

    records = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    ids = {(r.get("request_id"), r.get("correlation_id")) for r in records}
    assert ("trace-me-42", headers["x-correlation-id"]) in ids, log.read_text()
    assert headers["x-request-id"] == "trace-me-42" != headers["x-correlation-id"]
