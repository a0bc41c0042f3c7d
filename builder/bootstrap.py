"""The one place that wires the application, the event store and the inline projections."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import connection, transaction
from eventsourcing.persistence import Recording

from builder.application import ProgramBuilder
from builder.domain import Program
from projections.program_document import ProgramDocumentProjection

_PROGRAM_CREATED_TOPIC = f"{Program.Created.__module__}:{Program.Created.__qualname__}"


class WiredProgramBuilder(ProgramBuilder):
    """ProgramBuilder whose saves also run the inline projections in the same transaction."""

    def __init__(self, env: dict[str, str]) -> None:
        super().__init__(env)
        self.program_documents = ProgramDocumentProjection(self.factory.tracking_recorder())

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording]:
        with transaction.atomic():
            recordings = super().save(*objs, **kwargs)
            for program in objs:
                events = [
                    r.domain_event for r in recordings if r.domain_event.originator_id == program.id
                ]
                position = max(r.notification.id for r in recordings)
                self.program_documents.project(program, events, position)
        return recordings

    def rebuild_program_documents(self) -> int:
        """Replay every program's events into fresh read-model rows while appends wait."""
        with transaction.atomic():
            with connection.cursor() as cursor:
                # SHARE blocks appenders (they take EXCLUSIVE) but not readers.
                cursor.execute("LOCK TABLE eventstore_events IN SHARE MODE")
            up_to = self.recorder.max_notification_id() or 0
            self.program_documents.clear()
            return self.program_documents.rebuild(self._program_streams(up_to), up_to)

    def _program_streams(self, up_to: int) -> Iterator[Iterator[tuple[int, Any]]]:
        for program_id in self._program_ids(up_to):
            yield self._stream(program_id)

    def _program_ids(self, up_to: int) -> Iterator[UUID]:
        start = 1
        while True:
            page = self.recorder.select_notifications(
                start=start, limit=1000, stop=up_to, topics=[_PROGRAM_CREATED_TOPIC]
            )
            yield from (n.originator_id for n in page)
            if len(page) < 1000:
                return
            start = page[-1].id + 1

    def _stream(self, program_id: UUID) -> Iterator[tuple[int, Any]]:
        for notification in self.recorder.select_stream_notifications(program_id):
            yield notification.id, self.mapper.to_domain_event(notification)


@cache
def builder() -> WiredProgramBuilder:
    """The process's ProgramBuilder (thread-safe: recorders use Django's per-thread connection)."""
    return WiredProgramBuilder(env=dict(settings.EVENTSTORE))
