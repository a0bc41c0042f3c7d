"""Coaching: the link between a coach and an athlete, its consents, and assignments of programs.

Events carry ids only; who the invited address belongs to is identity data and stays in the
invitations table, never in a stream.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from builder.domain import fields, personal
from builder.domain.audit import AuditedAggregate
from builder.domain.errors import InvalidValue, NotAllowedError, RuleViolation

# What an athlete may allow a coach, each granted separately under a version of the terms.
PURPOSES = ("programming", "schedule")
LINK_STATUSES = ("invited", "active", "ended")
ASSIGNMENT_STATUSES = ("active", "cancelled")
PROGRAMMING = "programming"  # assign programs, write programs personal to the athlete
SCHEDULE = "schedule"  # see the athlete's training calendar
_TERMS_VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-]{0,19}$")
FIRST_START = date(2000, 1, 1)
LAST_START = date(2100, 12, 31)
# The last date a calendar reaches: the longest program started last (a week takes at most as
# many dates as it may have days).
LAST_CALENDAR_DATE = LAST_START + timedelta(days=fields.MAX_WEEKS * fields.MAX_DAYS_PER_WEEK)


class CoachingRuleViolation(RuleViolation):
    """A rule of links, consents or assignments refuses the command."""


class LinkStateError(CoachingRuleViolation):
    """The link is not in a state that allows this step; the message says which."""

    code = "link-state"
    english = "a link that is %(status)s cannot be %(step)s"
    # The states, and the steps refused ("ended" is both).
    words = (*LINK_STATUSES, "accepted", "declined", "given consent", "used to assign programs")

    def __init__(self, status: str, step: str) -> None:
        super().__init__(status=status, step=step)


class AssignmentStateError(CoachingRuleViolation):
    """The assignment was cancelled; it cannot change any more."""

    code = "assignment-state"
    english = "the assignment is cancelled"


class NotNewerVersionError(CoachingRuleViolation):
    """An upgrade must move to a later published version."""

    code = "not-newer-version"
    english = "upgrade to a published version after %(current)s"

    def __init__(self, current: int) -> None:
        super().__init__(current=current)


class ConsentRequiredError(NotAllowedError):
    """The link's athlete has not allowed the coach programming."""

    code = "consent-required"
    english = "the athlete has not consented to programming"


class OwnInvitationError(NotAllowedError):
    """A coach cannot take up the invitation they sent."""

    code = "own-invitation"
    english = "a coach cannot accept their own invitation"


class NotAPartyError(NotAllowedError):
    """Only the link's coach or athlete ends it."""

    code = "not-a-party"
    english = "only the coach or the athlete of a link ends it"


class AthleteOnlyError(NotAllowedError):
    """Consent is the athlete's to give or withdraw."""

    code = "athlete-only"
    english = "only the athlete gives or withdraws consent"


def purpose(value: Any) -> str:
    return fields.choice(value, "purpose", PURPOSES)


def terms_version(value: Any) -> str:
    if not isinstance(value, str) or not _TERMS_VERSION.match(value):
        raise InvalidValue("terms_version", "not-terms-version")
    return value


def start_date(value: Any) -> date:
    """A date from `date` or ISO text ("2026-12-01"), within the years the calendar serves."""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            raise InvalidValue("start_date", "not-a-date") from None
    if not isinstance(value, date):
        raise InvalidValue("start_date", "not-a-date")
    if not FIRST_START <= value <= LAST_START:
        raise InvalidValue("start_date", "out-of-range", low=FIRST_START, high=LAST_START)
    return value


class AlreadyLinkedError(CoachingRuleViolation):
    """The athlete already has an active link with this coach."""

    code = "already-linked"
    english = "you already have an active link with this coach"


class PersonalProgramElsewhereError(CoachingRuleViolation):
    """A program personal to one athlete is assigned to nobody else."""

    code = "personal-program-elsewhere"
    english = "a personal program is assigned only to its own athlete"


class NotAnAthleteError(NotAllowedError):
    """Only athletes take up a coach's invitation."""

    code = "not-an-athlete"
    english = "only athletes accept a coach's invitation"


