"""Program snapshots, taken by the worker after the commit instead of inside the command.

A snapshot holds a program's whole tree: on 52 weeks it takes about 100 ms to make and write.
Taken inside the command whose event reached the interval, it made every 50th edit that much
slower, and its garbage set off full collections in the web process. The worker takes snapshots
at the same versions (multiples of PROGRAM_SNAPSHOT_INTERVAL), in the transaction that records
its position, so each is taken once. A load starts from the latest snapshot at or below the
version it wants and folds the events after it: a snapshot that comes a moment later only means
a few more events to fold in the meantime.

Of the events that arrive together (a backlog, a rebuild's page), only each program's last
version due for a snapshot gets one: loads only ever start from the latest.
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import transaction
from eventsourcing.persistence import IntegrityError, Notification, Tracking
from eventsourcing.projection import Projection
from eventsourcing.utils import get_topic

from builder.domain import Program
from eventstore.collector import paused_collector
from eventstore.errors import SubjectErasedError
from eventstore.repository import fold
from projections.stored_aggregates import event_store_application
from projections.worker import WorkerView

NAME = "program_snapshots"


def snapshot_interval() -> int:
    """Events between two snapshots of a program (0: none are taken)."""
    return int(settings.EVENTSTORE["PROGRAM_SNAPSHOT_INTERVAL"])


class ProgramSnapshotsView(WorkerView):
    """Takes programs' snapshots through a library application on the project's event store."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._store: Any = None
        self._due: dict[UUID, int] = {}  # a batch's programs and their last version due

    def take(self, program_id: UUID, version: int, tracking: Tracking) -> None:
        if self.batching:
            self._due[program_id] = max(version, self._due.get(program_id, 0))
            return
        with self.applying(tracking):
            self._take(program_id, version)

    def flush(self) -> None:
        for program_id, version in self._due.items():
            self._take(program_id, version)
        self._due.clear()

    def discard(self) -> None:
        self._due.clear()

    def _take(self, program_id: UUID, version: int) -> None:
        # The engine holds erasures off in this transaction (`copies_personal_text`): one under
        # way has ended (its person's text reads as erased), none starts until this is written.
        if self._store is None:
            self._store = event_store_application()
        taken = self._store.snapshots.recorder.select_events(
            program_id, gt=version - 1, lte=version, limit=1
        )
        if taken:  # one taken by a command before snapshots moved here, or by a tool
            return
        # No snapshot when it would be kept under an erased person's key (loads fold the events),
        # nor a second one when someone else took it meanwhile (the same state). The savepoint
        # undoes the refused write; the collector pauses for a tree of many objects and no
        # cycles (see eventstore/collector.py).
        with suppress(SubjectErasedError, IntegrityError), paused_collector(), transaction.atomic():
            self._store.take_snapshot(program_id, version=version, projector_func=fold)


class ProgramSnapshotsProjection(Projection[ProgramSnapshotsView]):
    """Snapshots each program every PROGRAM_SNAPSHOT_INTERVAL events (worker projection)."""

    name = NAME
    # A snapshot holds decrypted text: the engine holds erasures off while it applies.
    copies_personal_text = True
    topics = tuple(
        get_topic(cls)
        for cls in vars(Program).values()
        if isinstance(cls, type) and issubclass(cls, Program.Event) and cls is not Program.Event
    )

    def __init__(self, view: ProgramSnapshotsView) -> None:
        super().__init__(view=view)
        self.interval = snapshot_interval()

    def wants(self, notification: Notification) -> bool:
        """Only events due for a snapshot are decoded (the engine asks before decoding)."""
        return self._due(notification.originator_version)

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        version = domain_event.originator_version
        if self._due(version):
            self.view.take(domain_event.originator_id, version, tracking)

    def _due(self, version: int) -> bool:
        return self.interval > 0 and version % self.interval == 0
