"""The program document and program list read models, projected inline with each command.

Both rows are a pure function of a program's events: the projection folds the events into the
Program aggregate (the domain's own rules, so tree edits are never implemented twice) and renders
it. Inline, the command's freshly saved aggregate is rendered, or, when its events only change
fields of existing nodes, just those leaves are set in the stored document (document_patches.py);
a rebuild folds the stored events stream by stream. Either way the rows and the projection's
position commit in the transaction of the events they reflect, so each event is applied exactly
once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.db import connection
from eventsourcing.persistence import Tracking

from builder.domain import Program
from projections.document_patches import changed_leaves

NAME = "program_document"
_CHILDREN = ("days", "groups", "entries")
_TABLES = (
    "projections_program_document",
    "projections_program_summary",
    "projections_published_version",
)


class ProjectionError(Exception):
    """The projection was given events it cannot apply."""


def render(program: Program) -> dict[str, Any]:
    """The program document: details, lifecycle and the whole tree with 0-based positions."""
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
        "weeks": _positioned(program.structure(), 0),
    }


def _positioned(nodes: list[dict[str, Any]], depth: int) -> list[dict[str, Any]]:
    children = _CHILDREN[depth] if depth < len(_CHILDREN) else None
    out = []
    for position, node in enumerate(nodes):
        node = {**node, "position": position}
        if children:
            node[children] = _positioned(node[children], depth + 1)
        out.append(node)
    return out


def _iso(moment: datetime) -> str:
    return moment.isoformat()


class ProgramDocumentProjection:
    """Writes the document, summary and published-version rows of one program."""

    name = NAME

    def __init__(self, tracking_recorder: Any) -> None:
        self.tracking = tracking_recorder

    def project(self, program: Program, events: Sequence[Any], position: int) -> None:
        """Record `program` as it is after `events`, the last of which is at `position`."""
        if not self._patched(program, events, position):
            document = render(program)
            for event in events:
                if isinstance(event, Program.Published):
                    if event is not events[-1]:
                        # The frozen copy is rendered from the state after the last event.
                        raise ProjectionError("A Published event must be the last of its save.")
                    self._freeze(program, event, document)
            self._write_document(program, document, position)
        self._write_summary(program)
        self.tracking.insert_tracking(
            Tracking(application_name=self.name, notification_id=position)
        )

    def _patched(self, program: Program, events: Sequence[Any], position: int) -> bool:
        """Set the leaves `events` changed in the stored document; False if it needs a render.

        Only a document at the version right before `events` is patched, so the result is the
        render of `program` whenever the stored document was the render of its version.
        """
        leaves = changed_leaves(program, events) if events else None
        if leaves is None:
            return False
        expression, params = "document", []
        for path, value in leaves:
            expression = f"jsonb_set({expression}, %s, %s::jsonb)"
            params += [path, json.dumps(value)]
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE projections_program_document SET document = {expression},"  # noqa: S608
                " version = %s, position = %s WHERE program_id = %s AND version = %s",
                [*params, program.version, position, program.id, program.version - len(events)],
            )
            return cursor.rowcount == 1

    def _freeze(self, program: Program, event: Any, document: dict[str, Any]) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO projections_published_version"
                " (program_id, number, published_at, published_by, document)"
                " VALUES (%s, %s, %s, %s, %s) ON CONFLICT (program_id, number) DO NOTHING",
                [program.id, event.number, event.timestamp, event.actor_id, json.dumps(document)],
            )

    def _write(self, program: Program, document: dict[str, Any], position: int) -> None:
        self._write_document(program, document, position)
        self._write_summary(program)

    def _write_document(self, program: Program, document: dict[str, Any], position: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO projections_program_document (program_id, version, position, document)"
                " VALUES (%s, %s, %s, %s) ON CONFLICT (program_id) DO UPDATE"
                " SET version = EXCLUDED.version, position = EXCLUDED.position,"
                " document = EXCLUDED.document"
                " WHERE projections_program_document.version < EXCLUDED.version",
                [program.id, program.version, position, json.dumps(document)],
            )

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

    def clear(self) -> None:
        """Empty the read models and forget the position, before a rebuild."""
        with connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE projections_program_document, projections_program_summary,"
                " projections_published_version"
            )
            cursor.execute(
                "DELETE FROM eventstore_tracking WHERE application_name = %s", [self.name]
            )

    def replace(self, program_id: Any, stream: Iterable[tuple[int, Any]]) -> None:
        """Render one program again from its stored events, over the rows it had.

        For erasure: the events now read with erased text, and the rows must say so; the
        projection's position does not move (no event was applied anew).
        """
        with connection.cursor() as cursor:
            for table in _TABLES:
                cursor.execute(f"DELETE FROM {table} WHERE program_id = %s", [program_id])  # noqa: S608
        program, last_position = None, 0
        for position, event in stream:
            program, last_position = event.mutate(program), position
            if isinstance(event, Program.Published):
                self._freeze(program, event, render(program))
        if program is not None:
            self._write(program, render(program), last_position)

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
            self._write(program, render(program), last_position)
        if up_to:
            self.tracking.insert_tracking(
                Tracking(application_name=self.name, notification_id=up_to)
            )
        return count
