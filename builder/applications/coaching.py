"""Coaching: the link and assignment use cases (one method per command), as events.

Who the invited address belongs to, and whether a program version exists and is the coach's,
are decided by the caller, which holds the identity rows and the read models
(builder/services/coaching.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import RecordConflictError, Recording

from builder.domain import (
    Actor,
    Assignment,
    BuilderError,
    CoachingLink,
    IdTakenError,
    NotFoundError,
    acting,
)


class UnknownLinkError(NotFoundError):
    """No coaching link has this id (or the caller may not see it)."""

    def __init__(self, link_id: UUID) -> None:
        super().__init__(f"no coaching link with id {link_id}")


class UnknownAssignmentError(NotFoundError):
    """No assignment has this id (or the caller may not see it)."""

    def __init__(self, assignment_id: UUID) -> None:
        super().__init__(f"no assignment with id {assignment_id}")


class StaleCoachingError(BuilderError):
    """The caller edited a version of a link or assignment that is no longer current."""

    def __init__(self, current_version: int) -> None:
        super().__init__(f"It is at version {current_version}; reload it and retry.")
        self.current_version = current_version


class Coaching(Application[UUID]):
    """Links between coaches and athletes, consents, and assignments: load, decide, save."""

    name = "coaching"

    # Links

    def invite(self, *, actor: Actor, link_id: UUID) -> list[Recording]:
        with acting(actor):
            link = CoachingLink.invite(link_id=link_id, coach_id=actor.user_id)
        return self._create(link)

    def accept(self, link_id: UUID, *, actor: Actor, expected_version: int) -> list[Recording]:
        link = self._current(self.link(link_id), expected_version)
        return self._change(link, actor, lambda link: link.accept(athlete_id=actor.user_id))

    def decline(self, link_id: UUID, *, actor: Actor, expected_version: int) -> list[Recording]:
        link = self._current(self.link(link_id), expected_version)
        return self._change(link, actor, CoachingLink.decline)

    def grant_consent(
        self,
        link_id: UUID,
        *,
        actor: Actor,
        expected_version: int,
        purpose: str,
        terms_version: str,
    ) -> list[Recording]:
        return self._change(
            self._current(self.link(link_id), expected_version),
            actor,
            lambda link: link.grant_consent(
                by=actor.user_id, purpose_name=purpose, terms=terms_version
            ),
        )

    def withdraw_consent(
        self, link_id: UUID, *, actor: Actor, expected_version: int, purpose: str
    ) -> list[Recording]:
        return self._change(
            self._current(self.link(link_id), expected_version),
            actor,
            lambda link: link.withdraw_consent(by=actor.user_id, purpose_name=purpose),
        )

    def end_link(
        self,
        link_id: UUID,
        *,
        actor: Actor,
        expected_version: int,
        assignments: Iterable[UUID] = (),
    ) -> list[Recording]:
        """End the link and cancel its active `assignments`, in one save."""
        link = self._current(self.link(link_id), expected_version)
        with acting(actor):
            link.end(by=actor.user_id)
            cancelled = [self.assignment(a) for a in assignments]
            for assignment in cancelled:
                assignment.cancel()
        return self.save(link, *cancelled)

    def close_on_erasure(
        self, link_id: UUID, *, actor: Actor, assignments: Iterable[UUID] = ()
    ) -> list[Recording]:
        """Close a link one of whose people is erased, and cancel its active `assignments`."""
        link = self.link(link_id)
        with acting(actor):
            link.close_on_erasure()
            cancelled = [self.assignment(a) for a in assignments]
            for assignment in cancelled:
                assignment.cancel()
        return self.save(link, *cancelled)

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
    ) -> list[Recording]:
        link = self.link(link_id)
        with acting(actor):
            assignment = Assignment.assign(
                assignment_id=assignment_id,
                link=link,
                program_id=program_id,
                version=version,
                starts=start_date,
            )
        return self._create(assignment)

    def upgrade(
        self, assignment_id: UUID, *, actor: Actor, expected_version: int, version: int
    ) -> list[Recording]:
        assignment = self._current(self.assignment(assignment_id), expected_version)
        link = self.link(assignment.link_id)
        with acting(actor):
            link.require_consent_to_programming()
            assignment.upgrade(version)
        return self.save(assignment)

    def cancel(
        self, assignment_id: UUID, *, actor: Actor, expected_version: int
    ) -> list[Recording]:
        assignment = self._current(self.assignment(assignment_id), expected_version)
        return self._change(assignment, actor, Assignment.cancel)

    # Reading aggregates

    def link(self, link_id: UUID) -> CoachingLink:
        aggregate = self._aggregate(link_id)
        if not isinstance(aggregate, CoachingLink):
            raise UnknownLinkError(link_id)
        return aggregate

    def assignment(self, assignment_id: UUID) -> Assignment:
        aggregate = self._aggregate(assignment_id)
        if not isinstance(aggregate, Assignment):
            raise UnknownAssignmentError(assignment_id)
        return aggregate

    def _aggregate(self, aggregate_id: UUID) -> Any:
        try:
            return self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None

    @staticmethod
    def _current(aggregate: Any, expected_version: int) -> Any:
        if aggregate.version != expected_version:
            raise StaleCoachingError(aggregate.version)
        return aggregate

    def _change(self, aggregate: Any, actor: Actor, decide: Any) -> list[Recording]:
        with acting(actor):
            decide(aggregate)
        return self.save(aggregate)

    def _create(self, aggregate: Any) -> list[Recording]:
        try:
            return self.save(aggregate)
        except RecordConflictError:
            raise IdTakenError(aggregate.id) from None
