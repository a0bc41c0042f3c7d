"""Idempotency-Key on creations: the same key and body replay the first response."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.db import connection, transaction
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response

from builder.api.json_codec import JSONRenderer
from builder.api.problems import IdempotencyKeyReused
from builder.models import IdempotencyRecord

MAX_KEY_LENGTH = 255
_REPLAYED_HEADERS = ("ETag", "Location", "X-Event-Position")


def idempotent(request: Request, execute: Callable[[], Response]) -> Response:
    """Run `execute` once per (user, endpoint, key); later calls get the recorded response."""
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return execute()
    if not 0 < len(key) <= MAX_KEY_LENGTH or not key.isprintable():
        raise exceptions.ValidationError(
            {"Idempotency-Key": [_("Use 1 to 255 printable characters.")]}
        )
    digest = hashlib.sha256(json.dumps(request.data, sort_keys=True).encode()).hexdigest()
    scope = f"{request.method} {request.path}"
    key = stored_key(key)
    with transaction.atomic():
        record = _claim(request.user.id, scope, key, digest)
        if record is not None:
            if record.request_hash != digest:
                raise IdempotencyKeyReused()
            return _replay(record)
        response = execute()
        IdempotencyRecord.objects.filter(user_id=request.user.id, scope=scope, key=key).update(
            status=response.status_code,
            body=_as_sent(response.data),
            headers={h: response[h] for h in _REPLAYED_HEADERS if h in response},
        )
        return response


def stored_key(key: str) -> str:
    """What is kept of a client's key: a keyed hash, since a client may put anything in it (a
    person's name, say) and the record outlives nobody's erasure but its sender's."""
    return salted_hmac("idempotency-key", key).hexdigest()


def _claim(user_id, scope: str, key: str, digest: str) -> IdempotencyRecord | None:
    """Insert the key, or return the committed record that already holds it.

    A concurrent request with the same key blocks on the unique index until the first one
    commits (then it replays) or rolls back (then it executes).
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO builder_idempotencyrecord (user_id, scope, key, request_hash, headers,"
            " created_at) VALUES (%s, %s, %s, %s, '{}', now())"
            " ON CONFLICT (user_id, scope, key) DO NOTHING RETURNING id",
            [user_id, scope, key, digest],
        )
        if cursor.fetchone():
            return None
    return IdempotencyRecord.objects.get(user_id=user_id, scope=scope, key=key)


def _as_sent(data: Any) -> Any:
    """The answer's data as the client got it: a program's weeks are JSON text (JSONText)."""
    return None if data is None else json.loads(JSONRenderer().render(data))


def _replay(record: IdempotencyRecord) -> Response:
    response = Response(record.body, status=record.status, headers=record.headers)
    response["Idempotent-Replayed"] = "true"
    return response