class CoachingLink(AuditedAggregate):
    """A coach's invitation to an athlete, the athlete's answer, their consents, and the end.

    invited → active (accepted) → ended; an invitation may also end before it is accepted.
    """

    def __init__(self, *, coach_id: UUID) -> None:
        self.coach_id = coach_id
        self.athlete_id: UUID | None = None
        self.status = "invited"
        self.consents: dict[str, str] = {}  # purpose → terms version
        self.ended_by = ""

    @classmethod
    def invite(cls, *, link_id: UUID, coach_id: UUID) -> CoachingLink:
        return cls._create(
            cls.Invited,
            id=fields.uuid(link_id, "link_id"),
            coach_id=fields.uuid(coach_id, "coach_id"),
        )

    class Invited(AuditedAggregate.Created):
        coach_id: UUID

    def party(self, user_id: UUID) -> str | None:
        """ "coach", "athlete" or None: the part `user_id` plays in this link."""
        if user_id == self.coach_id:
            return "coach"
        if self.athlete_id is not None and user_id == self.athlete_id:
            return "athlete"
        return None

    def allows(self, purpose_name: str) -> bool:
        return self.status == "active" and purpose_name in self.consents

    def require_consent_to_programming(self) -> None:
        """Refuse unless the link is active and its athlete allows programming."""
        if self.status != "active":
            raise LinkStateError(self.status, "used to assign programs")
        if not self.allows(PROGRAMMING):
            raise ConsentRequiredError()

    def accept(self, *, athlete_id: UUID) -> None:
        if self.status != "invited":
            raise LinkStateError(self.status, "accepted")
        if athlete_id == self.coach_id:
            raise OwnInvitationError()
        self._accepted(athlete_id=athlete_id)

    @event("Accepted")
    def _accepted(self, athlete_id: UUID) -> None:
        self.athlete_id = athlete_id
        self.status = "active"

    def grant_consent(self, *, by: UUID, purpose_name: str, terms: str) -> bool:
        """The athlete allows `purpose_name` under `terms`; False when already so granted."""
        self._athlete_only(by)
        purpose_name, terms = purpose(purpose_name), terms_version(terms)
        if self.status != "active":
            raise LinkStateError(self.status, "given consent")
        if self.consents.get(purpose_name) == terms:
            return False
        self._consent_granted(purpose=purpose_name, terms_version=terms)
        return True

    @event("ConsentGranted")
    def _consent_granted(self, purpose: str, terms_version: str) -> None:
        self.consents[purpose] = terms_version

    def withdraw_consent(self, *, by: UUID, purpose_name: str) -> bool:
        """The athlete takes back `purpose_name`; False when it was not granted."""
        self._athlete_only(by)
        purpose_name = purpose(purpose_name)
        if purpose_name not in self.consents:
            return False
        self._consent_withdrawn(purpose=purpose_name)
        return True

    @event("ConsentWithdrawn")
    def _consent_withdrawn(self, purpose: str) -> None:
        self.consents.pop(purpose, None)

    def decline(self) -> None:
        """The invited person turns the invitation down (the caller checked the address)."""
        if self.status != "invited":
            raise LinkStateError(self.status, "declined")
        self._ended(ended_by="invitee")

    def end(self, *, by: UUID) -> None:
        """Either side ends the link (an invitation, too: withdrawn or declined)."""
        if self.status == "ended":
            raise LinkStateError(self.status, "ended")
        side = self.party(by)
        if side is None:
            raise NotAPartyError()
        self._ended(ended_by=side)

    @event("Ended")
    def _ended(self, ended_by: str) -> None:
        self.status = "ended"
        self.ended_by = ended_by
        self.consents = {}

    def close_on_erasure(self) -> bool:
        """End the link because one of its people was erased; False when it had ended."""
        if self.status == "ended":
            return False
        self._ended(ended_by="erasure")
        return True

    def _athlete_only(self, by: UUID) -> None:
        if self.athlete_id is None or by != self.athlete_id:
            raise AthleteOnlyError()


class Assignment(AuditedAggregate):
    """A published version of a program assigned to an athlete from a start date."""

    def __init__(
        self,
        *,
        coach_id: UUID,
        athlete_id: UUID,
        link_id: UUID,
        program_id: UUID,
        program_version: int,
        start_date: str,
    ) -> None:
        self.coach_id = coach_id
        self.athlete_id = athlete_id
        self.link_id = link_id
        self.program_id = program_id
        self.program_version = program_version
        self.start_date = date.fromisoformat(start_date)
        self.status = "active"

    @classmethod
    def assign(
        cls,
        *,
        assignment_id: UUID,
        link: CoachingLink,
        program_id: UUID,
        version: int,
        starts: Any,
    ) -> Assignment:
        """The athlete of `link` follows `version` of the program from `starts`."""
        link.require_consent_to_programming()
        return cls._create(
            cls.Assigned,
            id=fields.uuid(assignment_id, "assignment_id"),
            coach_id=link.coach_id,
            athlete_id=link.athlete_id,
            link_id=link.id,
            program_id=program_id,
            program_version=version,
            # Text in the event: the stored form of a date is then plain ISO 8601.
            start_date=start_date(starts).isoformat(),
        )

    class Assigned(AuditedAggregate.Created):
        coach_id: UUID
        athlete_id: UUID
        link_id: UUID
        program_id: UUID
        program_version: int
        start_date: str

    def upgrade(self, version: int) -> None:
        """Follow a later published version from now on (same start date)."""
        self._active()
        if version <= self.program_version:
            raise NotNewerVersionError(self.program_version)
        self._upgraded(program_version=version, previous_version=self.program_version)

    @event("Upgraded")
    def _upgraded(self, program_version: int, previous_version: int) -> None:
        self.program_version = program_version

    def cancel(self) -> None:
        self._active()
        self._cancelled()

    @event("Cancelled")
    def _cancelled(self) -> None:
        self.status = "cancelled"

    def _active(self) -> None:
        if self.status != "active":
            raise AssignmentStateError()


personal.declare_person_ids(CoachingLink, {"Invited": ("coach_id",), "Accepted": ("athlete_id",)})
personal.declare_person_ids(Assignment, {"Assigned": ("coach_id", "athlete_id")})
