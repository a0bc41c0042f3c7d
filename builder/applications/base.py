"""The shape every application's commands share: load, check the version, decide, save."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import PersistenceError, RecordConflictError, Recording

from builder.domain import Actor, BuilderError, IdTakenError, StaleVersion, acting

A = TypeVar("A")


@dataclass(frozen=True)
class Kind(Generic[A]):
    """A kind of aggregate the commands name: its class, its name in a StaleVersion, and the
    error saying there is none with an id (None where the application opens one instead)."""

    aggregate: type[A]
    name: str
    missing: Callable[[UUID], BuilderError] | None = None


@dataclass(frozen=True)
class Saved(Generic[A]):
    """A command's outcome: the aggregate after it and the recordings of its events."""

    aggregate: A
    recordings: list[Recording]

    @property
    def position(self) -> int | None:
        """The position of the command's last event (None when it changed nothing)."""
        return self.recordings[-1].notification.id if self.recordings else None


class CommandApplication(Application[UUID]):
    """An application of commands that load an aggregate, check the version the caller edited,
    decide as the actor, and save; `kinds` are the aggregates it keeps (the first the default).
    """

    kinds: tuple[Kind[Any], ...] = ()

    def _find(self, aggregate_id: UUID, kind: Kind[A], version: int | None = None) -> A | None:
        """The `kind` aggregate with this id (at `version`), None when there is none."""
        try:
            aggregate = self.repository.get(aggregate_id, version=version)
        except AggregateNotFoundError:
            return None
        # Ids are shared by every stream of the store: this one may be another kind's.
        return aggregate if isinstance(aggregate, kind.aggregate) else None

    def _load(self, aggregate_id: UUID, kind: Kind[A], version: int | None = None) -> A:
        """The `kind` aggregate with this id (at `version`), else the kind's missing error."""
        aggregate = self._find(aggregate_id, kind, version)
        if aggregate is None:
            raise kind.missing(aggregate_id)
        return aggregate

    def _edit(
        self,
        aggregate_id: UUID,
        actor: Actor,
        expected_version: int,
        decide: Callable[[Any], None],
        kind: Kind[Any] | None = None,
    ) -> Saved[Any]:
        """Load the aggregate, refuse a stale `expected_version`, decide as `actor`, save."""
        aggregate = self._current(self._load(aggregate_id, kind or self.kinds[0]), expected_version)
        with acting(actor):
            decide(aggregate)
        return self._save(aggregate)

    def _current(self, aggregate: A, expected_version: int) -> A:
        """`aggregate`, unless the caller edited another version of it than the loaded one."""
        if aggregate.version != expected_version:
            raise self._stale(aggregate, aggregate.version)
        return aggregate

    def _save(self, *aggregates: Any) -> Saved[Any]:
        """Save the aggregates in one append; the outcome names the first (the command's)."""
        first = aggregates[0]
        creating = bool(first.pending_events) and first.pending_events[0].originator_version == 1
        try:
            return Saved(first, self.save(*aggregates))
        except RecordConflictError:
            if creating:  # the client chose an id another stream already has
                raise IdTakenError(first.id) from None
            # Another command appended to the stream between this one's load and its append.
            raise self._stale(first, self._stored_version(first.id)) from None

    def _stale(self, aggregate: Any, current: int | None) -> StaleVersion:
        kind = next(kind for kind in self.kinds if isinstance(aggregate, kind.aggregate))
        return StaleVersion(kind.name, aggregate.id, current)

    def _stored_version(self, aggregate_id: UUID) -> int | None:
        """The version of the stream's last event, None when it cannot be read now."""
        try:
            last = self.recorder.select_events(aggregate_id, desc=True, limit=1)
        except PersistenceError:  # the transaction the append failed in allows no more reads
            return None
        return last[0].originator_version if last else None
