"""A12: the admin site's login is one more door under the same limits on password guesses as
the API's: one count for both, 429 past a limit, failures logged without the email."""

from __future__ import annotations

import logging

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.api.conftest import throttle_rates
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

ADMIN_LOGIN = "/admin/login/"
TOKEN = "/api/auth/token/"
WRONG = "not-the-password"
ADDRESS = "198.51.100.7"


def at_the_admin(email: str, password: str = WRONG, address: str = ADDRESS):
    body = {"username": email, "password": password, "next": "/admin/"}
    return Client(REMOTE_ADDR=address).post(ADMIN_LOGIN, body)


def at_the_api(email: str, password: str = WRONG, address: str = ADDRESS):
    body = {"email": email, "password": password}
    return APIClient(REMOTE_ADDR=address).post(TOKEN, body, format="json")


def test_staff_log_in_at_the_admin(staff):
    answer = at_the_admin(staff.email, PASSWORD)

    assert answer.status_code == 302 and answer["Location"] == "/admin/"


def test_wrong_passwords_past_the_limit_get_the_login_form_with_429_and_retry_after(staff):
    answers = [at_the_admin(staff.email) for _ in range(6)]
    right = at_the_admin(staff.email, PASSWORD)

    assert [answer.status_code for answer in answers] == [200] * 5 + [429]
    assert right.status_code == 429
    assert 0 < int(right["Retry-After"]) <= 60
    assert b"Too many login attempts" in right.content
    assert b'name="password"' in right.content
    assert "_auth_user_id" not in right.wsgi_request.session


def test_the_refusal_is_told_in_german_too(staff, settings):
    throttle_rates(settings, login_account_address="1/min")
    at_the_admin(staff.email)

    body = {"username": staff.email, "password": PASSWORD}
    answer = Client(REMOTE_ADDR=ADDRESS, HTTP_ACCEPT_LANGUAGE="de").post(ADMIN_LOGIN, body)

    assert answer.status_code == 429
    assert "Zu viele Anmeldeversuche" in answer.content.decode()


def test_wrong_passwords_at_the_admin_count_against_the_api(staff):
    [at_the_admin(staff.email) for _ in range(5)]

    assert at_the_api(staff.email, PASSWORD).status_code == 429
    assert at_the_api(staff.email, PASSWORD, address="192.0.2.10").status_code == 200


def test_wrong_passwords_at_the_api_count_against_the_admin(staff):
    [at_the_api(staff.email) for _ in range(5)]

    assert at_the_admin(staff.email, PASSWORD).status_code == 429
    assert at_the_admin(staff.email, PASSWORD, address="192.0.2.10").status_code == 302


def test_attempts_at_the_admin_count_against_the_address_at_the_api(coach):
    [at_the_admin(f"x{n}@example.com") for n in range(10)]

    assert at_the_api(coach.email, PASSWORD).status_code == 429


@pytest.mark.parametrize("door", [at_the_admin, at_the_api], ids=["admin", "api"])
def test_a_failed_login_is_logged_without_the_email_the_address_or_the_password(
    door, staff, caplog
):
    with caplog.at_level(logging.INFO):
        door(staff.email)

    [failed] = [record for record in caplog.records if record.name == "builder.api.throttles"]
    logged = caplog.text.lower()
    assert failed.levelno == logging.WARNING
    assert "login failed" in failed.getMessage().lower()
    assert staff.email.split("@")[0] not in logged
    assert WRONG not in logged and ADDRESS not in logged
