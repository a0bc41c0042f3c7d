"""Roles over HTTP: admins list users and set their roles; every change is an Account event."""

from __future__ import annotations

import uuid

import pytest
from rest_framework.test import APIClient

from tests.api.conftest import client_for
from tests.conftest import PASSWORD

USERS = "/api/admin/users/"


def roles_url(user) -> str:
    return f"{USERS}{getattr(user, 'id', user)}/roles/"


def account_events(user):
    from builder.domain import account_id
    from builder.wiring import accounts

    return list(accounts().events.get(account_id(user.id)))


@pytest.fixture
def admin_api(admin) -> APIClient:
    return client_for(admin)


class TestChangingRoles:
    def test_an_admin_makes_a_coach_solo_and_the_change_is_recorded(self, admin, admin_api, coach):
        answer = admin_api.put(roles_url(coach), {"roles": ["athlete", "coach"]}, format="json")

        coach.refresh_from_db()
        assert answer.status_code == 200
        assert answer.json()["roles"] == ["coach", "athlete"]
        assert coach.roles == ["coach", "athlete"]
        assert client_for(coach).get("/api/auth/me/").json()["roles"] == ["coach", "athlete"]
        opened, changed = account_events(coach)
        assert (type(opened).__name__, tuple(opened.roles)) == ("Opened", ("coach",))
        assert type(changed).__name__ == "RolesChanged"
        assert (tuple(changed.granted), tuple(changed.revoked)) == (("athlete",), ())
        assert changed.actor_id == admin.id

    def test_role_events_carry_ids_and_role_names_only(self, admin_api, coach):
        admin_api.put(roles_url(coach), {"roles": ["auditor"]}, format="json")

        for recorded in account_events(coach):
            text = repr(vars(recorded))
            assert coach.email not in text and "coach-" not in text.lower()

    def test_a_registered_persons_stream_continues_with_the_change(self, admin_api):
        from builder.models import User

        APIClient().post(
            "/api/auth/register/",
            {"email": "r@example.com", "password": PASSWORD, "role": "athlete"},
            format="json",
        )
        person = User.objects.get(email="r@example.com")

        admin_api.put(roles_url(person), {"roles": ["coach"]}, format="json")

        kinds = [type(e).__name__ for e in account_events(person)]
        assert kinds == ["Opened", "RolesChanged"]

    def test_the_same_roles_again_record_nothing(self, admin_api, coach):
        admin_api.put(roles_url(coach), {"roles": ["coach", "athlete"]}, format="json")
        again = admin_api.put(roles_url(coach), {"roles": ["athlete", "coach"]}, format="json")

        assert again.status_code == 200
        assert len(account_events(coach)) == 2

    def test_roles_can_be_removed_entirely(self, admin_api, coach):
        answer = admin_api.put(roles_url(coach), {"roles": []}, format="json")

        coach.refresh_from_db()
        assert answer.status_code == 200 and coach.roles == []

    @pytest.mark.parametrize("body", [{"roles": ["owner"]}, {"roles": "admin"}, {}])
    def test_unknown_roles_are_400_and_change_nothing(self, admin_api, coach, body):
        answer = admin_api.put(roles_url(coach), body, format="json")

        coach.refresh_from_db()
        assert answer.status_code == 400
        assert coach.roles == ["coach"]
        assert account_events(coach) == []

    def test_ids_in_the_body_are_refused_and_change_nothing(self, admin_api, coach, other_coach):
        answer = admin_api.put(
            roles_url(coach), {"roles": ["athlete"], "id": str(other_coach.id)}, format="json"
        )

        coach.refresh_from_db()
        other_coach.refresh_from_db()
        assert answer.status_code == 400 and "id" in answer.json()["errors"]
        assert (coach.roles, other_coach.roles) == (["coach"], ["coach"])
        assert account_events(coach) == []

    def test_an_unknown_user_is_404(self, admin_api):
        answer = admin_api.put(roles_url(uuid.uuid4()), {"roles": ["coach"]}, format="json")

        assert answer.status_code == 404
        assert answer.json()["type"] == "/problems/not-found"


class TestTheLastAdmin:
    def test_the_last_admin_cannot_drop_their_own_admin_role(self, admin, admin_api):
        answer = admin_api.put(roles_url(admin), {"roles": ["coach"]}, format="json")

        admin.refresh_from_db()
        assert answer.status_code == 409
        assert answer.json()["title"] == "Refused by an account rule"
        assert admin.roles == ["admin"]
        assert account_events(admin) == []

    def test_the_last_admin_may_add_roles_beside_admin(self, admin, admin_api):
        answer = admin_api.put(roles_url(admin), {"roles": ["admin", "coach"]}, format="json")

        assert answer.status_code == 200

    def test_an_admin_steps_down_while_another_admin_remains(self, admin, admin_api, make_user):
        make_user("second-admin", roles=("admin",))

        answer = admin_api.put(roles_url(admin), {"roles": ["coach"]}, format="json")

        admin.refresh_from_db()
        assert answer.status_code == 200 and admin.roles == ["coach"]
        assert admin_api.get(USERS).status_code == 403


