"""Reads of coaching: links between coaches and athletes, and the programs assigned."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet

from builder.models import Invitation
from projections import calendar
from projections.models import AssignmentRow, CoachingLinkRow
from projections.queries.programs import published_version


def coaching_link(link_id: UUID) -> CoachingLinkRow | None:
    return CoachingLinkRow.objects.filter(link_id=link_id).first()


def active_link(coach_id: UUID, athlete_id: UUID) -> CoachingLinkRow | None:
    """The active link between this coach and this athlete, if there is one."""
    return CoachingLinkRow.objects.filter(
        coach_id=coach_id, athlete_id=athlete_id, status="active"
    ).first()


def links_of(user_id: UUID, invited_email: str) -> QuerySet[CoachingLinkRow]:
    """The user's links as coach or athlete, and open invitations sent to their address."""
    invited = Invitation.objects.filter(email=invited_email).values("link_id")
    return CoachingLinkRow.objects.filter(
        Q(coach_id=user_id) | Q(athlete_id=user_id) | Q(link_id__in=invited, status="invited")
    ).order_by("-updated_at", "link_id")


def all_links() -> QuerySet[CoachingLinkRow]:
    return CoachingLinkRow.objects.order_by("-updated_at", "link_id")


def invited_email(link_id: UUID) -> str | None:
    """The address an open invitation was sent to (shown to its coach only)."""
    return Invitation.objects.filter(link_id=link_id).values_list("email", flat=True).first()


def is_invited(link_id: UUID, email: str) -> bool:
    return Invitation.objects.filter(link_id=link_id, email=email).exists()


def assignment(assignment_id: UUID) -> AssignmentRow | None:
    return AssignmentRow.objects.filter(assignment_id=assignment_id).first()


def active_assignment_ids(link_id: UUID) -> list[UUID]:
    return list(
        AssignmentRow.objects.filter(link_id=link_id, status="active").values_list(
            "assignment_id", flat=True
        )
    )


def assignments_seen_by(user_id: UUID, purpose: str) -> QuerySet[AssignmentRow]:
    """The user's own assignments as athlete, and those they made as a coach whose link is
    active and allows `purpose`."""
    allowed = CoachingLinkRow.objects.filter(
        coach_id=user_id, status="active", consents__has_key=purpose
    ).values("link_id")
    return AssignmentRow.objects.filter(
        Q(athlete_id=user_id) | Q(coach_id=user_id, link_id__in=allowed)
    ).order_by("-start_date", "assignment_id")


def all_assignments() -> QuerySet[AssignmentRow]:
    return AssignmentRow.objects.order_by("-start_date", "assignment_id")


def assignment_calendar(row: AssignmentRow, first: date, last: date) -> list[dict[str, Any]]:
    """The assignment's days from `first` to `last`, rest days included."""
    version = published_version(row.program_id, row.program_version)
    if version is None:
        return []
    return calendar.between(calendar.program_days(version.document, row.start_date), first, last)


def coached_athletes(coach_id: UUID) -> QuerySet[CoachingLinkRow]:
    """The coach's active links, the athlete's active assignments prefetched by the caller."""
    return CoachingLinkRow.objects.filter(coach_id=coach_id, status="active").order_by(
        "invited_at", "link_id"
    )


def active_assignments_by_link(link_ids: Iterable[UUID]) -> dict[UUID, list[AssignmentRow]]:
    by_link: dict[UUID, list[AssignmentRow]] = {}
    rows = AssignmentRow.objects.filter(link_id__in=set(link_ids), status="active").order_by(
        "start_date", "assignment_id"
    )
    for row in rows:
        by_link.setdefault(row.link_id, []).append(row)
    return by_link


def open_link_ids_of(user_id: UUID) -> list[UUID]:
    """The links, invited or active, in which the user is the coach or the athlete."""
    return list(
        CoachingLinkRow.objects.filter(Q(coach_id=user_id) | Q(athlete_id=user_id))
        .exclude(status="ended")
        .values_list("link_id", flat=True)
    )


def assignments_of_athlete(user_id: UUID) -> QuerySet[AssignmentRow]:
    return AssignmentRow.objects.filter(athlete_id=user_id).order_by("start_date", "assignment_id")
