"""The VACUUM an erasure needs: its person's text out of the database's files, not only its rows.

An UPDATE or DELETE leaves the old row in the table's file, dead, until VACUUM; and a plain
VACUUM frees the row's space without overwriting it (its bytes stay in the page until new rows
fill it). ``VACUUM (FULL, ANALYZE)`` writes the live rows into new files, empties the old ones
and samples the column statistics again (ANALYZE keeps sample values); a superuser also
rewrites ``pg_statistic``, where the statistics replaced are dead rows in turn.

The erasure records the tables it updated or deleted rows of in its own transaction
(`record_rewritten_tables`); after its commit `vacuum_pending` runs, outside any transaction as
VACUUM must. Only a table's owner (or a superuser; on PostgreSQL 17, a role granted MAINTAIN)
may VACUUM it: a VACUUM refused or timed out, or lost to a crash, stays pending for
``manage.py vacuum_erasures`` run as the tables' owner. README "Personal data".
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import DatabaseError, connection
from psycopg import sql

logger = logging.getLogger("builder.privacy")

TABLE = "builder_erasure_vacuum"
# VACUUM FULL waits for an exclusive lock, and readers queue behind it: it gives way instead.
LOCK_TIMEOUT = "2s"
# ANALYZE samples the rows anew; pg_statistic itself is never analysed.
TABLE_VACUUM = sql.SQL("VACUUM (FULL, ANALYZE) {}")
STATISTICS_VACUUM = sql.SQL("VACUUM FULL {}")
STATISTICS = sql.Identifier("pg_catalog", "pg_statistic")

# The transaction's own counts, and possibly its connection's last second's (stats not yet
# flushed): a table too many is vacuumed for nothing, none is missed.
_RECORD_REWRITTEN = f"""
INSERT INTO {TABLE} (schema_name, table_name)
SELECT schemaname, relname FROM pg_stat_xact_user_tables
WHERE n_tup_upd + n_tup_del > 0 AND relid <> '{TABLE}'::regclass
"""  # noqa: S608 - constants only

_PENDING = f"""
SELECT schema_name, table_name, array_agg(id),
       to_regclass(format('%I.%I', schema_name, table_name))
FROM {TABLE} GROUP BY schema_name, table_name ORDER BY schema_name, table_name
"""  # noqa: S608 - constants only


@dataclass
class Vacuums:
    """The tables vacuumed, and those still pending (refused, timed out or failed)."""

    done: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)


def record_rewritten_tables() -> None:
    """In the erasure's transaction, after its writes: every table it rewrote rows of."""
    with connection.cursor() as cursor:
        cursor.execute(_RECORD_REWRITTEN)


def vacuum_after_erasure() -> None:
    """After an erasure's commit: vacuum what is pending, and say what is left to the owner."""
    left = vacuum_pending().left
    if left:
        logger.warning(
            "VACUUM of %d tables an erasure rewrote is pending: run manage.py vacuum_erasures"
            " as their owner",
            len(left),
        )


def vacuum_pending() -> Vacuums:
    """VACUUM FULL every table pending; what was done and what is left."""
    vacuums = Vacuums()
    if connection.in_atomic_block:  # VACUUM cannot run in a transaction: left for later
        vacuums.left = [name for name, _ids, _table in _pending()]
        return vacuums
    with _lock_timeout():
        for name, ids, table in _pending():
            if table is None or _vacuum(TABLE_VACUUM, table):
                _forget(ids)
                vacuums.done.append(name)
            else:
                vacuums.left.append(name)
        if vacuums.done and _superuser():
            _vacuum(STATISTICS_VACUUM, STATISTICS)
    return vacuums


def _pending() -> list[tuple[str, list[int], sql.Identifier | None]]:
    """Each pending table: its name, its requests, and its identifier (None once dropped)."""
    with connection.cursor() as cursor:
        cursor.execute(_PENDING)
        rows = cursor.fetchall()
    return [
        (f"{schema}.{name}", ids, sql.Identifier(schema, name) if exists else None)
        for schema, name, ids, exists in rows
    ]


def _vacuum(vacuum: sql.SQL, table: sql.Identifier) -> bool:
    """The VACUUM of the table; whether it ran (PostgreSQL only warns when it refuses one)."""
    statement = vacuum.format(table)
    try:
        before = _file_node(table)
        with connection.cursor() as cursor:
            cursor.execute(statement.as_string(cursor.connection))
        # A full VACUUM always writes new files.
        return _file_node(table) != before
    except DatabaseError:
        logger.warning("VACUUM of a table an erasure rewrote failed", exc_info=True)
        return False


def _file_node(table: sql.Identifier) -> int:
    with connection.cursor() as cursor:
        name = table.as_string(cursor.connection)
        cursor.execute("SELECT pg_relation_filenode(%s::regclass)", [name])
        return cursor.fetchone()[0]


def _forget(ids: list[int]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE id = ANY(%s)", [ids])  # noqa: S608


def _superuser() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        return cursor.fetchone()[0]


@contextmanager
def _lock_timeout() -> Iterator[None]:
    """The session's lock timeout while the VACUUMs wait for their locks, restored after."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('lock_timeout', %s, false)", [LOCK_TIMEOUT])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")
