"""The index from each person to the events that name them, written with the events.

The contract with the domain (which this module never imports):

- an event names as people its ``subject_id`` (whose personal data it holds, see
  eventstore.personal) and the ids at the paths its class lists in ``person_id_fields`` (the
  path syntax of ``personal_fields``: ``"actor_id"``, ``"athlete_id"``, ``"members.*"``);
- the mapper puts those ids on the stored event it makes (``StoredEventWithPersons``);
- the application recorder adds one row (person, position, stream) per id to ``SUBJECTS_TABLE``
  in the script that inserts the events (same transaction, no extra round trip), and finds a
  person's events through those rows: a read costs the person's events, not the size of the log.

Events stored before the index were indexed once by migration 0005 from their stored states.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from psycopg import sql

SUBJECTS_TABLE = "eventstore_event_subjects"
WILDCARD = "*"


@dataclass(frozen=True)
class StoredEventWithPersons(StoredEvent):
    """A stored event and the ids of the people it names (indexed, not part of its state)."""

    persons: tuple[UUID, ...] = ()


def persons_named(event_class: type, state: Mapping[str, Any]) -> tuple[UUID, ...]:
    """The ids of the people an event of `event_class` with `state` names, once each."""
    found: list[Any] = [state.get("subject_id")]
    for path in getattr(event_class, "person_id_fields", ()):
        found.extend(_values_at(state, tuple(path.split("."))))
    return tuple(dict.fromkeys(i for i in map(_as_uuid, found) if i is not None))


def _values_at(value: Any, steps: Sequence[str]) -> Iterator[Any]:
    if not steps:
        yield value
        return
    step, rest = steps[0], steps[1:]
    if step == WILDCARD and isinstance(value, dict | list | tuple):
        for item in value.values() if isinstance(value, dict) else value:
            yield from _values_at(item, rest)
    elif isinstance(value, dict) and step in value:
        yield from _values_at(value[step], rest)


def _as_uuid(value: Any) -> UUID | None:
    if isinstance(value, UUID) or value is None:
        return value
    try:
        return UUID(str(value))
    except ValueError:
        return None


def _sql(template: str, *, events: str, subjects: str) -> str:
    names = {"events": sql.Identifier(events), "subjects": sql.Identifier(subjects)}
    return sql.SQL(template).format(**names).as_string()


def index_statements(
    events: str, subjects: str, stored_events: Sequence[StoredEvent]
) -> list[tuple[str, list[Any]]]:
    """The statement that indexes the events' persons, to run after their insert (none when
    they name nobody); each event is found again by its stream and version."""
    rows = [
        (_as_uuid(event.originator_id), event.originator_version, person)
        for event in stored_events
        for person in getattr(event, "persons", ())
    ]
    if not rows:
        return []
    statement = _sql(
        "INSERT INTO {subjects} (person_id, notification_id, originator_id)"
        " SELECT named.person_id, stored.notification_id, stored.originator_id"
        " FROM unnest(%s::uuid[], %s::bigint[], %s::uuid[])"
        " AS named (originator_id, originator_version, person_id)"
        " JOIN {events} AS stored USING (originator_id, originator_version)",
        events=events,
        subjects=subjects,
    )
    return [(statement, [list(column) for column in zip(*rows, strict=True)])]


def select_naming_statement(events: str, subjects: str) -> str:
    """Events after position ``gt`` that name one of ``persons`` or belong to one of
    ``streams``, but for those of the streams ``excluding``, by position, at most ``limit``
    (named parameters).

    The positions come from the two indexes (persons, streams) first, ordered and limited;
    then the log is read at those positions only. The index keeps each event's stream for the
    exclusion. On the streams' events the position is a filter (``+ 0``): a range of the log's
    own index would read an entry for every later event of anyone.
    """
    return _sql(
        "SELECT notification_id, originator_id, originator_version, topic, state, recorded_at"
        " FROM {events} WHERE notification_id = ANY(ARRAY("
        " SELECT notification_id FROM {subjects}"
        " WHERE person_id = ANY(%(persons)s::uuid[]) AND notification_id > %(gt)s"
        " AND originator_id <> ALL(%(excluding)s::uuid[])"
        " UNION SELECT notification_id FROM {events}"
        " WHERE originator_id = ANY(%(streams)s::uuid[]) AND notification_id + 0 > %(gt)s"
        " AND originator_id <> ALL(%(excluding)s::uuid[])"
        " ORDER BY notification_id LIMIT %(limit)s))"
        " ORDER BY notification_id",
        events=events,
        subjects=subjects,
    )