class TestWhoMayChangeRoles:
    """Requirements A5 and A6 on the admin endpoints."""

    @pytest.mark.parametrize(
        "roles", [("coach",), ("athlete",), ("auditor",), ("coach", "athlete")]
    )
    def test_non_admins_are_403_and_change_nothing(self, make_user, coach, roles):
        caller = client_for(make_user("caller", roles=roles))

        put = caller.put(roles_url(coach), {"roles": ["admin"]}, format="json")
        listed = caller.get(USERS)

        coach.refresh_from_db()
        assert (put.status_code, listed.status_code) == (403, 403)
        assert coach.roles == ["coach"]

    def test_a_coach_cannot_make_themselves_admin(self, api, coach):
        answer = api.put(roles_url(coach), {"roles": ["coach", "admin"]}, format="json")

        coach.refresh_from_db()
        assert answer.status_code == 403 and coach.roles == ["coach"]

    def test_anonymous_callers_are_401(self, coach):
        anonymous = APIClient()

        put = anonymous.put(roles_url(coach), {"roles": ["admin"]}, format="json")
        listed = anonymous.get(USERS)

        assert (put.status_code, listed.status_code) == (401, 401)

    def test_an_admin_session_without_csrf_is_403(self, admin, coach):
        browser = APIClient(enforce_csrf_checks=True)
        browser.get("/api/auth/csrf/")
        csrf = browser.cookies["csrftoken"].value
        browser.post(
            "/api/auth/login/",
            {"email": admin.email, "password": PASSWORD},
            format="json",
            HTTP_X_CSRFTOKEN=csrf,
        )
        csrf = browser.cookies["csrftoken"].value

        without = browser.put(roles_url(coach), {"roles": ["athlete"]}, format="json")
        with_token = browser.put(
            roles_url(coach), {"roles": ["athlete"]}, format="json", HTTP_X_CSRFTOKEN=csrf
        )

        assert (without.status_code, with_token.status_code) == (403, 200)


class TestListingUsers:
    def test_admins_list_users_filtered_by_text_and_role(self, admin_api, make_user):
        ada = make_user("Ada Lovelace", roles=("coach", "athlete"))
        make_user("Bob", roles=("athlete",))

        by_name = admin_api.get(USERS, {"q": "lovelace"}).json()
        coaches = admin_api.get(USERS, {"role": "coach"}).json()
        by_email = admin_api.get(USERS, {"q": ada.email.upper()}).json()

        assert [u["id"] for u in by_name["results"]] == [str(ada.id)]
        assert [u["display_name"] for u in coaches["results"]] == ["Ada Lovelace"]
        assert by_email["count"] == 1
        assert set(by_name["results"][0]) == {
            "id",
            "email",
            "display_name",
            "roles",
            "is_active",
            "date_joined",
        }

    def test_the_list_is_paginated_with_a_cap(self, admin_api, make_user):
        for n in range(4):
            make_user(f"p{n}", roles=("athlete",))

        first = admin_api.get(USERS, {"page_size": 2}).json()
        capped = admin_api.get(USERS, {"page_size": 10_000})

        assert first["count"] == 5 and len(first["results"]) == 2 and first["next"]
        assert capped.status_code == 200

    @pytest.mark.parametrize(
        "query", [{"role": "owner"}, {"page": "0"}, {"page": "x"}, {"q": "a\x00b"}]
    )
    def test_bad_filters_are_4xx_not_500(self, admin_api, query):
        assert admin_api.get(USERS, query).status_code in (400, 404)


def test_refusals_about_accounts_are_told_in_german_too(admin, admin_api):
    refused = admin_api.put(
        roles_url(admin), {"roles": []}, format="json", HTTP_ACCEPT_LANGUAGE="de"
    )
    unknown = admin_api.put(
        roles_url(uuid.uuid4()), {"roles": []}, format="json", HTTP_ACCEPT_LANGUAGE="de"
    )

    assert refused.json()["title"] == "Von einer Kontoregel abgelehnt"
    assert refused.json()["detail"] == "der letzte Admin kann die Admin-Rolle nicht abgeben"
    assert unknown.json()["detail"].startswith("keine Person mit der ID")
