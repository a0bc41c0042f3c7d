"""Log records carry the request's correlation id and the client's request id, and no personal
data; production writes them as JSON lines."""

from __future__ import annotations

import logging
import traceback
from contextvars import ContextVar
from datetime import datetime
from typing import Any

from pythonjsonlogger.json import JsonFormatter

correlation_id: ContextVar[str] = ContextVar("correlation_id", default="-")
request_id: ContextVar[str] = ContextVar("request_id", default="-")


class CorrelationIdFilter(logging.Filter):
    """Adds `correlation_id` (the server's id for the request, which its events record) and
    `request_id` (the X-Request-ID the client sent, or "-") to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        # Django logs a request's 4xx/5xx after the middleware has returned: take the ids from
        # the request the record carries.
        request = getattr(record, "request", None)
        record.correlation_id = getattr(request, "correlation_id", None) or correlation_id.get()
        record.request_id = getattr(request, "request_id", None) or request_id.get() or "-"
        return True


class PersonalDataFilter(logging.Filter):
    """Keeps what people send out of the logs: the request a record carries becomes its path
    (the JSON formatter would otherwise print its query string), and an exception keeps its
    type and frames but not its message (messages may quote input or stored text).

    Runs after CorrelationIdFilter, which reads the request first.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if request is not None:
            record.request = getattr(request, "path", None)
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = "".join(_without_messages(record.exc_info[1]))
            record.exc_info = None
        return True


def _without_messages(error: BaseException, depth: int = 0) -> list[str]:
    lines: list[str] = []
    cause = error.__cause__ or (None if error.__suppress_context__ else error.__context__)
    if cause is not None and depth < 10:
        lines += _without_messages(cause, depth + 1)
        lines.append("\nDuring handling of the above exception, another exception occurred:\n\n")
    kind = type(error)
    lines.append("Traceback (most recent call last):\n")
    lines += traceback.format_tb(error.__traceback__)
    lines.append(f"{kind.__module__}.{kind.__qualname__} (message not logged)")
    return lines


class IsoTimeJsonFormatter(JsonFormatter):
    """JSON lines whose time is ISO 8601 with the zone's offset (2026-01-31T09:15:02.345+01:00)."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        moment = datetime.fromtimestamp(record.created).astimezone()
        return moment.isoformat(timespec="milliseconds")


# gunicorn's atoms for what an access line says: the path is without its query string (`U`,
# not `r`), which may hold what people typed; no client address, which is personal data.
ACCESS_ATOMS = {
    "method": "m",
    "path": "U",
    "status": "s",
    "duration_ms": "M",
    "bytes": "B",
    "correlation_id": "{x-correlation-id}o",
    "request_id": "{x-request-id}o",
}
ACCESS_TEXT_FORMAT = "%(m)s %(U)s %(s)s %(M)sms [%({x-correlation-id}o)s %({x-request-id}o)s]"


class AccessJsonFormatter(IsoTimeJsonFormatter):
    """gunicorn's access lines as JSON objects: one field for each of ACCESS_ATOMS."""

    def add_fields(
        self, log_data: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]
    ) -> None:
        super().add_fields(log_data, record, message_dict)
        atoms = record.args if isinstance(record.args, dict) else {}
        for field, atom in ACCESS_ATOMS.items():
            log_data[field] = atoms.get(atom, "-")
        if str(log_data["status"]).isdigit():
            log_data["status"] = int(log_data["status"])
