"""Who acts: the current actor, and an aggregate whose every event records it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Self
from uuid import UUID

from eventsourcing.domain import Aggregate, CanInitAggregate

from builder.domain.errors import MissingActorError


@dataclass(frozen=True)
class Actor:
    """The user issuing a command and the correlation id of their request."""

    user_id: UUID
    correlation_id: str


# A contextvar (not a global) so concurrent requests in threads or tasks never see each
# other's actor.
_current_actor: ContextVar[Actor | None] = ContextVar("builder_current_actor", default=None)


@contextmanager
def acting(actor: Actor) -> Iterator[Actor]:
    """Run the enclosed commands as `actor`; the previous actor is restored afterwards."""
    token = _current_actor.set(actor)
    try:
        yield actor
    finally:
        _current_actor.reset(token)


def current_actor() -> Actor:
    """The actor set by `acting`, or MissingActorError."""
    actor = _current_actor.get()
    if actor is None:
        raise MissingActorError()
    return actor


def _audit_fields() -> dict[str, Any]:
    actor = current_actor()
    return {"actor_id": actor.user_id, "correlation_id": actor.correlation_id}


class AuditedAggregate(Aggregate):
    """An aggregate whose events, the created one included, carry the actor and correlation id.

    The fields are filled only where new events are constructed (`trigger_event` and
    `_create`); replay rebuilds events from stored state and never reads the contextvar.
    """

    class Event(Aggregate.Event):
        actor_id: UUID
        correlation_id: str

    class Created(Event, Aggregate.Created):
        """The first event of a stream, audited like every other."""

    @classmethod
    def _create(
        cls,
        event_class: type[CanInitAggregate[UUID]],
        *,
        id: UUID | None = None,  # the library's own parameter name
        **kwargs: Any,
    ) -> Self:
        # Read the actor before anything is built, so a missing actor leaves no trace.
        return super()._create(event_class, id=id, **kwargs, **_audit_fields())

    def trigger_event(self, event_class: type[Any], **kwargs: Any) -> None:
        super().trigger_event(event_class, **kwargs, **_audit_fields())
