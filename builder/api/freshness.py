"""Read-your-writes for worker projections: wait until a view reflects a client's command.

A command answers with the position of its last event; a read of a worker projection may send
it back (`?min_position=` or `X-Min-Position`) and is answered once the projection has reached
it, or with 503 and Retry-After when it has not within PROJECTION_READ_WAIT_SECONDS.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.request import Request

from builder.api.problems import ProjectionBehind
from projections.queries import status as status_queries

POLL_SECONDS = 0.005
_LARGEST_POSITION = 2**63 - 1
# Checked before int() is asked: Python refuses to read numbers of more than 4300 digits.
_POSITION_DIGITS = len(str(_LARGEST_POSITION))


def wait_for(projection_name: str, request: Request) -> None:
    """Return once `projection_name` reflects the request's minimum position, if it gives one."""
    position = min_position(request)
    if position is None:
        return
    deadline = time.monotonic() + settings.PROJECTION_READ_WAIT_SECONDS
    # The tracking position is polled directly: a short interval keeps the added latency small.
    while not status_queries.projection_reached(projection_name, position):
        if time.monotonic() >= deadline:
            raise ProjectionBehind()
        time.sleep(POLL_SECONDS)


def min_position(request: Request) -> int | None:
    """The position from `?min_position=` or `X-Min-Position` (400 when not a position)."""
    raw = request.query_params.get("min_position", request.headers.get("X-Min-Position"))
    if raw is None or raw == "":
        return None
    position = as_position(raw)
    if position is None:
        raise exceptions.ValidationError(
            {"min_position": [_("Send a position as a command answered it, e.g. 42.")]}
        )
    return position


def as_position(raw: str) -> int | None:
    """`raw` read as a position in the event store (ASCII digits a bigint holds), else None."""
    if not raw.isascii() or not raw.isdecimal() or len(raw) > _POSITION_DIGITS:
        return None
    position = int(raw)
    return position if position <= _LARGEST_POSITION else None
