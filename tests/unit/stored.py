"""The library's JSON mapper, wired as the application does."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    Mapper,
    UUIDAsHex,
)


def json_mapper() -> Mapper[UUID]:
    transcoder = JSONTranscoder()
    for transcoding in [UUIDAsHex(), DatetimeAsISO(), DecimalAsStr()]:
        transcoder.register(transcoding)
    return Mapper(transcoder=transcoder)


def through_storage(mapper: Mapper[UUID], event: Any) -> Any:
    """The event as it comes back after being stored and read again."""
    return mapper.to_domain_event(mapper.to_stored_event(event))


def replay(events: list[Any]) -> Any:
    """The aggregate rebuilt from its events, as a repository would."""
    aggregate = None
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate
