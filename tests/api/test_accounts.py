"""Accounts over HTTP: registration, login throttling per address and per account, logout, me."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.api.conftest import client_for, throttle_rates
from tests.conftest import PASSWORD

REGISTER = "/api/auth/register/"
LOGIN = "/api/auth/login/"
TOKEN = "/api/auth/token/"


def register(client: APIClient, **fields):
    body = {
        "email": "new.person@example.com",
        "password": PASSWORD,
        "display_name": "New Person",
        "role": "athlete",
    }
    return client.post(REGISTER, {**body, **fields}, format="json")


def account_events(user):
    from builder.domain import account_id
    from builder.wiring import accounts

    return list(accounts().events.get(account_id(user.id)))


@pytest.mark.django_db
class TestRegistration:
    def test_a_person_registers_as_an_athlete_and_logs_in(self):
        from builder.models import User

        answer = register(APIClient(), email="New.Person@Example.COM")
        token = APIClient().post(
            TOKEN, {"email": "new.person@example.com", "password": PASSWORD}, format="json"
        )

        user = User.objects.get(email="new.person@example.com")
        assert answer.status_code == 202
        assert (user.roles, user.display_name) == (["athlete"], "New Person")
        assert token.status_code == 200

    def test_registration_opens_an_account_stream_with_ids_and_role_names_only(self):
        from builder.models import User

        register(APIClient(), role="coach")

        user = User.objects.get(email="new.person@example.com")
        [opened] = account_events(user)
        assert type(opened).__name__ == "Opened"
        assert (opened.user_id, tuple(opened.roles), opened.actor_id) == (
            user.id,
            ("coach",),
            user.id,
        )
        assert "new.person" not in repr(opened.__dict__).lower()
        assert "New Person" not in repr(opened.__dict__)

    def test_a_taken_address_gets_the_same_answer_and_changes_nothing(self, coach):
        from builder.models import User

        fresh = register(APIClient(), email="someone.new@example.com")
        taken = register(APIClient(), email=coach.email.upper(), password="another-long-pass-77")

        assert (fresh.status_code, taken.status_code) == (202, 202)
        assert fresh.json() == taken.json()
        coach.refresh_from_db()
        assert coach.check_password(PASSWORD) and coach.display_name == "coach"
        assert User.objects.filter(email=coach.email).count() == 1
        assert account_events(coach) == []

    @pytest.mark.parametrize("role", ["admin", "auditor", "owner", ""])
    def test_only_coach_or_athlete_may_be_chosen(self, role):
        from builder.models import User

        answer = register(APIClient(), role=role)

        assert answer.status_code == 400
        assert "role" in answer.json()["errors"]
        assert not User.objects.filter(email="new.person@example.com").exists()

    def test_roles_and_ids_in_the_body_are_refused_and_create_no_account(self):
        from builder.models import User

        planted = "00000000-0000-4000-8000-000000000001"
        answer = register(
            APIClient(), roles=["admin"], id=planted, is_staff=True, is_superuser=True
        )

        assert answer.status_code == 400
        assert set(answer.json()["errors"]) == {"roles", "id", "is_staff", "is_superuser"}
        assert not User.objects.filter(email="new.person@example.com").exists()

    @pytest.mark.parametrize(
        "password", ["short1", "password123", "new.person@example.com", "12345678901"]
    )
    def test_weak_passwords_are_refused_by_djangos_validators(self, password):
        answer = register(APIClient(), password=password)

        assert answer.status_code == 400
        assert "password" in answer.json()["errors"]

    def test_closed_registration_is_403_and_creates_nothing(self, settings):
        from builder.models import User

        settings.BUILDER_REGISTRATION_OPEN = False
        answer = register(APIClient())

        assert answer.status_code == 403
        assert answer.json()["type"] == "/problems/registration-closed"
        assert not User.objects.exists()

    def test_registration_from_a_browser_needs_the_csrf_token(self):
        browser = APIClient(enforce_csrf_checks=True)

        without = register(browser)
        browser.get("/api/auth/csrf/")
        csrf = browser.cookies["csrftoken"].value
        with_token = browser.post(
            REGISTER,
            {"email": "b@example.com", "password": PASSWORD, "role": "coach"},
            format="json",
            HTTP_X_CSRFTOKEN=csrf,
        )

        assert (without.status_code, with_token.status_code) == (403, 202)

    def test_a_script_registers_with_the_csrf_cookie_and_over_https_names_the_service(self):
        script = APIClient(enforce_csrf_checks=True)
        body = {"email": "s@example.com", "password": PASSWORD, "role": "coach"}

        cookieless = register(script)
        script.get("/api/auth/csrf/", secure=True)
        csrf = {"HTTP_X_CSRFTOKEN": script.cookies["csrftoken"].value}
        unnamed = script.post(REGISTER, body, format="json", secure=True, **csrf)
        named = script.post(
            REGISTER, body, format="json", secure=True, HTTP_REFERER="https://testserver/", **csrf
        )

        assert (cookieless.status_code, unnamed.status_code, named.status_code) == (403, 403, 202)

    def test_registrations_are_throttled_per_address(self):
        client = APIClient()

        answers = [register(client, email=f"p{n}@example.com").status_code for n in range(11)]

        assert answers[:10] == [202] * 10
        assert answers[10] == 429


def test_registration_is_closed_by_default_in_production():
    import subprocess
    import sys

    from eventstore.keyvault import generate_master_key

    code = "from django.conf import settings; print(settings.BUILDER_REGISTRATION_OPEN)"
    env = {
        "DJANGO_SETTINGS_MODULE": "builder.settings",
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": "x" * 60,
        "EVENTSTORE_MASTER_KEY": generate_master_key(),
        # Never connected to: the settings only need to be read.
        "DATABASE_URL": "postgres://unused@localhost/unused",
        "PATH": "/usr/bin:/bin",
    }
    out = subprocess.run(  # noqa: S603 - our own interpreter and settings
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip().splitlines()[-1] == "False"


@pytest.mark.django_db
class TestLoginThrottling:
    """Requirement A9: guessing is throttled per client address and per account (more: A12)."""

    def test_many_attempts_from_one_address_are_429_whatever_the_account(self, coach):
        client = APIClient()

        answers = [
            client.post(
                LOGIN, {"email": f"x{n}@example.com", "password": "wrong"}, format="json"
            ).status_code
            for n in range(11)
        ]
        real = client.post(LOGIN, {"email": coach.email, "password": PASSWORD}, format="json")

        assert answers[:10] == [401] * 10
        assert answers[10] == 429 and real.status_code == 429
        assert "Retry-After" in real

    def test_wrong_passwords_spread_over_addresses_meet_the_accounts_limit(self, coach, settings):
        throttle_rates(settings, login_account="5/hour")

        def attempt(n: int, email: str, *secret: str):
            body = {"email": email, "password": secret[0] if secret else "wrong"}
            return APIClient(REMOTE_ADDR=f"10.0.0.{n}").post(TOKEN, body, format="json")

        spellings = [coach.email, coach.email.upper(), f" {coach.email} "]
        failures = [attempt(n, spellings[n % 3]).status_code for n in range(5)]
        locked = attempt(50, coach.email, PASSWORD)
        someone_else = attempt(51, "other@example.com")

        assert failures == [401] * 5
        assert locked.status_code == 429
        assert locked.json()["status"] == 429
        assert someone_else.status_code == 401

    def test_successful_logins_do_not_count_against_the_account(self, coach):
        answers = [
            APIClient(REMOTE_ADDR=f"10.1.0.{n}")
            .post(TOKEN, {"email": coach.email, "password": PASSWORD}, format="json")
            .status_code
            for n in range(8)
        ]

        assert answers == [200] * 8

    def test_a_forwarded_for_header_does_not_choose_the_client_address(self, coach):
        client = APIClient()
        answers = [
            client.post(
                LOGIN,
                {"email": f"y{n}@example.com", "password": "wrong"},
                format="json",
                HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
            ).status_code
            for n in range(11)
        ]

        assert answers[10] == 429


@pytest.mark.django_db
class TestSessionAndMe:
    def test_me_shows_the_user_and_roles(self, make_user):
        solo = make_user("solo", roles=("coach", "athlete"))

        body = client_for(solo).get("/api/auth/me/").json()

        assert body == {
            "id": str(solo.id),
            "email": solo.email,
            "display_name": "solo",
            "roles": ["coach", "athlete"],
        }

    def test_me_is_401_for_anonymous_callers(self):
        assert APIClient().get("/api/auth/me/").status_code == 401

    @pytest.mark.parametrize("method", ["put", "patch", "post"])
    def test_roles_cannot_be_written_through_me(self, api, coach, method):
        answer = getattr(api, method)(
            "/api/auth/me/", {"roles": ["admin"], "id": str(coach.id)}, format="json"
        )

        coach.refresh_from_db()
        assert answer.status_code == 405
        assert coach.roles == ["coach"]

    def test_logout_ends_both_the_session_and_the_token(self, coach):
        browser = APIClient(enforce_csrf_checks=True)
        browser.get("/api/auth/csrf/")
        csrf = browser.cookies["csrftoken"].value
        browser.post(
            LOGIN,
            {"email": coach.email, "password": PASSWORD},
            format="json",
            HTTP_X_CSRFTOKEN=csrf,
        )
        csrf = browser.cookies["csrftoken"].value
        script = client_for(coach)

        refused = browser.post("/api/auth/logout/")
        logout = browser.post("/api/auth/logout/", HTTP_X_CSRFTOKEN=csrf)

        assert refused.status_code == 403  # A6: a session request without the CSRF token
        assert logout.status_code == 204
        assert browser.get("/api/auth/me/").status_code == 401
        assert script.get("/api/auth/me/").status_code == 401


@pytest.mark.django_db
def test_closed_registration_is_told_in_german_too(settings):
    settings.BUILDER_REGISTRATION_OPEN = False

    answer = APIClient().post(REGISTER, {}, format="json", HTTP_ACCEPT_LANGUAGE="de")

    assert answer.json()["detail"].startswith("Die Registrierung ist geschlossen")
