"""gunicorn's settings for the service (`gunicorn -c python:builder.gunicorn`).

Workers, threads and the bind address come from GUNICORN_* variables or the command line. The
workers share their Prometheus counters through files in PROMETHEUS_MULTIPROC_DIR, so /metrics
adds up every worker's counts whichever worker answers; the access log is one line per request
in the application's log format (LOG_FORMAT).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from builder.logs import ACCESS_TEXT_FORMAT

# Before any worker imports prometheus_client, which reads it once at import: without a
# directory given, each server gets a fresh one of its own.
_OWN_FOLDER = (
    None
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    else Path(tempfile.mkdtemp(prefix="builder-metrics-"))
)
if _OWN_FOLDER is not None:
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(_OWN_FOLDER)

wsgi_app = "builder.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "*")
# Its default path is one per user's home: servers side by side would take each other's, and
# the image's user cannot write to its home. Workers are managed by signals and restarts.
control_socket_disable = True
access_log_format = ACCESS_TEXT_FORMAT
_LOG_FORMAT = os.environ.get("LOG_FORMAT") or (
    "text" if os.environ.get("DJANGO_ENV") == "development" else "json"
)

logconfig_dict: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "builder.logs.IsoTimeJsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "access_json": {
            "()": "builder.logs.AccessJsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "access_text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "error": {
            "class": "logging.StreamHandler",
            "formatter": _LOG_FORMAT,
            "stream": "ext://sys.stderr",
        },
        "access": {
            "class": "logging.StreamHandler",
            "formatter": f"access_{_LOG_FORMAT}",
            "stream": "ext://sys.stderr",
        },
    },
    "root": {"level": "INFO", "handlers": []},
    # Not propagated: the application's own root handler would write each line a second time.
    # No levels: gunicorn's own (--log-level) stay.
    "loggers": {
        "gunicorn.error": {"handlers": ["error"], "propagate": False},
        "gunicorn.access": {"handlers": ["access"], "propagate": False},
    },
}


def on_starting(server: Any) -> None:
    """Forget the counts of a server that ran before with the same directory."""
    folder = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.db"):
        stale.unlink()


def on_exit(server: Any) -> None:
    """Remove the directory this server made for itself (a given one is left)."""
    if _OWN_FOLDER is not None:
        shutil.rmtree(_OWN_FOLDER, ignore_errors=True)


def child_exit(server: Any, worker: Any) -> None:
    """A worker that exits stops counting towards the live gauges."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
