"""The hash chain over stored events: the one definition of what an event's hash covers.

Each row of ``eventstore_events`` stores ``hash``, where for the n-th row in position
(``notification_id``) order::

    hash(0) = 32 zero bytes                       (before the first event)
    hash(n) = sha256(hash(n-1) || fields(n))

and ``fields(n)`` is the row's stored fields, in this order, each written as a 4-byte unsigned
big-endian length followed by that many bytes:

=====================  =========================================================================
``notification_id``    8 bytes, big-endian two's complement (PostgreSQL ``int8send``)
``originator_id``      16 bytes, the UUID in RFC 4122 byte order (``uuid_send``)
``originator_version`` 8 bytes, big-endian two's complement (``int8send``)
``topic``              the text encoded as UTF-8 (``convert_to(topic, 'UTF8')``)
``state``              the stored bytes as they are
=====================  =========================================================================

The length prefixes make the encoding injective: bytes cannot move from one field to the next
without changing a length, so two different rows never encode alike. The hash covers stored
bytes only: ``state`` is hashed as stored (ciphertext where the event holds personal data), so
destroying a data subject's key changes nothing stored and the chain stays valid. The recorded
time is not covered (it is set by the database, not part of the event).

The writer is the database: ``eventstore_event_hash`` and the BEFORE INSERT trigger of
migration 0002 compute this in SQL. ``event_hash`` below is the verifier's implementation; the
tests hold the two equal on every appended row.
"""

from __future__ import annotations

from hashlib import sha256
from uuid import UUID

GENESIS = bytes(32)


def _field(value: bytes) -> bytes:
    return len(value).to_bytes(4, "big") + value


def encode_fields(
    notification_id: int, originator_id: UUID, originator_version: int, topic: str, state: bytes
) -> bytes:
    """The canonical encoding of a stored event's fields (the module docstring's table)."""
    return b"".join(
        _field(value)
        for value in (
            notification_id.to_bytes(8, "big", signed=True),
            originator_id.bytes,
            originator_version.to_bytes(8, "big", signed=True),
            topic.encode("utf-8"),
            bytes(state),
        )
    )


def event_hash(
    previous: bytes,
    notification_id: int,
    originator_id: UUID,
    originator_version: int,
    topic: str,
    state: bytes,
) -> bytes:
    """The hash of a stored event that follows an event whose hash is ``previous``."""
    fields = encode_fields(notification_id, originator_id, originator_version, topic, state)
    return sha256(previous + fields).digest()
