"""A person's data: export it (everything about them, nobody else's), or erase it.

Other contexts join both through the registry: ``register(name, export=..., erase=...)``.
``export(user_id)`` returns that context's JSON-safe section of the person's export;
``erase(user_id, actor)`` removes or blanks the person's data in that context, inside the
erasure's transaction (it may raise a BuilderError to refuse the whole erasure).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.db import connection, transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from builder.bootstrap import accounts, builder, library
from builder.domain import (
    Actor,
    Exercise,
    LastAdminError,
    NotFoundError,
    Program,
    RuleViolation,
    account_id,
)
from builder.models import IdempotencyRecord, Role, User
from eventstore.personal import personal_paths, replace_leaves
from projections import audit_timeline, queries

EXPORT_FORMAT = "program-builder/personal-data-export"
EXPORT_VERSION = 1
BATCH = 1000
_META = {"originator_id", "originator_version", "timestamp", "actor_id", "correlation_id"}
# What an erased person's display name becomes (not personal; says what happened).
ERASED_NAME = "[erased]"
# Erasure holds appends off while it re-renders; it may wait longer than a command would.
ERASURE_LOCK_TIMEOUT = "30s"


class PersonNotFoundError(NotFoundError):
    """No person has this id."""

    def __init__(self, user_id: UUID) -> None:
        super().__init__(f"no user with id {user_id}")


class PersonErasedError(RuleViolation):
    """The person's data was already erased."""

    def __init__(self) -> None:
        super().__init__("this person's data was erased")


# -- the registry -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Contribution:
    """What one context adds to a person's export, and how it erases their data."""

    name: str
    export: Callable[[UUID], Any]
    erase: Callable[[UUID, Actor], None]


_contributions: dict[str, Contribution] = {}


def register(
    name: str, *, export: Callable[[UUID], Any], erase: Callable[[UUID, Actor], None]
) -> None:
    """Add a context's export section `name` and its erasure step (registering again replaces)."""
    _contributions[name] = Contribution(name, export, erase)


def contributions() -> list[Contribution]:
    return list(_contributions.values())


# -- export -------------------------------------------------------------------------------------


def export_person(user_id: UUID) -> Iterator[str]:
    """The person's export as JSON text, in pieces (for streaming); see docs/export.schema.json."""
    user = _person(user_id)
    if builder().mapper.vault.is_erased(user.id):
        raise PersonErasedError()
    return _export_document(user)


def record_admin_export(user_id: UUID, *, actor: Actor) -> None:
    """Record that an admin exported the person's data (before the export is produced)."""
    user = _person(user_id)
    accounts().record_export(user.id, actor=actor, current_roles=list(user.roles))


