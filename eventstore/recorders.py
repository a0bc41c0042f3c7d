"""eventsourcing's recorders (aggregate, application, tracking, process) on Django's connection.

Public API:

- ``DjangoAggregateRecorder(alias="default", *, table=SNAPSHOTS_TABLE, lock_timeout_ms=None)``
- ``DjangoApplicationRecorder(alias="default", *, table=EVENTS_TABLE,
  lock_timeout_ms=5000, poll_interval=1.0)``, plus
  ``select_stream_notifications(originator_id, *, gt_version=None) -> list[StreamNotification]``
  and ``select_notifications_naming(persons, *, streams=(), excluding=(), gt=0, limit=1000)``
- ``DjangoTrackingRecorder(alias="default", *, table=TRACKING_TABLE)``
- ``DjangoProcessRecorder(alias="default", *, table=EVENTS_TABLE, tracking_table=TRACKING_TABLE,
  lock_timeout_ms=5000, poll_interval=1.0)``
- ``StreamNotification``: a ``Notification`` with the time its event was recorded.

Every write runs in ``transaction.atomic(savepoint=False)`` on ``connections[alias]``: inside a
caller's transaction (ATOMIC_REQUESTS, an outer atomic block) it joins that transaction and
commits with the caller's other writes; alone, it is its own transaction. An append inside a
transaction is one round trip: the lock, the notify and the insert travel as one script.

Database errors become eventsourcing's exceptions (``IntegrityError`` for a version conflict,
``EventStoreBusyError`` when the append lock cannot be had in time). After such an error inside
a caller's transaction, that transaction must be rolled back (Django marks it so).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from threading import Thread
from time import monotonic
from typing import Any, NamedTuple
from uuid import UUID

import django.db
import psycopg
from django.db import connections, transaction
from eventsourcing import persistence as es
from eventsourcing.persistence import (
    AggregateRecorder,
    ApplicationRecorder,
    ListenNotifySubscription,
    Notification,
    ProcessRecorder,
    StoredEvent,
    Tracking,
    TrackingRecorder,
)
from psycopg import sql

from eventstore.errors import EventStoreBusyError, EventTooLargeError, TrackingRefusedError
from eventstore.keyvault import note_read
from eventstore.metrics import events_appended
from eventstore.persons import SUBJECTS_TABLE, index_statements, select_naming_statement

EVENTS_TABLE = "eventstore_events"
SNAPSHOTS_TABLE = "eventstore_snapshots"
TRACKING_TABLE = "eventstore_tracking"
DEFAULT_LOCK_TIMEOUT_MS = 5000
# The largest stored state of one event: far above any coach's edit, and above the Created
# event of a fork of a 104-week program, yet a bound on what one request can make the log keep.
DEFAULT_MAX_EVENT_BYTES = 8_000_000
DEFAULT_POLL_INTERVAL = 1.0

# lock_not_available (lock_timeout expired) and deadlock_detected: both mean "another writer
# holds what we need"; the caller may retry, so both are reported as busy rather than broken.
_BUSY_SQLSTATES = frozenset({"55P03", "40P01"})

# Most specific first: Django and psycopg both follow PEP 249's hierarchy.
_TRANSLATIONS: tuple[tuple[tuple[type[Exception], ...], type[es.PersistenceError]], ...] = (
    ((django.db.IntegrityError, psycopg.IntegrityError), es.IntegrityError),
    ((django.db.DataError, psycopg.DataError), es.DataError),
    ((django.db.OperationalError, psycopg.OperationalError), es.OperationalError),
    ((django.db.InternalError, psycopg.InternalError), es.InternalError),
    ((django.db.ProgrammingError, psycopg.ProgrammingError), es.ProgrammingError),
    ((django.db.NotSupportedError, psycopg.NotSupportedError), es.NotSupportedError),
    ((django.db.InterfaceError, psycopg.InterfaceError), es.InterfaceError),
    ((django.db.DatabaseError, psycopg.DatabaseError), es.DatabaseError),
)


@dataclass(frozen=True)
class StreamNotification(Notification):
    """An event of one stream with its position (``id``) and the time it was recorded."""

    recorded_at: datetime


class _Result(NamedTuple):
    rowcount: int
    rows: list[tuple[Any, ...]]


def _translate(error: Exception) -> es.PersistenceError:
    sqlstate = getattr(error, "sqlstate", None) or getattr(error.__cause__, "sqlstate", None)
    if sqlstate in _BUSY_SQLSTATES:
        return EventStoreBusyError(str(error))
    for sources, target in _TRANSLATIONS:
        if isinstance(error, sources):
            return target(str(error))
    return es.PersistenceError(str(error))


@contextmanager
def translated_errors() -> Iterator[None]:
    """Re-raise Django's and psycopg's database errors as eventsourcing's exceptions."""
    try:
        yield
    except (django.db.Error, psycopg.Error) as error:
        raise _translate(error) from error


