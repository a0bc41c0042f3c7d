"""The program document and program list read models, projected inline with each command.

The rows are a pure function of a program's events: the projection folds the events into the
Program aggregate (the domain's own rules, so tree edits are never implemented twice) and renders
it. The document is stored as a header row (details, lifecycle) and one row per week, so that an
edit rewrites the week it changed rather than the whole tree: on a 52-week program the whole
document is 1.5 MB of jsonb, a week 30 kB. Inline, the command's program says which weeks its
events changed (`Program.take_tree_changes`); a rebuild folds the stored events stream by stream
and writes every week. Either way the rows and the projection's position commit in the
transaction of the events they reflect, so each event is applied exactly once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.db import connection
from eventsourcing.persistence import Tracking

from builder.domain import Program, ProgramTooLargeError, Week
from builder.domain.tree import TreeChanges

NAME = "program_document"
_CHILDREN = ("days", "groups", "entries")
# The tables this projection writes (a rebuild replaces them all).
TABLES = (
    "projections_program_document",
    "projections_program_week",
    "projections_program_summary",
    "projections_published_version",
)


class ProjectionError(Exception):
    """The projection was given events it cannot apply."""


def render(program: Program) -> dict[str, Any]:
    """The program document: details, lifecycle and the whole tree with 0-based positions."""
    weeks = [render_week(week, position) for position, week in enumerate(program.weeks)]
    return {**render_header(program), "weeks": weeks}


def render_header(program: Program) -> dict[str, Any]:
    """The document without its weeks."""
    return {
        "id": str(program.id),
        "version": program.version,
        "title": program.title,
        "description": program.description,
        "goal": program.goal,
        "level": program.level,
        "tags": list(program.tags),
        "units": program.units,
        "notes": dict(program.notes),
        "owner_id": str(program.owner_id),
        "kind": program.kind,
        "athlete_id": str(program.athlete_id) if program.athlete_id else None,
        "status": program.status,
        "published_versions": list(program.published_versions),
        "forked_from": program.forked_from,
        "created_at": _iso(program.created_on),
        "updated_at": _iso(program.modified_on),
    }


def render_week(week: Week, position: int) -> dict[str, Any]:
    """One week of the document, its days, groups and entries numbered from 0."""
    return _positioned([week.to_dict()], 0, position)[0]


def stored_week(week: Week) -> dict[str, Any]:
    """A week as its row keeps it: rendered, but for its own position (the row's column)."""
    week_document = render_week(week, 0)
    del week_document["position"]
    return week_document


def _positioned(nodes: list[dict[str, Any]], depth: int, first: int = 0) -> list[dict[str, Any]]:
    children = _CHILDREN[depth] if depth < len(_CHILDREN) else None
    out = []
    for position, node in enumerate(nodes, start=first):
        node = {**node, "position": position}
        if children:
            node[children] = _positioned(node[children], depth + 1)
        out.append(node)
    return out


def _iso(moment: datetime) -> str:
    return moment.isoformat()


def _json(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


# The largest program document a command may leave: a 52-week program of 3,000 entries with
# notes is about 2 MB; a bound on what one command (a duplicated week, a fork) can build.
DEFAULT_MAX_BYTES = 16_000_000


class ProgramDocumentProjection:
    """Writes the document, summary and published-version rows of one program."""

    name = NAME

    def __init__(self, tracking_recorder: Any, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.tracking = tracking_recorder
        self.max_bytes = max_bytes

    def project(self, program: Program, events: Sequence[Any], position: int) -> None:
        """Record `program` as it is after `events`, the last of which is at `position`."""
        changes = program.take_tree_changes()
        for event in events:
            if isinstance(event, Program.Published):
                if event is not events[-1]:
                    # The frozen copy is rendered from the state after the last event.
                    raise ProjectionError("A Published event must be the last of its save.")
                self._freeze(program, event, render(program))
        if self._header_moved_on(program, position, program.version - len(events)):
            self._write_weeks(program, changes)
        else:
            # The stored rows are not those of the version before `events` (a new program, or
            # rows a rebuild wrote): every week is written.
            self._write_document(program, position)
        self._write_summary(program)
        self._ensure_within_bytes(program)
        self.tracking.insert_tracking(
            Tracking(application_name=self.name, notification_id=position)
        )

    def _ensure_within_bytes(self, program: Program) -> None:
        """Refuse a command that leaves the program's document larger than `max_bytes` (its
        transaction then rolls back). Rebuilds and erasures fold what is stored, unrefused."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT octet_length(d.document::text) + coalesce("
                "(SELECT sum(octet_length(w.document)) FROM projections_program_week AS w"
                " WHERE w.program_id = d.program_id), 0)"
                " FROM projections_program_document AS d WHERE d.program_id = %s",
                [program.id],
            )
            row = cursor.fetchone()
        if row is not None and row[0] > self.max_bytes:
            raise ProgramTooLargeError(self.max_bytes)

    def _header_moved_on(self, program: Program, position: int, previous: int) -> bool:
        """Update the header if the stored document is at version `previous`; else False."""
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE projections_program_document SET version = %s, position = %s,"
                " document = %s WHERE program_id = %s AND version = %s",
                [program.version, position, _json(render_header(program)), program.id, previous],
            )
            return cursor.rowcount == 1

    def _write_weeks(self, program: Program, changes: TreeChanges) -> None:
        """Write the weeks `changes` names; when weeks came, went or moved, fix the others'
        positions and drop the removed ones."""
        positions = {week.id: number for number, week in enumerate(program.weeks)}
        with connection.cursor() as cursor:
            if changes.reshaped:
                ids, numbers = list(positions), list(positions.values())
                cursor.execute(
                    "DELETE FROM projections_program_week"
                    " WHERE program_id = %s AND NOT (week_id = ANY(%s::uuid[]))",
                    [program.id, ids],
                )
                cursor.execute(
                    "UPDATE projections_program_week AS w SET position = p.position"
                    " FROM unnest(%s::uuid[], %s::int[]) AS p(week_id, position)"
                    " WHERE w.program_id = %s AND w.week_id = p.week_id"
                    " AND w.position <> p.position",
                    [ids, numbers, program.id],
                )
            changed = [week for week in program.weeks if week.id in changes.weeks]
            self._upsert_weeks(cursor, program, changed, positions)

    def _write_document(self, program: Program, position: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO projections_program_document (program_id, version, position, document)"
                " VALUES (%s, %s, %s, %s) ON CONFLICT (program_id) DO UPDATE"
                " SET version = EXCLUDED.version, position = EXCLUDED.position,"
                " document = EXCLUDED.document"
                " WHERE projections_program_document.version < EXCLUDED.version",
                [program.id, program.version, position, _json(render_header(program))],
            )
            if cursor.rowcount == 0:
                return  # a later version is stored already
            cursor.execute(
                "DELETE FROM projections_program_week WHERE program_id = %s", [program.id]
            )
            positions = {week.id: number for number, week in enumerate(program.weeks)}
            self._upsert_weeks(cursor, program, program.weeks, positions)

    @staticmethod
    def _upsert_weeks(
        cursor: Any, program: Program, weeks: Sequence[Week], positions: dict[Any, int]
    ) -> None:
        if not weeks:
            return
        rows = [
            {"week_id": str(week.id), "position": positions[week.id], "document": stored_week(week)}
            for week in weeks
        ]
        # One JSON parameter rather than arrays: psycopg quotes a text array element by element
        # in Python, a single text in C. `json` (not jsonb) keeps each document's text as is.
        cursor.execute(
            "INSERT INTO projections_program_week (program_id, week_id, position, document)"
            " SELECT %s, week_id, position, document::text FROM json_to_recordset(%s::json)"
            " AS w(week_id uuid, position int, document json)"
            " ON CONFLICT (program_id, week_id) DO UPDATE"
            " SET position = EXCLUDED.position, document = EXCLUDED.document",
            [program.id, _json(rows)],
        )

    def _freeze(self, program: Program, event: Any, document: dict[str, Any]) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO projections_published_version"
                " (program_id, number, published_at, published_by, document)"
                " VALUES (%s, %s, %s, %s, %s) ON CONFLICT (program_id, number) DO NOTHING",
                [program.id, event.number, event.timestamp, event.actor_id, _json(document)],
            )

    def _write(self, program: Program, position: int) -> None:
        self._write_document(program, position)
        self._write_summary(program)

    def _write_summary(self, program: Program) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO projections_program_summary (program_id, owner_id, athlete_id, kind,"
                " status, title, tags, version, latest_published, weeks, entries, created_at,"
                " updated_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
                " ON CONFLICT (program_id) DO UPDATE SET owner_id = EXCLUDED.owner_id,"
                " athlete_id = EXCLUDED.athlete_id, kind = EXCLUDED.kind,"
                " status = EXCLUDED.status, title = EXCLUDED.title, tags = EXCLUDED.tags,"
                " version = EXCLUDED.version, latest_published = EXCLUDED.latest_published,"
                " weeks = EXCLUDED.weeks, entries = EXCLUDED.entries,"
                " updated_at = EXCLUDED.updated_at"
                " WHERE projections_program_summary.version < EXCLUDED.version",
                [
                    program.id,
                    program.owner_id,
                    program.athlete_id,
                    program.kind,
                    program.status,
                    program.title,
                    list(program.tags),
                    program.version,
                    program.published_versions[-1] if program.published_versions else None,
                    len(program.weeks),
                    program.entry_count,
                    program.created_on,
                    program.modified_on,
                ],
            )

    def replace(self, program_id: Any, stream: Iterable[tuple[int, Any]]) -> None:
        """Render one program again from its stored events, over the rows it had.

        For erasure: the events now read with erased text, and the rows must say so; the
        projection's position does not move (no event was applied anew).
        """
        with connection.cursor() as cursor:
            for table in TABLES:
                cursor.execute(f"DELETE FROM {table} WHERE program_id = %s", [program_id])  # noqa: S608
        program, last_position = None, 0
        for position, event in stream:
            program, last_position = event.mutate(program), position
            if isinstance(event, Program.Published):
                self._freeze(program, event, render(program))
        if program is not None:
            self._write(program, last_position)

    def rebuild(self, streams: Iterable[Iterable[tuple[int, Any]]], up_to: int) -> int:
        """Fold each program's stored events (position, domain event) into fresh rows.

        `up_to` is the log's last position when the rebuild started (appends are held off), and
        becomes the projection's recorded position.
        """
        count = 0
        for stream in streams:
            program, last_position = None, 0
            for position, event in stream:
                program, last_position = event.mutate(program), position
                count += 1
                if isinstance(event, Program.Published):
                    self._freeze(program, event, render(program))
            self._write(program, last_position)
        if up_to:
            self.tracking.insert_tracking(
                Tracking(application_name=self.name, notification_id=up_to)
            )
        return count
