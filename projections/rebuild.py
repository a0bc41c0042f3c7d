"""Blue/green rebuilds: a projection replayed into fresh tables while writes continue.

The fresh tables live in a schema of their own (``rebuild_<name>``), made ``LIKE`` the live
ones, with a tracking table of their own; the build runs with that schema first on the search
path, so the projection's unchanged SQL writes there. Rounds catch up with the log while it
grows; the last round holds appends (SHARE lock on the events table: readers go on) and, in the
same transaction, swaps the tables in (``SET SCHEMA``), carries the indexes' names over, sets
the live position, and drops the old tables. Readers wait at most for that swap.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from django.db import OperationalError, connection, transaction
from psycopg import sql

from eventstore.recorders import TRACKING_TABLE
from projections.worker import hold_applies

logger = logging.getLogger("projections.rebuild")

# The last round starts once fewer events than this are left (it holds appends meanwhile).
FINAL_ROUND_EVENTS = 50
# How long the swap waits for readers of the old tables before it lets writers go and retries.
SWAP_LOCK_TIMEOUT = "500ms"
APPEND_LOCK_TIMEOUT = "5s"
ATTEMPTS = 20


class Build(Protocol):
    """Applies the events in (after, up_to] to the tables on the search path, reporting the
    positions it reaches."""

    def __call__(self, after: int, up_to: int, reached: Callable[[int], None]) -> None: ...


@dataclass
class Progress:
    """Events (log positions) done of the total, the rate and the time left, as it goes."""

    report: Callable[[str], None]
    name: str
    total: int = 0
    done: int = 0
    started: float = 0.0
    _next: float = 0.0

    def reach(self, position: int) -> None:
        self.done = position
        now = time.monotonic()
        if now >= self._next:
            self._next = now + 1.0
            self.report(self.line())

    @property
    def rate(self) -> float:
        return self.done / max(time.monotonic() - self.started, 1e-9)

    def line(self) -> str:
        left = max(self.total - self.done, 0) / self.rate if self.done else float("nan")
        return (
            f"{self.name}: {self.done}/{self.total} events, {self.rate:.0f} events/s,"
            f" {left:.0f} s left"
        )


class BlueGreen:
    """Rebuilds one projection's tables beside the live ones and swaps them in."""

    def __init__(self, name: str, tables: tuple[str, ...], build: Build, progress: Progress):
        self.name = name
        self.tables = tables
        self.build = build
        self.progress = progress
        self.schema = f"rebuild_{name}"
        self.retired = f"retired_{name}"

    def run(self) -> int:
        """Rebuild and swap; the position the new tables reflect."""
        self._prepare()
        self.progress.started = time.monotonic()
        built = 0
        try:
            for _ in range(ATTEMPTS):
                built = self._catch_up(built)
                swapped = self._swap(built)
                if swapped is not None:
                    self.progress.report(self.progress.line())
                    return swapped
                logger.info("%s: readers held the tables; swapping again", self.name)
        finally:
            self._reset_search_path()
            self._execute("DROP SCHEMA IF EXISTS {schema} CASCADE", schema=self.schema)
        msg = f"{self.name}: could not swap the rebuilt tables in after {ATTEMPTS} attempts"
        raise OperationalError(msg)

    def _prepare(self) -> None:
        self._execute("DROP SCHEMA IF EXISTS {schema} CASCADE", schema=self.schema)
        self._execute("CREATE SCHEMA {schema}", schema=self.schema)
        for table in (*self.tables, TRACKING_TABLE):
            self._execute(
                "CREATE TABLE {schema}.{table} (LIKE public.{table} INCLUDING ALL)",
                schema=self.schema,
                table=table,
            )

    def _catch_up(self, built: int) -> int:
        """Rounds while appends go on, until few events are left; the position built."""
        while True:
            head = _head()
            self.progress.total = head
            if head - built <= FINAL_ROUND_EVENTS:
                return built
            with self._building():
                self.build(built, head, self.progress.reach)
            built = head

    def _swap(self, built: int) -> int | None:
        """Hold appends, build the rest, swap; None when readers held the tables too long."""
        try:
            with transaction.atomic():
                self._execute_plain(f"SET LOCAL lock_timeout = '{APPEND_LOCK_TIMEOUT}'")
                self._execute_plain("LOCK TABLE eventstore_events IN SHARE MODE")
                head = _head()
                self.progress.total = head
                if head > built:
                    with self._building():
                        self.build(built, head, self.progress.reach)
                self._execute_plain(f"SET LOCAL lock_timeout = '{SWAP_LOCK_TIMEOUT}'")
                self._switch(head)
                return head
        except OperationalError as error:
            if getattr(error.__cause__, "sqlstate", None) != "55P03":
                raise
            return None

    def _switch(self, head: int) -> None:
        hold_applies(self.name)
        self._execute("DROP SCHEMA IF EXISTS {retired} CASCADE", retired=self.retired)
        self._execute("CREATE SCHEMA {retired}", retired=self.retired)
        for table in self.tables:
            self._execute(
                "ALTER TABLE public.{table} SET SCHEMA {retired}", table=table, retired=self.retired
            )
            self._execute(
                "ALTER TABLE {schema}.{table} SET SCHEMA public", table=table, schema=self.schema
            )
            self._carry_index_names(table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM public.{TRACKING_TABLE} WHERE application_name = %s",  # noqa: S608
                [self.name],
            )
            cursor.execute(
                f"INSERT INTO public.{TRACKING_TABLE} VALUES (%s, %s)",  # noqa: S608
                [self.name, head],
            )
        self._execute("DROP SCHEMA {retired} CASCADE", retired=self.retired)

    def _carry_index_names(self, table: str) -> None:
        """Give the new table's indexes (and their constraints) the old ones' names."""
        old = _indexes(self.retired, table)
        for shape, (name, constraint) in _indexes("public", table).items():
            wanted = old.get(shape, (None, None))[0]
            if wanted is None or wanted == name:
                continue
            if constraint:
                self._execute(
                    "ALTER TABLE public.{table} RENAME CONSTRAINT {name} TO {wanted}",
                    table=table,
                    name=name,
                    wanted=wanted,
                )
            else:
                self._execute(
                    "ALTER INDEX public.{name} RENAME TO {wanted}", name=name, wanted=wanted
                )

    def _building(self) -> Any:
        return _search_path(self.schema)

    def _reset_search_path(self) -> None:
        self._execute_plain("SET search_path TO DEFAULT")

    def _execute(self, template: str, **identifiers: str) -> None:
        statement = sql.SQL(template).format(
            **{key: sql.Identifier(value) for key, value in identifiers.items()}
        )
        with connection.cursor() as cursor:
            cursor.execute(statement.as_string())

    def _execute_plain(self, statement: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(statement)


class _SearchPath:
    def __init__(self, schema: str) -> None:
        self.schema = schema

    def __enter__(self) -> None:
        statement = sql.SQL("SET search_path TO {}, public").format(sql.Identifier(self.schema))
        with connection.cursor() as cursor:
            cursor.execute(statement.as_string())

    def __exit__(self, *exc: object) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SET search_path TO DEFAULT")


def _search_path(schema: str) -> _SearchPath:
    """Unqualified table names resolve to `schema` first while inside."""
    return _SearchPath(schema)


def _head() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(notification_id), 0) FROM eventstore_events")
        return cursor.fetchone()[0]


