"""Coaching: the link and assignment use cases (one method per command), as events.

Who the invited address belongs to, and whether a program version exists and is the coach's,
are decided by the caller, which holds the identity rows and the read models
(builder/services/coaching.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from builder.applications.base import CommandApplication, Kind, Saved
from builder.domain import Actor, Assignment, CoachingLink, NotFoundError, acting


class UnknownLinkError(NotFoundError):
    """No coaching link has this id (or the caller may not see it)."""

    code = "unknown-link"
    english = "no coaching link with id %(id)s"

    def __init__(self, link_id: UUID) -> None:
        super().__init__(id=link_id)


class UnknownAssignmentError(NotFoundError):
    """No assignment has this id (or the caller may not see it)."""

    code = "unknown-assignment"
    english = "no assignment with id %(id)s"

    def __init__(self, assignment_id: UUID) -> None:
        super().__init__(id=assignment_id)


LINK = Kind(CoachingLink, "link", UnknownLinkError)
ASSIGNMENT = Kind(Assignment, "assignment", UnknownAssignmentError)


class Coaching(CommandApplication):
    """Links between coaches and athletes, consents, and assignments: load, decide, save."""

    name = "coaching"
    kinds = (LINK, ASSIGNMENT)

    # Links

    def invite(self, *, actor: Actor, link_id: UUID) -> Saved:
        with acting(actor):
            link = CoachingLink.invite(link_id=link_id, coach_id=actor.user_id)
        return self._save(link)

    def accept(self, link_id: UUID, *, actor: Actor, expected_version: int) -> Saved:
        return self._edit(
            link_id, actor, expected_version, lambda link: link.accept(athlete_id=actor.user_id)
        )

    def decline(self, link_id: UUID, *, actor: Actor, expected_version: int) -> Saved:
        return self._edit(link_id, actor, expected_version, CoachingLink.decline)

    def grant_consent(
        self,
        link_id: UUID,
        *,
        actor: Actor,
        expected_version: int,
        purpose: str,
        terms_version: str,
    ) -> Saved:
        return self._edit(
            link_id,
            actor,
            expected_version,
            lambda link: link.grant_consent(
                by=actor.user_id, purpose_name=purpose, terms=terms_version
            ),
        )

    def withdraw_consent(
        self, link_id: UUID, *, actor: Actor, expected_version: int, purpose: str
    ) -> Saved:
        return self._edit(
            link_id,
            actor,
            expected_version,
            lambda link: link.withdraw_consent(by=actor.user_id, purpose_name=purpose),
        )

    def end_link(
        self,
        link_id: UUID,
        *,
        actor: Actor,
        expected_version: int,
        assignments: Iterable[UUID] = (),
    ) -> Saved:
        """End the link and cancel its active `assignments`, in one save."""
        link = self._current(self._load(link_id, LINK), expected_version)
        with acting(actor):
            link.end(by=actor.user_id)
            cancelled = self._cancelled(assignments)
        return self._save(link, *cancelled)

    def close_on_erasure(
        self, link_id: UUID, *, actor: Actor, assignments: Iterable[UUID] = ()
    ) -> Saved:
        """Close a link one of whose people is erased, and cancel its active `assignments`."""
        link = self._load(link_id, LINK)
        with acting(actor):
            link.close_on_erasure()
            cancelled = self._cancelled(assignments)
        return self._save(link, *cancelled)

    # Assignments

    def assign(
        self,
        *,
        actor: Actor,
        assignment_id: UUID,
        link_id: UUID,
        program_id: UUID,
        version: int,
        start_date: Any,
    ) -> Saved:
        link = self._load(link_id, LINK)
        with acting(actor):
            assignment = Assignment.assign(
                assignment_id=assignment_id,
                link=link,
                program_id=program_id,
                version=version,
                starts=start_date,
            )
        return self._save(assignment)

    def upgrade(
        self, assignment_id: UUID, *, actor: Actor, expected_version: int, version: int
    ) -> Saved:
        assignment = self._current(self._load(assignment_id, ASSIGNMENT), expected_version)
        link = self._load(assignment.link_id, LINK)
        with acting(actor):
            link.require_consent_to_programming()
            assignment.upgrade(version)
        return self._save(assignment)

    def cancel(self, assignment_id: UUID, *, actor: Actor, expected_version: int) -> Saved:
        return self._edit(
            assignment_id, actor, expected_version, Assignment.cancel, kind=ASSIGNMENT
        )

    def _cancelled(self, assignment_ids: Iterable[UUID]) -> list[Assignment]:
        """The assignments, each cancelled (as the acting actor)."""
        cancelled = [self._load(a, ASSIGNMENT) for a in assignment_ids]
        for assignment in cancelled:
            assignment.cancel()
        return cancelled
