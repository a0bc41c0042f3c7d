"""Coaching over HTTP: invitations, acceptance, consent, assignments and their calendar."""

from __future__ import annotations

import pytest

from builder.models import Role
from tests.api.coaching import (
    TERMS,
    accept,
    assign,
    consent,
    invite,
    link_etag,
    linked,
    published_program,
    step,
)
from tests.api.conftest import client_for


@pytest.fixture
def auditor_api(make_user):
    return client_for(make_user("auditor", roles=(Role.AUDITOR,)))


class TestLinks:
    def test_an_invitation_answers_alike_whether_or_not_the_address_has_an_account(
        self, api, athlete
    ):
        known = invite(api, athlete.email)
        unknown = invite(api, "nobody-here@example.com")

        assert set(known) == set(unknown)
        assert known["status"] == unknown["status"] == "invited"
        assert known["athlete"] is None and unknown["athlete"] is None

    def test_the_invited_athlete_sees_accepts_and_then_is_shown_by_name_only(
        self, api, athlete, athlete_api
    ):
        link_id = invite(api, athlete.email.upper())["id"]

        seen = athlete_api.get("/api/links/").json()["results"]
        accept(athlete_api, link_id)
        as_coach = api.get(f"/api/links/{link_id}/").json()

        assert [link["role"] for link in seen] == ["invitee"]
        assert as_coach["status"] == "active"
        assert as_coach["athlete"] == {"id": str(athlete.id), "display_name": "athlete"}
        assert as_coach["invited_email"] is None  # the address is not kept once accepted
        assert athlete.email not in str(as_coach)

    def test_someone_else_cannot_see_or_accept_an_invitation(self, api, athlete, make_user):
        stranger = client_for(make_user("stranger", roles=(Role.ATHLETE,)))
        link_id = invite(api, athlete.email)["id"]

        assert stranger.get(f"/api/links/{link_id}/").status_code == 404
        assert stranger.get("/api/links/").json()["count"] == 0
        refused = stranger.post(f"/api/links/{link_id}/accept/", HTTP_IF_MATCH='"1"')
        assert refused.status_code == 404

    def test_only_the_athlete_consents_and_consent_can_be_withdrawn(
        self, api, athlete, athlete_api
    ):
        link_id = linked(api, athlete_api, athlete.email)
        by_coach = api.post(
            f"/api/links/{link_id}/consents/",
            {"purpose": "programming", "terms_version": TERMS},
            format="json",
            HTTP_IF_MATCH=link_etag(api, link_id),
        )
        consent(athlete_api, link_id, "programming", "schedule")
        etag = link_etag(athlete_api, link_id)
        withdrawn = athlete_api.delete(
            f"/api/links/{link_id}/consents/schedule/", HTTP_IF_MATCH=etag
        )

        assert by_coach.status_code == 403
        assert withdrawn.status_code == 200
        assert withdrawn.json()["link"]["consents"] == {"programming": TERMS}

    def test_a_stale_if_match_is_412_with_the_current_etag(self, api, athlete, athlete_api):
        link_id = linked(api, athlete_api, athlete.email)

        response = step(
            athlete_api,
            f"/api/links/{link_id}/consents/",
            {"purpose": "programming", "terms_version": TERMS},
            etag='"1"',
            expect=412,
        )

        assert response["ETag"] == link_etag(athlete_api, link_id)

    def test_declining_ends_the_invitation_and_hides_it(self, api, athlete, athlete_api):
        link_id = invite(api, athlete.email)["id"]

        step(athlete_api, f"/api/links/{link_id}/decline/", etag='"1"')

        assert athlete_api.get(f"/api/links/{link_id}/").status_code == 404
        assert api.get(f"/api/links/{link_id}/").json()["status"] == "ended"
        assert api.get(f"/api/links/{link_id}/").json()["ended_by"] == "invitee"

    def test_only_coaches_invite(self, athlete_api):
        response = athlete_api.post("/api/links/", {"email": "x@example.com"}, format="json")

        assert response.status_code == 403


