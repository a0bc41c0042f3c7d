"""The audit timeline: one row per event of every stream, projected by the worker.

All applications append to one events table, so this one projection sees programs, exercises,
accounts and whatever streams come later. Each row keeps the event's own data (`change`) and,
in `context`, what a readable summary needs that the event does not say: the exercise of an
entry, the week and day it sat in, the value it replaced. Those come from the stream's aggregate
as it was just before the event (see `StreamMemory`). An event of a kind this module does not
know still gets a row, with an empty context, so new streams never stop the timeline.

The view writes the row and the projection's position in one transaction, and skips a position
it has already recorded, so each event is applied exactly once and re-delivery is a no-op.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Callable, Iterable
from functools import singledispatchmethod
from typing import Any
from uuid import UUID

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, transaction
from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection

from builder.domain import Account, Exercise, Program
from eventstore.keyvault import erasure_count, read_epoch
from projections.audit_facts import facts_after, facts_before
from projections.stored_aggregates import event_store_application
from projections.worker import WorkerView

NAME = "audit_timeline"
TABLE = "projections_audit_event"
_META = frozenset(
    {"originator_id", "originator_version", "timestamp", "actor_id", "correlation_id", "subject_id"}
)
# The events of aggregates whose state the summaries draw on; other streams get generic rows.
_REMEMBERED = (Program.Event, Exercise.Event, Account.Event)
MEMORY_SIZE = 256
# Rows a restatement rewrites in one statement.
_REWRITE_PAGE = 500

# (stream id, version or None for the latest) -> the aggregate then, None if there is none.
Loader = Callable[[UUID, int | None], Aggregate | None]


def stream_kind(event: Any) -> str:
    """ "program" for Program.WeekAdded: the aggregate class an event is nested in."""
    outer, _, _ = type(event).__qualname__.rpartition(".")
    return (outer.rsplit(".", 1)[-1] or type(event).__module__.rsplit(".", 1)[-1]).lower()


def event_type(event: Any) -> str:
    """ "WeekAdded" for Program.WeekAdded."""
    return type(event).__qualname__.rsplit(".", 1)[-1]


def change_of(event: Any) -> dict[str, Any]:
    """The event's data without the metadata every event carries."""
    return {key: value for key, value in vars(event).items() if key not in _META}


def _event_store_loader() -> Loader:
    """Reads an aggregate at a version from the event store (snapshots used where they help)."""
    reader = event_store_application()

    def load(stream_id: UUID, version: int | None) -> Aggregate | None:
        try:
            return reader.repository.get(stream_id, version=version)
        except AggregateNotFoundError:
            return None

    return load


class StreamMemory:
    """The aggregates of recently seen streams, each as of the last event projected.

    A miss (a restart, a long-idle stream, a rolled-back transaction that left an aggregate
    ahead) is answered from the event store, so the memory is a cache and never the truth.
    """

    def __init__(self, load: Loader, size: int = MEMORY_SIZE) -> None:
        self._load = load
        self._size = size
        self._aggregates: OrderedDict[UUID, Aggregate] = OrderedDict()
        self._erasures: int | None = None
        self._checked_epoch = -1

    def before(self, event: Any) -> Aggregate | None:
        """The stream's aggregate as it was just before `event` (None before its first)."""
        self._forget_if_someone_was_erased()
        wanted = event.originator_version - 1
        aggregate = self._aggregates.pop(event.originator_id, None)
        if wanted == 0:
            return None
        if aggregate is None or aggregate.version != wanted:
            aggregate = self._load(event.originator_id, wanted)
        return aggregate

    def _forget_if_someone_was_erased(self) -> None:
        # Remembered aggregates hold people's text in the clear: an erasure anywhere drops them.
        # Checked once for each read of stored events, as the key vault checks its keys: the
        # events of one read were decrypted under the same state of the ledger.
        epoch = read_epoch()
        if epoch == self._checked_epoch:
            return
        erasures = erasure_count()
        if erasures != self._erasures:
            self._aggregates.clear()
            self._erasures = erasures
        self._checked_epoch = epoch

    def keep(self, aggregate: Aggregate) -> None:
        self._aggregates[aggregate.id] = aggregate
        while len(self._aggregates) > self._size:
            self._aggregates.popitem(last=False)

    def forget(self, stream_id: UUID) -> None:
        self._aggregates.pop(stream_id, None)

    def latest(self, stream_id: UUID) -> Aggregate | None:
        """The stream's aggregate as far as it is known here (to name another stream)."""
        return self._aggregates.get(stream_id) or self._load(stream_id, None)


_COLUMNS = (
    "stream_id",
    "stream_kind",
    "version",
    "event_type",
    "time",
    "actor_id",
    "correlation_id",
    "change",
    "context",
)
_CASTS = {"change": "%s::jsonb", "context": "%s::jsonb"}
_NOT_RECORDED = (
    "NOT EXISTS (SELECT FROM eventstore_tracking"
    " WHERE application_name = %s AND notification_id >= %s)"
)
_RECORD = (
    f"INSERT INTO {TABLE} (position, {', '.join(_COLUMNS)})"
    f" SELECT %s, {', '.join(_CASTS.get(c, '%s') for c in _COLUMNS)} WHERE {_NOT_RECORDED};"
    f" INSERT INTO eventstore_tracking (application_name, notification_id)"
    f" SELECT %s, %s WHERE {_NOT_RECORDED}"
)


# A batch's rows (see AuditTimelineView.flush), typed as the table's columns.
# Constant names only; the rows are one parameter.
_RECORD_ALL = (
    f"INSERT INTO {TABLE} (position, {', '.join(_COLUMNS)})"  # noqa: S608
    f" SELECT position, {', '.join(_COLUMNS)} FROM jsonb_to_recordset(%s::jsonb) AS r("
    "position bigint, stream_id uuid, stream_kind text, version bigint, event_type text,"
    " time timestamptz, actor_id uuid, correlation_id text, change jsonb, context jsonb)"
)


