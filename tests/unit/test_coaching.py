"""The coaching rules: who takes which step of a link, consent, and what an assignment allows."""

from __future__ import annotations

from uuid import uuid4

import pytest

from builder.domain import (
    Actor,
    Assignment,
    AssignmentStateError,
    CoachingLink,
    InvalidValue,
    LinkStateError,
    NotAllowedError,
    NotNewerVersionError,
    acting,
)

COACH, ATHLETE, STRANGER = uuid4(), uuid4(), uuid4()


def as_(user_id):
    return acting(Actor(user_id=user_id, correlation_id="test"))


def active_link(*purposes: str) -> CoachingLink:
    with as_(COACH):
        link = CoachingLink.invite(link_id=uuid4(), coach_id=COACH)
    with as_(ATHLETE):
        link.accept(athlete_id=ATHLETE)
        for purpose in purposes:
            link.grant_consent(by=ATHLETE, purpose_name=purpose, terms="2026-01")
    return link


def assignment(link: CoachingLink, version: int = 1) -> Assignment:
    with as_(COACH):
        return Assignment.assign(
            assignment_id=uuid4(),
            link=link,
            program_id=uuid4(),
            version=version,
            starts="2026-12-07",
        )


def test_an_invitation_becomes_an_active_link_when_the_athlete_accepts():
    link = active_link()

    assert (link.status, link.athlete_id, link.consents) == ("active", ATHLETE, {})
    assert [type(e).__name__ for e in link.collect_events()] == ["Invited", "Accepted"]


def test_a_coach_cannot_accept_their_own_invitation_and_a_link_is_accepted_once():
    with as_(COACH):
        link = CoachingLink.invite(link_id=uuid4(), coach_id=COACH)
        with pytest.raises(NotAllowedError):
            link.accept(athlete_id=COACH)
    accepted = active_link()

    with as_(ATHLETE), pytest.raises(LinkStateError):
        accepted.accept(athlete_id=ATHLETE)


def test_only_the_athlete_consents_per_purpose_under_a_terms_version():
    link = active_link()

    with as_(COACH), pytest.raises(NotAllowedError):
        link.grant_consent(by=COACH, purpose_name="programming", terms="2026-01")
    with as_(ATHLETE):
        with pytest.raises(InvalidValue):
            link.grant_consent(by=ATHLETE, purpose_name="marketing", terms="2026-01")
        with pytest.raises(InvalidValue):
            link.grant_consent(by=ATHLETE, purpose_name="programming", terms="no spaces")
        assert link.grant_consent(by=ATHLETE, purpose_name="programming", terms="2026-01")
        assert not link.grant_consent(by=ATHLETE, purpose_name="programming", terms="2026-01")
        assert link.grant_consent(by=ATHLETE, purpose_name="programming", terms="2026-02")

    assert link.consents == {"programming": "2026-02"}


def test_withdrawing_consent_takes_the_purpose_away():
    link = active_link("programming", "schedule")

    with as_(ATHLETE):
        assert link.withdraw_consent(by=ATHLETE, purpose_name="schedule")
        assert not link.withdraw_consent(by=ATHLETE, purpose_name="schedule")

    assert link.allows("programming") and not link.allows("schedule")


def test_either_side_ends_a_link_and_nobody_else():
    link = active_link("programming")

    with as_(STRANGER), pytest.raises(NotAllowedError):
        link.end(by=STRANGER)
    with as_(ATHLETE):
        link.end(by=ATHLETE)
        with pytest.raises(LinkStateError):
            link.end(by=ATHLETE)

    assert (link.status, link.ended_by, link.consents) == ("ended", "athlete", {})


def test_an_invitation_can_be_declined_but_not_a_link_already_accepted():
    with as_(COACH):
        invited = CoachingLink.invite(link_id=uuid4(), coach_id=COACH)
    with as_(STRANGER):
        invited.decline()
        with pytest.raises(LinkStateError):
            active_link().decline()

    assert (invited.status, invited.ended_by) == ("ended", "invitee")


def test_an_erasure_closes_a_link_once():
    link = active_link("programming")

    with as_(STRANGER):
        assert link.close_on_erasure()
        assert not link.close_on_erasure()

    assert (link.status, link.ended_by) == ("ended", "erasure")


def test_assigning_needs_an_active_link_that_allows_programming():
    with pytest.raises(NotAllowedError):
        assignment(active_link("schedule"))
    ended = active_link("programming")
    with as_(COACH):
        ended.end(by=COACH)
    with pytest.raises(LinkStateError):
        assignment(ended)

    made = assignment(active_link("programming"))

    assert (made.athlete_id, made.coach_id, made.program_version) == (ATHLETE, COACH, 1)
    assert made.start_date.isoformat() == "2026-12-07"


@pytest.mark.parametrize("start", ["2026-13-01", "tomorrow", 20261207, "1999-12-31"])
def test_a_start_date_is_a_real_date_in_range(start):
    with as_(COACH), pytest.raises(InvalidValue) as refused:
        Assignment.assign(
            assignment_id=uuid4(),
            link=active_link("programming"),
            program_id=uuid4(),
            version=1,
            starts=start,
        )

    assert refused.value.field == "start_date"


def test_an_upgrade_moves_to_a_later_version_and_a_cancelled_assignment_stays_so():
    made = assignment(active_link("programming"), version=2)

    with as_(COACH):
        with pytest.raises(NotNewerVersionError):
            made.upgrade(2)
        made.upgrade(3)
        made.cancel()
        with pytest.raises(AssignmentStateError):
            made.upgrade(4)
        with pytest.raises(AssignmentStateError):
            made.cancel()

    assert (made.program_version, made.status) == (3, "cancelled")