class TestAssignments:
    def test_the_athlete_follows_the_frozen_version_while_the_draft_moves_on(
        self, api, athlete, athlete_api, exercises
    ):
        link_id = linked(api, athlete_api, athlete.email, "programming", "schedule")
        editor = published_program(api, exercises["Back Squat"], title="Base")
        assignment = assign(api, link_id, editor.id).json()["assignment"]
        editor.send("patch", "", {"title": "Base, revised"})

        seen = athlete_api.get(f"/api/assignments/{assignment['id']}/").json()

        assert seen["program"]["title"] == "Base"
        assert seen["program_version"] == 1
        assert seen["athlete"]["id"] == str(athlete.id)
        assert athlete_api.get(f"/api/programs/{editor.id}/").status_code == 404

    def test_assigning_needs_consent_to_programming(self, api, athlete, athlete_api, exercises):
        link_id = linked(api, athlete_api, athlete.email, "schedule")
        editor = published_program(api, exercises["Back Squat"])

        response = assign(api, link_id, editor.id)

        assert response.status_code == 403
        assert athlete_api.get("/api/assignments/").json()["count"] == 0

    def test_only_a_published_version_of_ones_own_program_is_assigned(
        self, api, other_api, athlete, athlete_api, exercises
    ):
        link_id = linked(api, athlete_api, athlete.email, "programming")
        draft_only = api.post("/api/programs/", {"title": "Draft"}, format="json").json()
        others = published_program(other_api, exercises["Back Squat"])

        unpublished = assign(api, link_id, draft_only["program"]["id"])
        not_mine = assign(api, link_id, others.id)

        assert unpublished.status_code == 400
        assert "version" in unpublished.json()["errors"]
        assert not_mine.status_code == 400
        assert "program_id" in not_mine.json()["errors"]

    def test_the_coach_upgrades_to_a_later_version_and_cancels(
        self, api, athlete, athlete_api, exercises
    ):
        link_id = linked(api, athlete_api, athlete.email, "programming")
        editor = published_program(api, exercises["Back Squat"])
        created = assign(api, link_id, editor.id)
        assignment_id, etag = created.json()["assignment"]["id"], created["ETag"]
        editor.send("patch", "", {"title": "Second edition"})
        editor.send("post", "publish/")

        same = step(
            api, f"/api/assignments/{assignment_id}/upgrade/", {"version": 1}, etag=etag, expect=409
        )
        upgraded = step(
            api, f"/api/assignments/{assignment_id}/upgrade/", {"version": 2}, etag=etag
        )
        by_athlete = athlete_api.post(
            f"/api/assignments/{assignment_id}/upgrade/",
            {"version": 2},
            format="json",
            HTTP_IF_MATCH=upgraded["ETag"],
        )
        cancelled = step(api, f"/api/assignments/{assignment_id}/cancel/", etag=upgraded["ETag"])

        assert same.json()["status"] == 409
        assert upgraded.json()["assignment"]["program_version"] == 2
        assert by_athlete.status_code == 403
        assert cancelled.json()["assignment"]["status"] == "cancelled"
        detail = athlete_api.get(f"/api/assignments/{assignment_id}/").json()
        assert detail["program"]["title"] == "Second edition"

    def test_ending_the_link_cancels_its_assignments(self, api, athlete, athlete_api, exercises):
        link_id = linked(api, athlete_api, athlete.email, "programming")
        editor = published_program(api, exercises["Back Squat"])
        assignment_id = assign(api, link_id, editor.id).json()["assignment"]["id"]

        step(athlete_api, f"/api/links/{link_id}/end/", etag=link_etag(athlete_api, link_id))

        seen = athlete_api.get(f"/api/assignments/{assignment_id}/").json()
        assert seen["status"] == "cancelled"
        assert api.get(f"/api/assignments/{assignment_id}/").status_code == 404
        assert api.get(f"/api/links/{link_id}/").json()["ended_by"] == "athlete"

    def test_withdrawn_consent_hides_the_athletes_plans_from_the_coach(
        self, api, athlete, athlete_api, exercises
    ):
        link_id = linked(api, athlete_api, athlete.email, "programming")
        editor = published_program(api, exercises["Back Squat"])
        assignment_id = assign(api, link_id, editor.id).json()["assignment"]["id"]

        athlete_api.delete(
            f"/api/links/{link_id}/consents/programming/",
            HTTP_IF_MATCH=link_etag(athlete_api, link_id),
        )

        assert api.get(f"/api/assignments/{assignment_id}/").status_code == 404
        assert api.get("/api/assignments/").json()["count"] == 0
        athletes = api.get("/api/athletes/").json()["results"]
        assert athletes[0]["assignments"] == []
        assert athlete_api.get(f"/api/assignments/{assignment_id}/").status_code == 200

    def test_the_coach_lists_athletes_with_their_active_assignments(
        self, api, athlete, athlete_api, make_user, exercises
    ):
        second = make_user("second", roles=(Role.ATHLETE,))
        linked(api, client_for(second), second.email)
        link_id = linked(api, athlete_api, athlete.email, "programming")
        editor = published_program(api, exercises["Back Squat"], title="Base")
        assign(api, link_id, editor.id)

        athletes = api.get("/api/athletes/").json()["results"]

        by_name = {a["athlete"]["display_name"]: a for a in athletes}
        assert set(by_name) == {"athlete", "second"}
        assert [a["program_title"] for a in by_name["athlete"]["assignments"]] == ["Base"]
        assert by_name["second"]["assignments"] == []
        assert "email" not in str(athletes)


