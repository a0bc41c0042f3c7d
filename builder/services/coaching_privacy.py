"""Coaching's part of a person's export and erasure (registered with builder.services.privacy).

The export lists the person's links, consents, assignments and the open invitations sent to
their address; other people appear by id only. Erasure closes every link the person is part of
(cancelling its active assignments) and deletes the invitations that name them, so no coach
keeps a link to, or an address of, someone who was erased.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from builder.domain import Actor
from builder.models import Invitation, User
from builder.services.privacy import register
from builder.wiring import coaching
from projections.queries import coaching as coaching_queries


def export_section(user_id: UUID) -> dict[str, Any]:
    email = User.objects.filter(id=user_id).values_list("email", flat=True).first() or ""
    links = coaching_queries.links_of(user_id, email)
    return {
        "links": [_link(row, user_id) for row in links],
        "assignments": [
            _assignment(row) for row in coaching_queries.assignments_of_athlete(user_id)
        ],
        "invitations": [
            {"link_id": str(i.link_id), "email": i.email, "created_at": i.created_at.isoformat()}
            for i in Invitation.objects.filter(email=email)
        ],
    }


def erase(user_id: UUID, actor: Actor) -> None:
    email = User.objects.filter(id=user_id).values_list("email", flat=True).first() or ""
    invited = Invitation.objects.filter(email=email).values_list("link_id", flat=True)
    for link_id in [*coaching_queries.open_link_ids_of(user_id), *invited]:
        coaching().close_on_erasure(
            link_id, actor=actor, assignments=coaching_queries.active_assignment_ids(link_id)
        )
    Invitation.objects.filter(email=email).delete()
    Invitation.objects.filter(coach_id=user_id).delete()


def _link(row: Any, person: UUID) -> dict[str, Any]:
    return {
        "id": str(row.link_id),
        "role": _role(row, person),
        "coach_id": str(row.coach_id),
        "athlete_id": str(row.athlete_id) if row.athlete_id else None,
        "status": row.status,
        "consents": row.consents,
        "ended_by": row.ended_by,
        "invited_at": row.invited_at.isoformat(),
        "updated_at": row.updated_at.isoformat(),
    }


def _role(row: Any, person: UUID) -> str:
    if row.coach_id == person:
        return "coach"
    return "athlete" if row.athlete_id == person else "invitee"


def _assignment(row: Any) -> dict[str, Any]:
    return {
        "id": str(row.assignment_id),
        "coach_id": str(row.coach_id),
        "program_id": str(row.program_id),
        "program_version": row.program_version,
        "start_date": row.start_date.isoformat(),
        "status": row.status,
    }


def register_coaching() -> None:
    register("coaching", export=export_section, erase=erase)
