"""Coaching use cases that need identity rows or read models beside the Coaching events.

An invitation names an address, which is identity data: it is kept in the invitations table
while the invitation is open and never enters a stream. Whether a program version exists and
belongs to the coach is read from the inline read models of the same transaction.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import transaction

from builder.applications.base import Saved
from builder.applications.coaching import UnknownAssignmentError, UnknownLinkError
from builder.domain import PROGRAMMING, Actor, InvalidValue
from builder.domain.coaching import (
    AlreadyLinkedError,
    NotAnAthleteError,
    PersonalProgramElsewhereError,
)
from builder.models import Invitation, Role, User
from builder.wiring import coaching
from projections.queries import coaching as coaching_queries
from projections.queries import programs as program_queries


def require_consent(coach_id: UUID, athlete_id: UUID | None) -> None:
    """Refuse a personal program for anyone but an athlete who allows this coach programming."""
    link = coaching_queries.active_link(coach_id, athlete_id) if athlete_id else None
    if link is None or PROGRAMMING not in link.consents:
        raise InvalidValue("athlete_id", "no-programming-consent")


def grant_consent(
    link_id: UUID, *, actor: Actor, expected_version: int, purpose: str, terms_version: str
) -> Saved:
    """The athlete allows `purpose` under one of the published versions of the terms."""
    if terms_version not in settings.COACHING_TERMS_VERSIONS:
        raise InvalidValue("terms_version", "unpublished-terms")
    return coaching().grant_consent(
        link_id,
        actor=actor,
        expected_version=expected_version,
        purpose=purpose,
        terms_version=terms_version,
    )


def withdraw_consent(link_id: UUID, *, actor: Actor, expected_version: int, purpose: str) -> Saved:
    return coaching().withdraw_consent(
        link_id, actor=actor, expected_version=expected_version, purpose=purpose
    )


def invite(*, actor: Actor, link_id: UUID, email: str) -> Saved:
    """Invite the owner of `email`, whether or not it has an account (the answer is the same)."""
    with transaction.atomic():
        saved = coaching().invite(actor=actor, link_id=link_id)
        Invitation.objects.create(
            link_id=link_id,
            coach_id=actor.user_id,
            email=User.objects.normalize_email(email).lower(),
        )
        return saved


def accept(link_id: UUID, *, actor: Actor, user: User, expected_version: int) -> Saved:
    """The invited person takes up the invitation, as an athlete."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update().filter(link_id=link_id, email=user.email).first()
        )
        if invitation is None:
            raise UnknownLinkError(link_id)
        if not user.has_role(Role.ATHLETE):
            raise NotAnAthleteError()
        if coaching_queries.active_link(invitation.coach_id, user.id) is not None:
            raise AlreadyLinkedError()
        saved = coaching().accept(link_id, actor=actor, expected_version=expected_version)
        invitation.delete()
        return saved


def end_link(link_id: UUID, *, actor: Actor, expected_version: int) -> Saved:
    """Either side ends the link; its active assignments are cancelled with it."""
    with transaction.atomic():
        active = coaching_queries.active_assignment_ids(link_id)
        Invitation.objects.filter(link_id=link_id).delete()
        return coaching().end_link(
            link_id, actor=actor, expected_version=expected_version, assignments=active
        )


def decline(link_id: UUID, *, actor: Actor, user: User, expected_version: int) -> Saved:
    """The invited person turns the invitation down (the link ends before it began)."""
    with transaction.atomic():
        deleted, _ = Invitation.objects.filter(link_id=link_id, email=user.email).delete()
        if not deleted:
            raise UnknownLinkError(link_id)
        return coaching().decline(link_id, actor=actor, expected_version=expected_version)


def assign(
    *,
    actor: Actor,
    assignment_id: UUID,
    link_id: UUID,
    program_id: UUID,
    version: int,
    start_date: Any,
) -> Saved:
    """Assign the coach's published `version` of a program to the athlete of their link."""
    with transaction.atomic():
        link = _coachs_link(link_id, actor)
        _require_published(actor, program_id, version, athlete_id=link.athlete_id)
        return coaching().assign(
            actor=actor,
            assignment_id=assignment_id,
            link_id=link_id,
            program_id=program_id,
            version=version,
            start_date=start_date,
        )


def upgrade(assignment_id: UUID, *, actor: Actor, expected_version: int, version: int) -> Saved:
    """Move the athlete on to a later published version of the same program."""
    with transaction.atomic():
        row = _coachs_assignment(assignment_id, actor)
        _require_published(actor, row.program_id, version, athlete_id=row.athlete_id)
        return coaching().upgrade(
            assignment_id, actor=actor, expected_version=expected_version, version=version
        )


def cancel(assignment_id: UUID, *, actor: Actor, expected_version: int) -> Saved:
    """The coach or the athlete stops the assignment."""
    with transaction.atomic():
        row = coaching_queries.assignment(assignment_id)
        if row is None or actor.user_id not in (row.coach_id, row.athlete_id):
            raise UnknownAssignmentError(assignment_id)
        return coaching().cancel(assignment_id, actor=actor, expected_version=expected_version)


def _coachs_link(link_id: UUID, actor: Actor) -> Any:
    link = coaching_queries.coaching_link(link_id)
    if link is None or link.coach_id != actor.user_id:
        raise InvalidValue("link_id", "not-your-link")
    return link


def _coachs_assignment(assignment_id: UUID, actor: Actor) -> Any:
    row = coaching_queries.assignment(assignment_id)
    if row is None or row.coach_id != actor.user_id:
        raise UnknownAssignmentError(assignment_id)
    return row


def _require_published(actor: Actor, program_id: UUID, version: int, *, athlete_id: Any) -> None:
    summary = program_queries.program_summary(program_id)
    if summary is None or summary.owner_id != actor.user_id:
        raise InvalidValue("program_id", "not-your-program")
    if program_queries.published_version(program_id, version) is None:
        raise InvalidValue("version", "unpublished-version")
    if summary.kind == "personal" and summary.athlete_id != athlete_id:
        raise PersonalProgramElsewhereError()