class TestCalendar:
    def test_days_fall_on_dates_with_weeks_filled_up_by_rest_days(
        self, api, athlete, athlete_api, exercises
    ):
        link_id = linked(api, athlete_api, athlete.email, "programming", "schedule")
        editor = published_program(api, exercises["Back Squat"], weeks=2)
        assignment_id = assign(api, link_id, editor.id, start="2026-12-07").json()["assignment"][
            "id"
        ]

        days = athlete_api.get(
            f"/api/assignments/{assignment_id}/calendar/?from=2026-12-06&to=2026-12-15"
        ).json()

        assert [d["date"] for d in days][:2] == ["2026-12-07", "2026-12-08"]
        assert [(d["week"], d["day"], d["planned"], d["is_rest"]) for d in days] == [
            (1, 1, True, False),
            *[(1, n, False, True) for n in range(2, 8)],
            (2, 1, True, False),
            (2, 2, False, True),
        ]
        assert days[0]["title"] == "Day 1"
        assert days[0]["groups"][0]["entries"][0]["exercise_id"] == str(exercises["Back Squat"])

    def test_the_coach_sees_the_calendar_only_with_consent_to_the_schedule(
        self, api, athlete, athlete_api, exercises
    ):
        link_id = linked(api, athlete_api, athlete.email, "programming")
        editor = published_program(api, exercises["Back Squat"])
        assignment_id = assign(api, link_id, editor.id).json()["assignment"]["id"]
        url = f"/api/assignments/{assignment_id}/calendar/"

        before = api.get(url).status_code
        consent(athlete_api, link_id, "schedule")
        after = api.get(url).status_code

        assert (before, after) == (404, 200)

    @pytest.mark.parametrize(
        "query", ["from=2026-12-10&to=2026-12-01", "from=2026-01-01&to=2027-06-01", "from=x"]
    )
    def test_a_bad_range_is_400(self, api, athlete, athlete_api, exercises, query):
        link_id = linked(api, athlete_api, athlete.email, "programming")
        editor = published_program(api, exercises["Back Squat"])
        assignment_id = assign(api, link_id, editor.id).json()["assignment"]["id"]

        response = athlete_api.get(f"/api/assignments/{assignment_id}/calendar/?{query}")

        assert response.status_code == 400