class AuditTimelineView(WorkerView):
    """The timeline table and this projection's position, written together.

    Positions are recorded under the projection's own name in the shared tracking table,
    whatever application the runner says it follows: every application appends to the same
    sequence, and two projections must never share a position.
    """

    name = NAME

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._collected: list[dict[str, Any]] = []

    def record(self, row: dict[str, Any], tracking: Tracking) -> None:
        """Write the event's row and its position; nothing at all if the position is recorded.

        One round trip: both statements are guarded by the recorded position, so a re-delivered
        event changes nothing, and they commit with the caller's transaction (the worker's).
        In a batch the row is collected instead, and the batch's rows are written together
        (the engine has checked that none of its positions is recorded, and records the last).
        """
        position = tracking.notification_id
        if self.batching:
            # The time as ISO text in full: Django's JSON encoder would cut it to milliseconds.
            self._collected.append({**row, "position": position, "time": row["time"].isoformat()})
            return
        values = [position, *(row[column] for column in _COLUMNS)]
        values[_COLUMNS.index("change") + 1] = json.dumps(row["change"], cls=DjangoJSONEncoder)
        values[_COLUMNS.index("context") + 1] = json.dumps(row["context"], cls=DjangoJSONEncoder)
        guard = [self.name, position]
        with self._writing() as cursor:
            cursor.execute(_RECORD, [*values, *guard, *guard, *guard])

    def flush(self) -> None:
        """Write the rows the batch collected, in one statement."""
        if not self._collected:
            return
        with self._writing() as cursor:
            cursor.execute(_RECORD_ALL, [json.dumps(self._collected, cls=DjangoJSONEncoder)])
        self._collected = []

    def discard(self) -> None:
        self._collected = []

    def insert_tracking(self, tracking: Tracking) -> None:
        super().insert_tracking(Tracking(self.name, tracking.notification_id))

    def max_tracking_id(self, application_name: str) -> int | None:
        return super().max_tracking_id(self.name)

    def rewrite(self, rows: list[tuple[int, dict[str, Any]]]) -> None:
        """Replace the change and context of the rows at these positions, where projected.

        One statement for all of them (a person's erasure restates thousands of rows).
        """
        if not rows:
            return
        values = [
            {"position": position, "change": row["change"], "context": row["context"]}
            for position, row in rows
        ]
        with self._writing() as cursor:
            cursor.execute(
                f"UPDATE {TABLE} AS t SET change = r.change, context = r.context"  # noqa: S608
                " FROM jsonb_to_recordset(%s::jsonb)"
                " AS r(position bigint, change jsonb, context jsonb)"
                " WHERE t.position = r.position",
                [json.dumps(values, cls=DjangoJSONEncoder)],
            )

    def clear(self) -> None:
        """Forget every row and the position (before projecting again from the start)."""
        with transaction.atomic(using=self.alias), connections[self.alias].cursor() as cursor:
            cursor.execute(f"TRUNCATE {TABLE}")
            cursor.execute(
                "DELETE FROM eventstore_tracking WHERE application_name = %s", [self.name]
            )


class AuditTimelineProjection(Projection[AuditTimelineView]):
    """Turns every event into a timeline row (see the module's docstring)."""

    name = NAME
    # Rows hold decrypted text: the engine holds erasures off while it applies (worker.py).
    copies_personal_text = True

    def __init__(self, view: AuditTimelineView, load: Loader | None = None) -> None:
        super().__init__(view)
        self.memory = StreamMemory(load or _event_store_loader())

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        # A re-delivered event is refused by the view; the memory heals itself (see before()).
        context: dict[str, Any] = {}
        if isinstance(domain_event, _REMEMBERED):
            context = self._remembered(domain_event)
        self.view.record(_row(domain_event, context), tracking)

    def restate(self, events: Iterable[tuple[int, Any]]) -> int:
        """Rewrite the rows of one stream from its events, (position, event) from its first.

        For when the events read differently than when they were projected: after a person's
        data was erased, their text reads as a placeholder, and so must the rows made from it.
        The stream's aggregate is folded afresh, never taken from the memory.
        """
        aggregate, rows, count = None, [], 0
        for position, event in events:
            context = {}
            if isinstance(event, _REMEMBERED):
                context, aggregate = self._facts(aggregate, event)
            rows.append((position, _row(event, context)))
            count += 1
            if len(rows) == _REWRITE_PAGE:
                self.view.rewrite(rows)
                rows = []
        self.view.rewrite(rows)
        if aggregate is not None:
            self.memory.forget(aggregate.id)
        return count

    def _remembered(self, event: Any) -> dict[str, Any]:
        """Facts from the aggregate before the event, then after it; the memory moves on."""
        context, aggregate = self._facts(self.memory.before(event), event)
        self.memory.keep(aggregate)
        return context

    def _facts(self, aggregate: Any, event: Any) -> tuple[dict[str, Any], Any]:
        context = facts_before(aggregate, event, self.memory) if aggregate is not None else {}
        aggregate = event.mutate(aggregate)
        context |= facts_after(aggregate, event)
        return context, aggregate


def _row(event: Any, context: dict[str, Any]) -> dict[str, Any]:
    return {
        "stream_id": event.originator_id,
        "stream_kind": stream_kind(event),
        "version": event.originator_version,
        "event_type": event_type(event),
        "time": event.timestamp,
        "actor_id": getattr(event, "actor_id", None),
        "correlation_id": getattr(event, "correlation_id", "") or "",
        "change": change_of(event),
        "context": context,
    }
