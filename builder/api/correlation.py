"""Every request gets a correlation id (taken from X-Request-ID when sane) that events record."""

import re
import uuid

from builder.logs import correlation_id

_SANE = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class CorrelationIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get("X-Request-ID", "")
        request.correlation_id = offered if _SANE.match(offered) else uuid.uuid4().hex
        token = correlation_id.set(request.correlation_id)
        try:
            response = self.get_response(request)
        finally:
            correlation_id.reset(token)
        response["X-Request-ID"] = request.correlation_id
        return response