class TestPersonalPrograms:
    def test_a_personal_program_needs_an_athlete_who_allows_programming(
        self, api, athlete, athlete_api
    ):
        without = api.post(
            "/api/programs/",
            {"title": "For you", "kind": "personal", "athlete_id": str(athlete.id)},
            format="json",
        )
        linked(api, athlete_api, athlete.email, "programming")
        with_consent = api.post(
            "/api/programs/",
            {"title": "For you", "kind": "personal", "athlete_id": str(athlete.id)},
            format="json",
        )

        assert without.status_code == 400
        assert "athlete_id" in without.json()["errors"]
        assert with_consent.status_code == 201
        assert with_consent.json()["program"]["athlete_id"] == str(athlete.id)

    def test_a_personal_program_is_assigned_to_its_athlete_only(
        self, api, athlete, athlete_api, make_user, exercises
    ):
        other = make_user("other-athlete", roles=(Role.ATHLETE,))
        other_link = linked(api, client_for(other), other.email, "programming")
        linked(api, athlete_api, athlete.email, "programming")
        editor = published_program(
            api, exercises["Back Squat"], kind="personal", athlete_id=str(athlete.id)
        )

        response = assign(api, other_link, editor.id)

        assert response.status_code == 409


class TestAuditors:
    def test_auditors_read_programs_links_and_assignments_but_change_nothing(
        self, api, athlete, athlete_api, auditor_api, exercises
    ):
        link_id = linked(api, athlete_api, athlete.email, "programming")
        editor = published_program(api, exercises["Back Squat"])
        assignment_id = assign(api, link_id, editor.id).json()["assignment"]["id"]

        reads = [
            editor.url(),
            editor.url("history/"),
            f"/api/links/{link_id}/",
            f"/api/assignments/{assignment_id}/",
        ]
        assert [auditor_api.get(url).status_code for url in reads] == [200] * 4
        rename = auditor_api.patch(
            editor.url(), {"title": "Audited"}, format="json", HTTP_IF_MATCH=editor.etag
        )
        cancel = auditor_api.post(f"/api/assignments/{assignment_id}/cancel/", HTTP_IF_MATCH='"1"')
        assert (rename.status_code, cancel.status_code) == (403, 403)
        assert api.get(editor.url()).json()["title"] == "Block"


class TestWritableFields:
    """Requirement A3: nobody sets a coach, an athlete, a status or a version through a body."""

    def test_an_invitation_names_only_an_address_and_its_own_id(self, api, other_coach):
        response = api.post(
            "/api/links/",
            {"email": "a@example.com", "coach_id": str(other_coach.id), "status": "active"},
            format="json",
        )

        assert response.status_code == 400
        assert set(response.json()["errors"]) == {"coach_id", "status"}
        assert api.get("/api/links/").json()["count"] == 0

    def test_an_assignment_takes_its_athlete_from_the_link(
        self, api, athlete, athlete_api, other_coach, exercises
    ):
        link_id = linked(api, athlete_api, athlete.email, "programming")
        editor = published_program(api, exercises["Back Squat"])
        body = {
            "link_id": link_id,
            "program_id": editor.id,
            "version": 1,
            "start_date": "2026-12-07",
            "athlete_id": str(other_coach.id),
            "status": "cancelled",
        }

        response = api.post("/api/assignments/", body, format="json")

        assert response.status_code == 400
        assert set(response.json()["errors"]) == {"athlete_id", "status"}
        assert api.get("/api/assignments/").json()["count"] == 0


def test_consent_is_given_under_a_published_version_of_the_terms_only(
    api, athlete, athlete_api, settings
):
    settings.COACHING_TERMS_VERSIONS = ["2026-02", "2026-01"]
    link_id = linked(api, athlete_api, athlete.email)

    unknown = athlete_api.post(
        f"/api/links/{link_id}/consents/",
        {"purpose": "programming", "terms_version": "2099-01"},
        format="json",
        HTTP_IF_MATCH=link_etag(athlete_api, link_id),
    )
    consent(athlete_api, link_id, "programming")

    assert unknown.status_code == 400
    assert "terms_version" in unknown.json()["errors"]
    assert api.get(f"/api/links/{link_id}/").json()["consents"] == {"programming": TERMS}
