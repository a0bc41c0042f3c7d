"""Who acts: the current actor, and an aggregate whose every event records it and its subject."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, ClassVar, Self
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


def _audit_fields(subject_id: UUID | None) -> dict[str, Any]:
    actor = current_actor()
    return {
        "actor_id": actor.user_id,
        "correlation_id": actor.correlation_id,
        "subject_id": subject_id,
    }


class AuditedAggregate(Aggregate):
    """An aggregate whose events, the created one included, carry the actor, correlation id
    and data subject.

    The fields are filled only where new events are constructed (`trigger_event` and
    `_create`); replay rebuilds events from stored state and never reads the contextvar.

    `subject_id` is the person whose personal data the event's `personal_fields` hold (see
    builder/domain/personal.py); the event store encrypts those fields under that person's key
    and refuses new events about a person whose data was erased. None: nobody's.
    Events recorded before subjects existed have no `subject_id` (read it with getattr).
    """

    class Event(Aggregate.Event):
        actor_id: UUID
        correlation_id: str
        subject_id: UUID | None

        # Paths of the fields holding personal data (builder.domain.personal.declare).
        personal_fields: ClassVar[tuple[str, ...]] = ()
        # Paths of the fields holding ids of people, besides the subject
        # (builder.domain.personal.declare_person_ids).
        person_id_fields: ClassVar[tuple[str, ...]] = ("actor_id",)

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
        audit = _audit_fields(cls._creation_subject(kwargs))
        return super()._create(event_class, id=id, **kwargs, **audit)

    def trigger_event(self, event_class: type[Any], **kwargs: Any) -> None:
        super().trigger_event(event_class, **kwargs, **_audit_fields(self.data_subject()))

    @classmethod
    def _creation_subject(cls, fields: dict[str, Any]) -> UUID | None:
        """Whose personal data the creation event holds, from its fields (default: nobody's)."""
        return None

    def data_subject(self) -> UUID | None:
        """Whose personal data the next event of this aggregate holds (default: nobody's)."""
        return None
