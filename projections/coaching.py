"""The coaching read models (links and assignments), projected inline with each command.

Each row is the aggregate as it stands after its last event; a row is only ever replaced by a
later version of itself, so a replay or a late writer can never move it backwards.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from eventsourcing.persistence import Tracking

from builder.domain import Assignment, CoachingLink
from projections.models import AssignmentRow, CoachingLinkRow

NAME = "coaching"
# The tables this projection writes (a rebuild replaces them all).
TABLES = ("projections_coaching_link", "projections_assignment")


def _link_row(link: CoachingLink, position: int) -> dict[str, Any]:
    return {
        "version": link.version,
        "position": position,
        "coach_id": link.coach_id,
        "athlete_id": link.athlete_id,
        "status": link.status,
        "consents": dict(link.consents),
        "ended_by": link.ended_by,
        "invited_at": link.created_on,
        "updated_at": link.modified_on,
    }


def _assignment_row(assignment: Assignment, position: int) -> dict[str, Any]:
    return {
        "version": assignment.version,
        "position": position,
        "coach_id": assignment.coach_id,
        "athlete_id": assignment.athlete_id,
        "link_id": assignment.link_id,
        "program_id": assignment.program_id,
        "program_version": assignment.program_version,
        "start_date": assignment.start_date,
        "status": assignment.status,
        "created_at": assignment.created_on,
        "updated_at": assignment.modified_on,
    }


def _write(aggregate: Any, position: int) -> None:
    if isinstance(aggregate, CoachingLink):
        model, key, row = CoachingLinkRow, "link_id", _link_row(aggregate, position)
    elif isinstance(aggregate, Assignment):
        model, key, row = AssignmentRow, "assignment_id", _assignment_row(aggregate, position)
    else:
        return
    updated = model.objects.filter(**{key: aggregate.id}, version__lt=aggregate.version).update(
        **row
    )
    if not updated:
        model.objects.get_or_create(**{key: aggregate.id}, defaults=row)


class CoachingProjection:
    """Writes the row of each saved link or assignment, and the projection's position."""

    name = NAME

    def __init__(self, tracking_recorder: Any) -> None:
        self.tracking = tracking_recorder

    def project(self, saved: Sequence[tuple[Any, int]]) -> None:
        """Record each saved aggregate with the position of its last event (one save may end a
        link and cancel its assignments), then the save's last position once."""
        for aggregate, position in saved:
            _write(aggregate, position)
        self.tracking.insert_tracking(
            Tracking(application_name=self.name, notification_id=max(p for _, p in saved))
        )

    def rebuild(self, streams: Iterable[Iterable[tuple[int, Any]]], up_to: int) -> int:
        """Fold each stream's stored events (position, domain event) into a fresh row."""
        count = 0
        for stream in streams:
            aggregate, last_position = None, 0
            for position, event in stream:
                aggregate, last_position = event.mutate(aggregate), position
                count += 1
            if aggregate is not None:
                _write(aggregate, last_position)
        if up_to:
            self.tracking.insert_tracking(
                Tracking(application_name=self.name, notification_id=up_to)
            )
        return count
