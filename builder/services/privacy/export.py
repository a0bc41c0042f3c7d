"""A person's export: one JSON document, produced in pieces for streaming.

The document is described by docs/export.schema.json. Personal text is included only where the
person is its subject; elsewhere (someone else's text in an event they caused or that names
them) the personal fields are null and the event says `withheld`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.utils import timezone

from builder.domain import Actor, Program, account_id
from builder.models import User
from builder.services.privacy.registry import contributions
from builder.services.privacy.subjects import PersonErasedError, find_person, is_erased
from builder.wiring import accounts, builder
from eventstore.personal import personal_paths, replace_leaves
from projections.queries import exercises as exercise_queries
from projections.queries import programs as program_queries

EXPORT_FORMAT = "program-builder/personal-data-export"
EXPORT_VERSION = 1
BATCH = 1000
_META = {"originator_id", "originator_version", "timestamp", "actor_id", "correlation_id"}


def export_person(user_id: UUID) -> Iterator[str]:
    """The person's export as JSON text, in pieces (for streaming); see docs/export.schema.json."""
    user = find_person(user_id)
    if is_erased(user.id):
        raise PersonErasedError()
    return _export_document(user)


def record_admin_export(user_id: UUID, *, actor: Actor) -> None:
    """Record that an admin exported the person's data (before the export is produced)."""
    user = find_person(user_id)
    accounts().record_export(user.id, actor=actor, current_roles=list(user.roles))


def _export_document(user: User) -> Iterator[str]:
    programs = list(program_queries.programs_of_person(user.id))
    own_streams = {row.program_id for row in programs}
    yield "{"
    yield _pair("format", EXPORT_FORMAT) + ","
    yield _pair("version", EXPORT_VERSION) + ","
    yield _pair("exported_at", timezone.now()) + ","
    yield _pair("person", _profile(user)) + ","
    yield '"programs":['
    yield from _joined(_program_section(row, user.id) for row in programs)
    yield '],"exercises":'
    yield _json([_exercise(row) for row in exercise_queries.own_exercises(user.id)])
    yield ',"events":['
    yield from _joined(
        _json(_event_record(n, event, user.id))
        for n, event in _events_mentioning(user.id, excluding=own_streams)
    )
    yield '],"sections":'
    yield _json({c.name: c.export(user.id) for c in contributions()})
    yield "}"


def _profile(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "email": user.email,
        "display_name": user.display_name,
        "roles": list(user.roles),
        "is_active": user.is_active,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
    }


def _exercise(row: Any) -> dict[str, Any]:
    """An exercise as a person's export shows it: every name, alias and link."""
    return {
        "id": str(row.id),
        "version": row.version,
        "status": row.status,
        "names": row.names,
        "aliases": row.aliases,
        "category": row.category,
        "media": row.media,
        "created_at": row.created_at.isoformat(),
        "updated_at": row.updated_at.isoformat(),
    }


def _program_section(row: Any, person: UUID) -> str:
    app = builder()
    history = [
        _event_record(n, app.mapper.to_domain_event(n), person)
        for n in app.recorder.select_stream_notifications(row.program_id)
    ]
    relation = "owner" if row.owner_id == person else "athlete"
    stored = program_queries.program_document(row.program_id)
    document = stored.document if stored else None
    if document is not None and row.kind == "personal" and row.athlete_id != person:
        # The text of a personal program is its athlete's (the document has the shape of the
        # creation event's fields).
        document = replace_leaves(document, personal_paths(Program.Created), lambda _: None)
    return _json(
        {"id": row.program_id, "relation": relation, "document": document, "history": history}
    )


def _events_mentioning(person: UUID, *, excluding: Iterable[UUID]) -> Iterator[tuple[Any, Any]]:
    """Every event that names the person, and every event of their account (by position), but
    for the streams `excluding` (their programs, exported whole already: never read twice)."""
    app, excluded = builder(), list(excluding)
    after = 0
    while True:
        page = app.recorder.select_notifications_naming(
            [person], streams=[account_id(person)], excluding=excluded, gt=after, limit=BATCH
        )
        for notification in page:
            yield notification, app.mapper.to_domain_event(notification)
        if len(page) < BATCH:
            return
        after = page[-1].id


def _event_record(notification: Any, event: Any, person: UUID) -> dict[str, Any]:
    """One event as exported: its personal text only when it is the person's own."""
    subject = getattr(event, "subject_id", None)
    actor = getattr(event, "actor_id", None)
    data = {k: v for k, v in vars(event).items() if k not in _META and k != "subject_id"}
    paths = personal_paths(type(event))
    withheld = bool(paths) and subject != person and not (subject is None and actor == person)
    if withheld:
        data = replace_leaves(data, paths, lambda _: None)
    return {
        "position": notification.id,
        "stream_id": notification.originator_id,
        "version": notification.originator_version,
        "type": type(event).__qualname__,
        "time": event.timestamp,
        "actor_id": actor,
        "subject_id": subject,
        "withheld": withheld,
        "data": data,
    }


def _joined(pieces: Iterable[str]) -> Iterator[str]:
    for index, piece in enumerate(pieces):
        yield ("," if index else "") + piece


def _pair(key: str, value: Any) -> str:
    return f"{json.dumps(key)}:{_json(value)}"


def _json(value: Any) -> str:
    return json.dumps(value, default=_plain, ensure_ascii=False, separators=(",", ":"))


def _plain(value: Any) -> Any:
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple | set | frozenset):
        return list(value)
    msg = f"{type(value).__name__} is not exported"
    raise TypeError(msg)
