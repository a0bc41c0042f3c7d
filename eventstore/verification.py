"""Verifies the hash chain of stored events and remembers each outcome for auditors.

Public API:

- ``verify_chain(*, batch_size=1000, progress=None, using="default") -> Verification``
- ``last_verification(using="default") -> Verification | None``
- ``Verification``: the outcome of one run.

The chain is read in position order in batches (keyset pagination: constant memory, no long
transaction) up to the last position stored when the run starts; appends may continue meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple
from uuid import UUID

from django.db import connections
from django.utils import timezone

from eventstore.hashchain import GENESIS, event_hash
from eventstore.models import VerificationRecord
from eventstore.recorders import EVENTS_TABLE

# progress(checked so far, position reached, last position to check)
Progress = Callable[[int, int, int], None]

_LAST_POSITION_SQL = f"SELECT max(notification_id) FROM {EVENTS_TABLE}"  # noqa: S608
_BATCH_SQL = (
    "SELECT notification_id, originator_id, originator_version, topic, state, hash"  # noqa: S608
    f" FROM {EVENTS_TABLE} WHERE notification_id > %s AND notification_id <= %s"
    " ORDER BY notification_id LIMIT %s"
)


@dataclass(frozen=True)
class Verification:
    """The outcome of one verification: intact (``ok``) or the first broken link."""

    ok: bool
    checked: int
    first_broken_position: int | None
    detail: str
    head_position: int | None = None
    head_hash: str | None = None  # hex; note it down to notice a rewrite of the whole chain
    started_at: datetime | None = None
    finished_at: datetime | None = None


class _Row(NamedTuple):
    position: int
    originator_id: UUID
    originator_version: int
    topic: str
    state: bytes
    hash: bytes


class _Walk:
    """Recomputes the chain row by row; stops at the first row whose stored hash differs."""

    def __init__(self) -> None:
        self.checked = 0
        self.head: _Row | None = None
        self.broken: _Row | None = None

    def follow(self, row: _Row) -> bool:
        """Check one row; False when its link is broken."""
        previous = self.head.hash if self.head else GENESIS
        self.checked += 1
        if event_hash(previous, *row[:5]) != row.hash:
            self.broken = row
            return False
        self.head = row
        return True


def verify_chain(
    *, batch_size: int = 1000, progress: Progress | None = None, using: str = "default"
) -> Verification:
    """Recompute every event's hash up to the last position stored now; record the outcome."""
    started_at = timezone.now()
    last = _last_position(using)
    walk = _Walk()
    for batch in _batches(using, last, batch_size):
        if not all(walk.follow(row) for row in batch):
            break
        if progress:
            progress(walk.checked, batch[-1].position, last)
    return _recorded(_outcome(walk), started_at, using)


def last_verification(using: str = "default") -> Verification | None:
    """The most recent verification recorded, None if the chain was never verified."""
    record = VerificationRecord.objects.using(using).order_by("-id").first()
    return None if record is None else _from_record(record)


def _last_position(using: str) -> int:
    with connections[using].cursor() as cursor:
        cursor.execute(_LAST_POSITION_SQL)
        return cursor.fetchone()[0] or 0


def _batches(using: str, last: int, size: int) -> Iterator[list[_Row]]:
    after = 0
    while after < last:
        with connections[using].cursor() as cursor:
            cursor.execute(_BATCH_SQL, [after, last, size])
            batch = [_row(values) for values in cursor.fetchall()]
        if not batch:
            return
        yield batch
        after = batch[-1].position


def _row(values: tuple[Any, ...]) -> _Row:
    position, originator_id, version, topic, state, stored_hash = values
    return _Row(position, originator_id, version, topic, bytes(state), bytes(stored_hash))


def _outcome(walk: _Walk) -> Verification:
    head = walk.head
    head_fields: dict[str, Any] = {
        "head_position": head.position if head else None,
        "head_hash": head.hash.hex() if head else None,
    }
    if walk.broken is None:
        reached = f"up to position {head.position}" if head else "(no events stored)"
        return Verification(
            True, walk.checked, None, f"{walk.checked} events intact {reached}", **head_fields
        )
    row = walk.broken
    detail = (
        f"hash mismatch at position {row.position} (stream {row.originator_id} version "
        f"{row.originator_version}): that event was altered, or an event just before it was"
        " removed or inserted"
    )
    return Verification(False, walk.checked, row.position, detail, **head_fields)


def _recorded(outcome: Verification, started_at: datetime, using: str) -> Verification:
    record = VerificationRecord.objects.using(using).create(
        started_at=started_at,
        finished_at=timezone.now(),
        checked=outcome.checked,
        ok=outcome.ok,
        first_broken_position=outcome.first_broken_position,
        detail=outcome.detail,
        head_position=outcome.head_position,
        head_hash=bytes.fromhex(outcome.head_hash) if outcome.head_hash else None,
    )
    return _from_record(record)


def _from_record(record: VerificationRecord) -> Verification:
    return Verification(
        ok=record.ok,
        checked=record.checked,
        first_broken_position=record.first_broken_position,
        detail=record.detail,
        head_position=record.head_position,
        head_hash=bytes(record.head_hash).hex() if record.head_hash is not None else None,
        started_at=record.started_at,
        finished_at=record.finished_at,
    )
