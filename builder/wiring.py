"""The one place that wires the applications, the event store and the inline projections."""

from __future__ import annotations

from functools import cache, partial
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import transaction
from eventsourcing.persistence import Recording

from builder.applications.accounts import Accounts
from builder.applications.base import Kind
from builder.applications.coaching import Coaching
from builder.applications.exercises import ExerciseLibrary
from builder.applications.operations import OperationsLog
from builder.applications.program_cache import ProgramCache
from builder.applications.programs import ProgramBuilder
from builder.domain import Program
from eventstore.collector import paused_collector
from eventstore.repository import FoldingApplication
from projections.coaching import CoachingProjection
from projections.exercise_catalogue import ExerciseCatalogueProjection
from projections.program_document import DEFAULT_MAX_BYTES, ProgramDocumentProjection


def _project(projection: Any, objs: tuple[Any, ...], recordings: list[Recording]) -> None:
    """Run an inline projection for each saved aggregate (inside the save's transaction)."""
    if not recordings:
        return  # a command that decided on no change (e.g. an empty partial update)
    for aggregate in objs:
        events = [
            r.domain_event for r in recordings if r.domain_event.originator_id == aggregate.id
        ]
        position = max(r.notification.id for r in recordings)
        projection.project(aggregate, events, position)


def _last_position(aggregate: Any, recordings: list[Recording]) -> int | None:
    """The position of the last event of `aggregate` in this save, if it had any."""
    return max(
        (r.notification.id for r in recordings if r.domain_event.originator_id == aggregate.id),
        default=None,
    )


class WiredProgramBuilder(ProgramBuilder, FoldingApplication):
    """ProgramBuilder whose saves also run the inline projections in the same transaction,
    and whose commands start from the program as this process last committed it."""

    def __init__(self, env: dict[str, str]) -> None:
        super().__init__(env)
        self.program_documents = ProgramDocumentProjection(
            self.factory.tracking_recorder(),
            max_bytes=int(env.get("PROGRAM_MAX_BYTES") or DEFAULT_MAX_BYTES),
        )
        self.programs = ProgramCache(int(env.get("PROGRAM_CACHE_SIZE", "64")))

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording]:
        # A save renders weeks (and a publication the whole tree): many objects, no cycles
        # (see eventstore/collector.py).
        with transaction.atomic(), paused_collector():
            recordings = super().save(*objs, **kwargs)
            _project(self.program_documents, objs, recordings)
            for program in objs:
                transaction.on_commit(partial(self.programs.put, program))
        return recordings

    def _load(self, program_id: UUID, kind: Kind[Program], version: int | None = None) -> Program:
        program = self._cached(program_id) if version is None else None
        if program is None:
            program = super()._load(program_id, kind, version)
        else:
            # Catch up with what other processes appended since (one query, usually empty).
            for event in self.events.get(program_id, gt=program.version):
                program = event.mutate(program)
        # The read model already holds every stored event: only this command's changes count.
        program.take_tree_changes()
        return program

    def _cached(self, program_id: UUID) -> Program | None:
        # Erasure in any process must win over text this process holds in the clear.
        vault = getattr(self.mapper, "vault", None)
        if vault is None or not self.programs:
            return self.programs.take(program_id)
        return self.programs.take(program_id, vault.generation())


class WiredExerciseLibrary(ExerciseLibrary, FoldingApplication):
    """ExerciseLibrary whose saves also write the exercise catalogue in the same transaction."""

    def __init__(self, env: dict[str, str], media_hosts: list[str]) -> None:
        super().__init__(env, media_hosts)
        self.catalogue = ExerciseCatalogueProjection(self.factory.tracking_recorder())

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording]:
        with transaction.atomic():
            recordings = super().save(*objs, **kwargs)
            _project(self.catalogue, objs, recordings)
        return recordings


class WiredCoaching(Coaching, FoldingApplication):
    """Coaching whose saves also write the link and assignment rows in the same transaction."""

    def __init__(self, env: dict[str, str]) -> None:
        super().__init__(env)
        self.rows = CoachingProjection(self.factory.tracking_recorder())

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording]:
        with transaction.atomic():
            recordings = super().save(*objs, **kwargs)
            saved = [(a, _last_position(a, recordings)) for a in objs]
            if recordings:
                self.rows.project([(a, p) for a, p in saved if p is not None])
        return recordings


@cache
def builder() -> WiredProgramBuilder:
    """The process's ProgramBuilder (thread-safe: recorders use Django's per-thread connection)."""
    return WiredProgramBuilder(env=dict(settings.EVENTSTORE))


@cache
def library() -> WiredExerciseLibrary:
    """The process's ExerciseLibrary, allowing the video hosts configured in the settings."""
    return WiredExerciseLibrary(
        env=dict(settings.EVENTSTORE), media_hosts=list(settings.EXERCISE_MEDIA_HOSTS)
    )


@cache
def accounts() -> Accounts:
    """The process's Accounts application (role changes, recorded as Account events)."""
    return Accounts(env=dict(settings.EVENTSTORE))


@cache
def coaching() -> WiredCoaching:
    """The process's Coaching application (links, consents, assignments)."""
    return WiredCoaching(env=dict(settings.EVENTSTORE))


@cache
def operations_log() -> OperationsLog:
    """The process's log of maintenance (projection rebuilds), recorded as events."""
    return OperationsLog(env=dict(settings.EVENTSTORE))
