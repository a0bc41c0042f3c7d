"""Log records carry the request's correlation id; production writes them as JSON lines."""

from __future__ import annotations

import logging
from contextvars import ContextVar

correlation_id: ContextVar[str] = ContextVar("correlation_id", default="-")


class CorrelationIdFilter(logging.Filter):
    """Adds `correlation_id` (the request's X-Request-ID) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        # Django logs a request's 4xx/5xx after the middleware has returned: take the id from
        # the request the record carries.
        request = getattr(record, "request", None)
        record.correlation_id = getattr(request, "correlation_id", None) or correlation_id.get()
        return True