def _identifier(name: str) -> sql.Identifier:
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
        msg = f"Not a plain table name: {name!r}"
        raise es.ProgrammingError(msg)
    return sql.Identifier(name)


def _sql(template: str, **identifiers: str) -> str:
    ids = {key: _identifier(value) for key, value in identifiers.items()}
    return sql.SQL(template).format(**ids).as_string()


def _uuid(value: UUID | str) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))


def _run(cursor: Any, statements: Sequence[tuple[str, Sequence[Any]]]) -> list[_Result]:
    """Execute statements in order and return one result for each."""
    if isinstance(cursor.cursor, psycopg.ClientCursor):
        # Client-side binding (Django's default) sends the script as one simple-protocol
        # message: one round trip, and the server stops at the first failing statement.
        script = ";\n".join(statement for statement, _ in statements)
        cursor.execute(script, [param for _, params in statements for param in params])
        results = [_result(cursor)]
        while cursor.nextset():
            results.append(_result(cursor))
        return results
    # Server-side binding allows one statement per execute.
    results = []
    for statement, params in statements:
        cursor.execute(statement, params)
        results.append(_result(cursor))
    return results


def _result(cursor: Any) -> _Result:
    rows = cursor.fetchall() if cursor.description else []
    return _Result(cursor.rowcount, rows)


def _select_notifications(
    cursor: Any,
    table: str,
    start: int | None,
    limit: int,
    stop: int | None,
    topics: Sequence[str],
    inclusive_of_start: bool,
) -> list[Notification]:
    """The one read of a page of the sequence, on whichever connection `cursor` belongs to."""
    clauses: list[str] = []
    params: list[Any] = []
    if start is not None:
        clauses.append("notification_id >= %s" if inclusive_of_start else "notification_id > %s")
        params.append(start)
    if stop is not None:
        clauses.append("notification_id <= %s")
        params.append(stop)
    if topics:
        clauses.append("topic = ANY(%s)")
        params.append(list(topics))
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    statement = _sql(
        "SELECT notification_id, originator_id, originator_version, topic, state FROM {table}",
        table=table,
    )
    cursor.execute(f"{statement}{where} ORDER BY notification_id LIMIT %s", [*params, limit])
    return [_notification(row) for row in cursor.fetchall()]


def _notification(row: tuple[Any, ...]) -> Notification:
    notification_id, originator_id, originator_version, topic, state = row
    return Notification(
        id=notification_id,
        originator_id=originator_id,
        originator_version=originator_version,
        topic=topic,
        state=bytes(state),
    )


def _stream_notification(row: tuple[Any, ...]) -> StreamNotification:
    notification_id, originator_id, originator_version, topic, state, recorded_at = row
    return StreamNotification(
        id=notification_id,
        originator_id=originator_id,
        originator_version=originator_version,
        topic=topic,
        state=bytes(state),
        recorded_at=recorded_at,
    )


def _tracking_insert(table: str, tracking: Tracking) -> tuple[str, list[Any]]:
    # Refuses a position at or below the recorded one (a replay, or a gap filled in late),
    # as eventsourcing's Postgres tracking table does; the caller checks the row count.
    statement = _sql(
        "INSERT INTO {table} (application_name, notification_id) SELECT %s, %s"
        " WHERE NOT EXISTS (SELECT FROM {table}"
        " WHERE application_name = %s AND notification_id >= %s)",
        table=table,
    )
    name, position = tracking.application_name, tracking.notification_id
    return statement, [name, position, name, position]


def _ensure_tracked(result: _Result, tracking: Tracking) -> None:
    if result.rowcount != 1:
        msg = (
            f"Tracking {tracking.application_name} {tracking.notification_id} refused: "
            "that position or a later one is already recorded"
        )
        raise TrackingRefusedError(msg)


