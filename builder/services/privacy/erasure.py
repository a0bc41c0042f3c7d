"""Erasure: a person's personal data made unreadable everywhere, in one transaction.

Their key is destroyed (their text in events and snapshots becomes unreadable for good), their
identity row anonymised, every read model that rendered their text rendered again from the
events, the replies recorded for retried requests forgotten, every registered context's
erasure step run, and a receipt appended to their account stream; after the commit, a VACUUM of
the tables it rewrote takes the old rows out of the database's files. See README "Personal data".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.db import connection, transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from builder.domain import Actor, Exercise, LastAdminError, Program
from builder.models import IdempotencyRecord, Role, User
from builder.services.privacy import vacuum
from builder.services.privacy.registry import contributions
from builder.services.privacy.subjects import PersonErasedError, find_person, is_erased
from builder.wiring import accounts, builder, library
from eventstore.keyvault import hold_off_copies
from projections import audit_timeline
from projections.queries import programs as program_queries

BATCH = 1000
# What an erased person's display name becomes (not personal; says what happened).
ERASED_NAME = "[erased]"
# Erasure holds appends off while it re-renders; it may wait longer than a command would.
ERASURE_LOCK_TIMEOUT = "30s"


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
        user = find_person(user_id, lock=True)
        if is_erased(user.id):
            raise PersonErasedError()
        _ensure_not_last_admin(user)
        _hold_appends()
        hold_off_copies()  # what the worker copies (timeline rows, snapshots): before or after
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
        # The rows rewritten above stay in the tables' files until a VACUUM: one after commit.
        vacuum.record_rewritten_tables()
        transaction.on_commit(vacuum.vacuum_after_erasure, robust=True)
    return ErasureReceipt(user.id, timezone.now(), rendered, position)


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
        cursor.execute("SELECT eventstore_lock_appends()")  # the appenders' lock, as they take it


def _streams_mentioning(person: UUID) -> list[UUID]:
    """Every stream with an event that names the person, and every program about them."""
    found: dict[UUID, None] = {}
    app = builder()
    after = 0
    while True:
        page = app.recorder.select_notifications_naming([person], gt=after, limit=BATCH)
        found.update((n.originator_id, None) for n in page)
        if len(page) < BATCH:
            break
        after = page[-1].id
    found.update((row.program_id, None) for row in program_queries.programs_of_person(person))
    return list(found)


def _drop_snapshots(streams: list[UUID]) -> None:
    # Snapshots are a cache of the events, taken under one key for the whole program: rather
    # than keep text of the erased person under another key, loads replay the events.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM eventstore_snapshots WHERE originator_id = ANY(%s)", [streams])


def _render_again(streams: list[UUID]) -> int:
    """Re-render the read models of every program and exercise among `streams`."""
    programs, exercises = builder(), library()
    timeline = audit_timeline.AuditTimelineProjection(audit_timeline.AuditTimelineView())
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
        timeline.restate(events)
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