_INDEX_NAME = re.compile(r"INDEX \S+ ON \S+\.")


def _indexes(schema: str, table: str) -> dict[str, tuple[str, bool]]:
    """The table's indexes by their definition without names: (name, backs a constraint)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.relname, pg_get_indexdef(i.oid),"
            " EXISTS (SELECT FROM pg_constraint c WHERE c.conindid = i.oid)"
            " FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
            " JOIN pg_class t ON t.oid = x.indrelid"
            " JOIN pg_namespace n ON n.oid = t.relnamespace"
            " WHERE n.nspname = %s AND t.relname = %s",
            [schema, table],
        )
        return {
            _INDEX_NAME.sub("INDEX ON ", definition): (name, constraint)
            for name, definition, constraint in cursor.fetchall()
        }


def streams_touched(
    recorder: Any, mapper: Any, created_topics: tuple[str, ...], after: int, up_to: int
) -> Iterator[Iterator[tuple[int, Any]]]:
    """Each stream begun by one of `created_topics` with events in (after, up_to], as
    (position, event) pairs from its start up to `up_to`: what an inline projection folds."""
    for originator_id in _originators(recorder, after, up_to):
        stored = [n for n in recorder.select_stream_notifications(originator_id) if n.id <= up_to]
        if stored and stored[0].topic in created_topics:
            yield ((n.id, mapper.to_domain_event(n)) for n in stored)


def _originators(recorder: Any, after: int, up_to: int) -> list[Any]:
    seen: dict[Any, None] = {}
    start = after + 1
    while start <= up_to:
        page = recorder.select_notifications(start=start, limit=1000, stop=up_to)
        seen.update(dict.fromkeys(n.originator_id for n in page))
        if len(page) < 1000:
            break
        start = page[-1].id + 1
    return list(seen)