def _connector(alias: str) -> Callable[[], psycopg.Connection[Any]]:
    """Opens autocommit psycopg connections of our own with Django's settings for the alias.

    For the subscription's threads: Django's connections belong to the thread that made them.
    """
    wrapper = connections[alias]
    params = wrapper.get_connection_params()
    # Django's cursor class and adapters belong to its own connections.
    params.pop("cursor_factory", None)
    params.pop("context", None)
    role = wrapper.settings_dict.get("OPTIONS", {}).get("assume_role")

    def connect() -> psycopg.Connection[Any]:
        conn = psycopg.connect(**params, autocommit=True)
        if role:
            conn.execute(sql.SQL("SET ROLE {}").format(sql.Identifier(role)))
        return conn

    return connect


def dedicated_connector(alias: str = "default") -> Callable[[], psycopg.Connection[Any]]:
    """Opens autocommit connections of one's own (for locks that must outlive Django's)."""
    return _connector(alias)


class _DjangoRecorder:
    """Connection and transaction handling shared by the recorders."""

    def __init__(self, alias: str = "default") -> None:
        self.alias = alias

    @property
    def connection(self) -> Any:
        """Django's connection of this thread for the alias."""
        return connections[self.alias]

    @contextmanager
    def _reading(self) -> Iterator[Any]:
        # Whatever is decrypted from this read first checks the erasure ledger (keyvault).
        note_read()
        with translated_errors(), self.connection.cursor() as cursor:
            yield cursor

    @contextmanager
    def _writing(self, *, one_message: bool = False) -> Iterator[Any]:
        """A cursor for writes, in the caller's transaction or, without one, in a transaction of
        its own.

        `one_message`: the block runs one script (`_run`) whose every refusal is the server's
        (no check of its results in Python that could still refuse). Without a caller's
        transaction, such a script sent as one simple-protocol message (client-side binding,
        Django's default) is that transaction: PostgreSQL runs the statements of one message as
        an implicit transaction block (LOCK TABLE and local settings included), commits them
        together and rolls them all back at the first failure. One round trip rather than three
        (BEGIN, script, COMMIT), and the append lock is never held across one.
        """
        with translated_errors(), self.connection.cursor() as cursor:
            if (
                one_message
                and self.connection.get_autocommit()
                and isinstance(cursor.cursor, psycopg.ClientCursor)
            ):
                yield cursor
                return
        # savepoint=False: inside a caller's transaction the write costs no SAVEPOINT/RELEASE
        # round trips; on error Django marks that transaction for rollback, which the caller
        # does anyway. Otherwise (server-side binding) this block is the transaction.
        with (
            translated_errors(),
            transaction.atomic(using=self.alias, savepoint=False),
            self.connection.cursor() as cursor,
        ):
            yield cursor