def _export_document(user: User) -> Iterator[str]:
    programs = list(queries.programs_of_person(user.id))
    own_streams = {row.program_id for row in programs}
    yield "{"
    yield _pair("format", EXPORT_FORMAT) + ","
    yield _pair("version", EXPORT_VERSION) + ","
    yield _pair("exported_at", timezone.now()) + ","
    yield _pair("person", _profile(user)) + ","
    yield '"programs":['
    yield from _joined(_program_section(row, user.id) for row in programs)
    yield '],"exercises":'
    yield _json([queries.exported_exercise(row) for row in queries.own_exercises(user.id)])
    yield ',"events":['
    yield from _joined(
        _json(_event_record(n, event, user.id))
        for n, event in _events_mentioning(user.id)
        if n.originator_id not in own_streams
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


def _program_section(row: Any, person: UUID) -> str:
    app = builder()
    history = [
        _event_record(n, app.mapper.to_domain_event(n), person)
        for n in app.recorder.select_stream_notifications(row.program_id)
    ]
    relation = "owner" if row.owner_id == person else "athlete"
    stored = queries.program_document(row.program_id)
    document = stored.document if stored else None
    if document is not None and row.kind == "personal" and row.athlete_id != person:
        # The text of a personal program is its athlete's (the document has the shape of the
        # creation event's fields).
        document = replace_leaves(document, personal_paths(Program.Created), lambda _: None)
    return _json(
        {"id": row.program_id, "relation": relation, "document": document, "history": history}
    )


def _events_mentioning(person: UUID) -> Iterator[tuple[Any, Any]]:
    """Every event that names the person, and every event of their account (by position)."""
    app = builder()
    after = 0
    while True:
        page = app.recorder.select_notifications_mentioning(
            [person], streams=[account_id(person)], gt=after, limit=BATCH
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


# -- erasure ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ErasureReceipt:
    """What an erasure did: whom, when, how many event streams it re-rendered, its receipt."""

    user_id: UUID
    erased_at: datetime
    streams: int
    position: int | None


def erase_person(user_id: UUID, *, actor: Actor) -> ErasureReceipt:
    """Erase the person's personal data everywhere, in one transaction (README "Personal data")."""
    app = builder()
    with transaction.atomic():
        user = _person(user_id, lock=True)
        if app.mapper.vault.is_erased(user.id):
            raise PersonErasedError()
        _ensure_not_last_admin(user)
        _hold_appends()
        streams = _streams_mentioning(user.id)
        app.mapper.vault.destroy(user.id)
        _drop_snapshots(streams)
        rendered = _render_again(streams)
        _forget_replies(user.id, streams)
        for contribution in contributions():
            contribution.erase(user.id, actor)
        roles = list(user.roles)
        _anonymise(user)
        accounts().record_erasure(user.id, actor=actor, current_roles=roles, streams=rendered)
        # Appends are held off until commit: the last position is the receipt's.
        position = accounts().recorder.max_notification_id()
        transaction.on_commit(app.programs.clear)
    return ErasureReceipt(user.id, timezone.now(), rendered, position)


def _person(user_id: UUID, *, lock: bool = False) -> User:
    users = User.objects.select_for_update() if lock else User.objects
    user = users.filter(id=user_id).first()
    if user is None:
        raise PersonNotFoundError(user_id)
    return user


def _ensure_not_last_admin(user: User) -> None:
    if Role.ADMIN not in user.roles:
        return
    admins = User.objects.select_for_update().filter(roles__contains=[Role.ADMIN], is_active=True)
    if not admins.exclude(id=user.id).exists():
        raise LastAdminError()


def _hold_appends() -> None:
    # The erasure re-renders read models from the events: no append may slip in between.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL lock_timeout = %s", [ERASURE_LOCK_TIMEOUT])
        cursor.execute("LOCK TABLE eventstore_events IN EXCLUSIVE MODE")


def _streams_mentioning(person: UUID) -> list[UUID]:
    """Every stream with an event that names the person, and every program about them."""
    found: dict[UUID, None] = {}
    app = builder()
    after = 0
    while True:
        page = app.recorder.select_notifications_mentioning([person], gt=after, limit=BATCH)
        found.update((n.originator_id, None) for n in page)
        if len(page) < BATCH:
            break
        after = page[-1].id
    found.update((row.program_id, None) for row in queries.programs_of_person(person))
    return list(found)


def _drop_snapshots(streams: list[UUID]) -> None:
    # Snapshots are a cache of the events, taken under one key for the whole program: rather
    # than keep text of the erased person under another key, loads replay the events.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM eventstore_snapshots WHERE originator_id = ANY(%s)", [streams])


def _render_again(streams: list[UUID]) -> int:
    """Re-render the read models of every program and exercise among `streams`."""
    programs, exercises = builder(), library()
    rendered = 0
    for stream_id in streams:
        events = [
            (n.id, programs.mapper.to_domain_event(n))
            for n in programs.recorder.select_stream_notifications(stream_id)
        ]
        if not events:
            continue
        first = events[0][1]
        if isinstance(first, Program.Created):
            programs.program_documents.replace(stream_id, events)
        elif isinstance(first, Exercise.Created):
            exercises.catalogue.replace(stream_id, events)
        else:
            continue
        audit_timeline.replace_stream(stream_id, events)
        rendered += 1
    return rendered


def _forget_replies(person: UUID, streams: list[UUID]) -> None:
    """Delete the recorded replies that hold their text: theirs, and any about their streams."""
    IdempotencyRecord.objects.filter(user_id=person).delete()
    if streams:
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM builder_idempotencyrecord WHERE body::text LIKE ANY(%s)",
                [[f"%{stream_id}%" for stream_id in streams]],
            )


def _anonymise(user: User) -> None:
    user.email = f"erased-{user.id.hex}@erased.invalid"
    user.display_name = ERASED_NAME
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.roles = []
    user.last_login = None
    user.save()
    Token.objects.filter(user=user).delete()
