"""Every request gets a correlation id of the server's making, which its events and log records
carry; a client's own X-Request-ID is echoed back and logged, never stored."""

import re
import uuid

from builder.logs import correlation_id, request_id

_SANE = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class CorrelationIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.correlation_id = uuid.uuid4().hex
        # A client may put anything in its id, a person's address too, and events outlive an
        # erasure: the client's id goes to the logs and back in the response only.
        offered = request.headers.get("X-Request-ID", "")
        request.request_id = offered if _SANE.match(offered) else ""
        tokens = correlation_id.set(request.correlation_id), request_id.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            correlation_id.reset(tokens[0])
            request_id.reset(tokens[1])
        response["X-Correlation-ID"] = request.correlation_id
        response["X-Request-ID"] = request.request_id or request.correlation_id
        return response