class DjangoAggregateRecorder(_DjangoRecorder, AggregateRecorder):
    """Stores and selects the events (or snapshots) of aggregates in one table.

    With ``lock_timeout_ms`` appends take the table's append lock (needed on a table whose
    notification ids readers follow); without it (snapshots) they neither lock nor notify.
    """

    def __init__(
        self,
        alias: str = "default",
        *,
        table: str = SNAPSHOTS_TABLE,
        lock_timeout_ms: int | None = None,
    ) -> None:
        _DjangoRecorder.__init__(self, alias)
        self.table = table
        self.lock_timeout_ms = lock_timeout_ms
        self._insert_sql = _sql(
            "INSERT INTO {table} (originator_id, originator_version, topic, state)"
            " SELECT * FROM unnest(%s::uuid[], %s::bigint[], %s::text[], %s::bytea[])",
            table=table,
        )
        self._insert_one_sql = _sql(
            "INSERT INTO {table} (originator_id, originator_version, topic, state)"
            " VALUES (%s, %s, %s, %s)",
            table=table,
        )
        self._select_events_sql = _sql(
            "SELECT originator_id, originator_version, topic, state FROM {table}"
            " WHERE originator_id = %s",
            table=table,
        )
        # The service's role may not lock the event table itself (EXCLUSIVE mode needs UPDATE,
        # DELETE or TRUNCATE on it): a function of the owner's takes the lock (migration 0004).
        self._lock_sql = (
            "SELECT eventstore_lock_appends()"
            if table == EVENTS_TABLE
            else _sql("LOCK TABLE {table} IN EXCLUSIVE MODE", table=table)
        )

    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> None:
        """Append the events atomically; a taken (stream, version) raises IntegrityError."""
        if stored_events:
            with self._writing(one_message=True) as cursor:
                _run(cursor, [*self._guard_statements(), self._insert_statement(stored_events)])

    def select_events(
        self,
        originator_id: UUID | str,
        *,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> list[StoredEvent]:
        """The events of one stream, by version, optionally bounded and limited."""
        statement, params = self._select_events_sql, [originator_id]
        if gt is not None:
            statement += " AND originator_version > %s"
            params.append(gt)
        if lte is not None:
            statement += " AND originator_version <= %s"
            params.append(lte)
        statement += " ORDER BY originator_version DESC" if desc else " ORDER BY originator_version"
        if limit is not None:
            statement += " LIMIT %s"
            params.append(limit)
        with self._reading() as cursor:
            cursor.execute(statement, params)
            return [
                StoredEvent(
                    originator_id=row[0],
                    originator_version=row[1],
                    topic=row[2],
                    state=bytes(row[3]),
                )
                for row in cursor.fetchall()
            ]

    def _guard_statements(self) -> list[tuple[str, list[Any]]]:
        """Serialise appends so that notification ids become visible in commit order.

        Ids come from a sequence when rows are inserted, but transactions commit in their own
        order; without the lock a reader could see id 11 committed, move past it, and never
        see id 10 committed a moment later. EXCLUSIVE mode blocks other appends, not reads.
        The lock timeout applies to taking this lock only; the caller's setting is restored
        for the rest of its transaction.
        """
        if self.lock_timeout_ms is None:
            return []
        return [
            (
                "SELECT set_config('eventstore.lock_timeout_before',"
                " current_setting('lock_timeout'), true),"
                " set_config('lock_timeout', %s, true)",
                [f"{int(self.lock_timeout_ms)}ms"],
            ),
            (self._lock_sql, []),
            (
                "SELECT set_config('lock_timeout',"
                " current_setting('eventstore.lock_timeout_before'), true)",
                [],
            ),
        ]

    def _insert_statement(self, stored_events: Sequence[StoredEvent]) -> tuple[str, list[Any]]:
        if len(stored_events) == 1:
            # Most saves are one event (an edit, a snapshot). Its state as a plain parameter is
            # escaped by libpq; inside an array, psycopg escapes it again in Python, which
            # costs 100 ms on the 2.7 MB snapshot of a 52-week program.
            [event] = stored_events
            return self._insert_one_sql, [
                _uuid(event.originator_id),
                event.originator_version,
                event.topic,
                event.state,
            ]
        # One statement for all rows: four arrays unnested side by side.
        return self._insert_sql, [
            [_uuid(event.originator_id) for event in stored_events],
            [event.originator_version for event in stored_events],
            [event.topic for event in stored_events],
            [event.state for event in stored_events],
        ]


class DjangoApplicationRecorder(DjangoAggregateRecorder, ApplicationRecorder):
    """Stores events in the application sequence (notification ids) and follows it.

    The persons each event names (``StoredEventWithPersons``) are indexed in the append's own
    script (eventstore.persons), so that ``select_notifications_naming`` reads a person's events
    only.
    """

    subjects_table = SUBJECTS_TABLE

    def __init__(
        self,
        alias: str = "default",
        *,
        table: str = EVENTS_TABLE,
        lock_timeout_ms: int = DEFAULT_LOCK_TIMEOUT_MS,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        max_event_bytes: int = DEFAULT_MAX_EVENT_BYTES,
    ) -> None:
        DjangoAggregateRecorder.__init__(self, alias, table=table, lock_timeout_ms=lock_timeout_ms)
        self.poll_interval = poll_interval
        self.max_event_bytes = max_event_bytes
        self.channel = table
        self._insert_sql += " RETURNING notification_id"
        self._insert_one_sql += " RETURNING notification_id"
        self._notify_sql = _sql("NOTIFY {channel}", channel=self.channel)
        self._max_notification_id_sql = _sql(
            "SELECT max(notification_id) FROM {table}", table=table
        )
        self._select_stream_sql = _sql(
            "SELECT notification_id, originator_id, originator_version, topic, state, recorded_at"
            " FROM {table} WHERE originator_id = %s",
            table=table,
        )

    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> list[int]:
        """Append the events atomically and return their notification ids, in order."""
        return self._insert(stored_events, None)

    def select_notifications(
        self,
        start: int | None,
        limit: int,
        stop: int | None = None,
        topics: Sequence[str] = (),
        *,
        inclusive_of_start: bool = True,
    ) -> list[Notification]:
        """Notifications from ``start`` (inclusive unless told) to ``stop``, at most ``limit``."""
        with self._reading() as cursor:
            return _select_notifications(
                cursor, self.table, start, limit, stop, topics, inclusive_of_start
            )

    def max_notification_id(self) -> int | None:
        """The last position in the application sequence, None when nothing is stored."""
        with self._reading() as cursor:
            cursor.execute(self._max_notification_id_sql)
            return cursor.fetchone()[0]

    def select_stream_notifications(
        self, originator_id: UUID | str, *, gt_version: int | None = None
    ) -> list[StreamNotification]:
        """Every event of one stream (after ``gt_version``) with position and recorded time."""
        statement, params = self._select_stream_sql, [originator_id]
        if gt_version is not None:
            statement += " AND originator_version > %s"
            params.append(gt_version)
        with self._reading() as cursor:
            cursor.execute(f"{statement} ORDER BY originator_version", params)
            return [_stream_notification(row) for row in cursor.fetchall()]

    def select_notifications_naming(
        self,
        persons: Sequence[UUID],
        *,
        streams: Sequence[UUID] = (),
        excluding: Sequence[UUID] = (),
        gt: int = 0,
        limit: int = 1000,
    ) -> list[StreamNotification]:
        """Events after position ``gt`` that name one of ``persons`` (the index written with
        them) or belong to one of ``streams``, but for those of the streams ``excluding``, by
        position: everything that concerns a person (export, erasure), at the cost of their
        events rather than the log's."""
        statement = select_naming_statement(self.table, self.subjects_table)
        with self._reading() as cursor:
            cursor.execute(
                statement,
                {
                    "persons": [_uuid(p) for p in persons],
                    "streams": [_uuid(s) for s in streams],
                    "excluding": [_uuid(s) for s in excluding],
                    "gt": gt,
                    "limit": limit,
                },
            )
            return [_stream_notification(row) for row in cursor.fetchall()]

    def subscribe(self, gt: int | None = None, topics: Sequence[str] = ()) -> DjangoSubscription:
        """Follow the sequence after ``gt``: woken by NOTIFY, polling as a fallback."""
        return DjangoSubscription(self, gt=gt, topics=topics)

    def _insert(self, stored_events: Sequence[StoredEvent], tracking: Tracking | None) -> list[int]:
        if not stored_events and tracking is None:
            return []
        for event in stored_events:
            if len(event.state) > self.max_event_bytes:
                raise EventTooLargeError(len(event.state), self.max_event_bytes)
        # A tracking position is checked after the script has run: then a transaction around it.
        with self._writing(one_message=tracking is None) as cursor:
            positions = self._append(cursor, stored_events, tracking)
        if positions:
            # Counted once the caller's transaction commits, never for a rolled-back append.
            transaction.on_commit(lambda: events_appended.inc(len(positions)), using=self.alias)
        return positions

    def _append(
        self, cursor: Any, stored_events: Sequence[StoredEvent], tracking: Tracking | None
    ) -> list[int]:
        """Run the append script on the caller's cursor; return the new notification ids."""
        statements: list[tuple[str, list[Any]]] = []
        if tracking is not None:
            statements.append(_tracking_insert(self.tracking_table, tracking))
        if stored_events:
            # NOTIFY is delivered at commit, so its place in the script does not matter.
            statements += [
                *self._guard_statements(),
                (self._notify_sql, []),
                self._insert_statement(stored_events),
            ]
        inserted = len(statements) - 1
        # After the insert, in the same script: the persons the events name (eventstore.persons).
        statements += index_statements(self.table, self.subjects_table, stored_events)
        results = _run(cursor, statements)
        if tracking is not None:
            _ensure_tracked(results[0], tracking)
        # Under the lock the ids are contiguous and follow the input order.
        return sorted(row[0] for row in results[inserted].rows) if stored_events else []


class DjangoTrackingRecorder(_DjangoRecorder, TrackingRecorder):
    """Records the positions that downstream applications (projections) have processed.

    Subclasses (projection views) are constructed by the factory with ``alias=...``.
    """

    def __init__(self, alias: str = "default", *, table: str = TRACKING_TABLE) -> None:
        _DjangoRecorder.__init__(self, alias)
        self.tracking_table = table
        self._max_tracking_id_sql = _sql(
            "SELECT max(notification_id) FROM {table} WHERE application_name = %s", table=table
        )

    def insert_tracking(self, tracking: Tracking) -> None:
        """Record a position; one at or below the recorded one raises IntegrityError."""
        with self._writing() as cursor:
            [result] = _run(cursor, [_tracking_insert(self.tracking_table, tracking)])
            _ensure_tracked(result, tracking)

    def max_tracking_id(self, application_name: str) -> int | None:
        """The last recorded position of the named application, None if it has none."""
        with self._reading() as cursor:
            cursor.execute(self._max_tracking_id_sql, [application_name])
            return cursor.fetchone()[0]


class DjangoProcessRecorder(DjangoApplicationRecorder, DjangoTrackingRecorder, ProcessRecorder):
    """An application recorder whose appends can record a tracking position atomically."""

    def __init__(
        self,
        alias: str = "default",
        *,
        table: str = EVENTS_TABLE,
        tracking_table: str = TRACKING_TABLE,
        lock_timeout_ms: int = DEFAULT_LOCK_TIMEOUT_MS,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
    ) -> None:
        DjangoApplicationRecorder.__init__(
            self, alias, table=table, lock_timeout_ms=lock_timeout_ms, poll_interval=poll_interval
        )
        DjangoTrackingRecorder.__init__(self, alias, table=tracking_table)

    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> list[int]:
        """Append the events and the optional ``tracking`` position in one transaction."""
        return self._insert(stored_events, kwargs.get("tracking"))


class _NotificationReader:
    """Reads notifications on a dedicated connection, for a subscription's own thread."""

    def __init__(self, connect: Callable[[], psycopg.Connection[Any]], table: str) -> None:
        self._connect = connect
        self.table = table
        self._conn: psycopg.Connection[Any] | None = None

    def select_notifications(
        self,
        start: int | None,
        limit: int,
        stop: int | None = None,
        topics: Sequence[str] = (),
        *,
        inclusive_of_start: bool = True,
    ) -> list[Notification]:
        note_read()
        with translated_errors():
            if self._conn is None:
                self._conn = self._connect()
            return _select_notifications(
                self._conn.cursor(), self.table, start, limit, stop, topics, inclusive_of_start
            )

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()


class DjangoSubscription(ListenNotifySubscription[Any]):
    """Yields notifications after ``gt``, then blocks and yields new ones as they commit.

    A listener thread LISTENs on the table's channel; every ``poll_interval`` seconds it wakes
    the reader anyway, so a notification lost (or sent before LISTEN ran) never stalls it.
    Both threads use connections of their own, closed when the subscription exits.
    """

    def __init__(
        self,
        recorder: DjangoApplicationRecorder,
        gt: int | None = None,
        topics: Sequence[str] = (),
    ) -> None:
        self._connect = _connector(recorder.alias)
        self._channel = sql.SQL("LISTEN {}").format(sql.Identifier(recorder.channel))
        self._poll_interval = recorder.poll_interval
        reader = _NotificationReader(self._connect, recorder.table)
        super().__init__(recorder=reader, gt=gt, topics=topics)  # starts the pulling thread
        self._listen_thread = Thread(target=self._listen, name="eventstore-listen", daemon=True)
        self._listen_thread.start()

    def __exit__(self, *args: object, **kwargs: Any) -> None:
        try:
            super().__exit__(*args, **kwargs)
        finally:
            self._listen_thread.join()

    def next_page(self) -> Sequence[Notification]:
        """The next notification and those read with it that are not taken yet (up to a page).

        For a reader that applies whatever has arrived in one go (a projection with a backlog)
        rather than one by one; blocks like next(), StopIteration once stopped.
        """
        first = next(self)
        rest = self._notifications[self._notifications_index :]
        self._notifications_index = len(self._notifications)
        return [first, *rest]

    def _loop_on_pull(self) -> None:
        try:
            super()._loop_on_pull()
        finally:
            self._recorder.close()

    def _listen(self) -> None:
        try:
            with self._connect() as conn:
                conn.execute(self._channel)
                next_poll = monotonic() + self._poll_interval
                while not self._has_been_stopped and self._thread_error is None:
                    # Short waits so that stop() is noticed promptly.
                    for _ in conn.notifies(timeout=0.1, stop_after=1):
                        self._has_been_notified.set()
                    if monotonic() >= next_poll:
                        self._has_been_notified.set()
                        next_poll = monotonic() + self._poll_interval
        except BaseException as error:
            if self._thread_error is None:
                self._thread_error = error
            self.stop()


__all__ = [
    "DEFAULT_LOCK_TIMEOUT_MS",
    "DEFAULT_POLL_INTERVAL",
    "EVENTS_TABLE",
    "SNAPSHOTS_TABLE",
    "TRACKING_TABLE",
    "DjangoAggregateRecorder",
    "DjangoApplicationRecorder",
    "DjangoProcessRecorder",
    "DjangoSubscription",
    "DjangoTrackingRecorder",
    "StreamNotification",
    "dedicated_connector",
    "translated_errors",
]
