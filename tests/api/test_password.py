"""Passwords over HTTP: a person changes theirs, or, having forgotten it, sets a new one through
a link mailed to their address; either way every other way into the account ends."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.api.conftest import client_for, throttle_rates
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

CHANGE = "/api/auth/password/"
RESET = "/api/auth/password/reset/"
CONFIRM = "/api/auth/password/reset/confirm/"
TOKEN = "/api/auth/token/"
NEW_PASSWORD = "another-long-password-42"


def logged_in(user, password: str = PASSWORD) -> APIClient:
    """A browser's session, logged in with the password."""
    client = APIClient()
    answer = client.post(
        "/api/auth/login/", {"email": user.email, "password": password}, format="json"
    )
    assert answer.status_code == 200
    return client


def logs_in(user, password: str) -> bool:
    answer = APIClient().post(
        "/api/auth/token/", {"email": user.email, "password": password}, format="json"
    )
    return answer.status_code == 200


def still_in(client: APIClient) -> bool:
    return client.get("/api/auth/me/").status_code == 200


def change(client: APIClient, current: str = PASSWORD, new: str = NEW_PASSWORD, **headers):
    body = {"current_password": current, "new_password": new}
    return client.post(CHANGE, body, format="json", **headers)


def ask_reset(email: str, **headers):
    return APIClient().post(RESET, {"email": email}, format="json", **headers)


def link_in(mail) -> dict[str, str]:
    """The uid and token of the reset link in a mail."""
    [link] = re.findall(r"\S+/reset-password\?\S+", mail.body)
    return {key: values[0] for key, values in parse_qs(urlsplit(link).query).items()}


def confirm(link: dict[str, str], new: str = NEW_PASSWORD):
    return APIClient().post(CONFIRM, {**link, "new_password": new}, format="json")


class TestChange:
    def test_a_wrong_current_password_is_400_naming_the_field_and_changes_nothing(self, coach):
        answer = change(logged_in(coach), current="not-my-password-1")

        assert answer.status_code == 400
        assert list(answer.json()["errors"]) == ["current_password"]
        assert logs_in(coach, PASSWORD)

    def test_a_wrong_current_password_counts_as_a_wrong_password_at_login(self, coach, settings):
        throttle_rates(settings, login_account_address="1/min")

        change(client_for(coach), current="not-my-password-1")

        assert (
            APIClient()
            .post(TOKEN, {"email": coach.email, "password": PASSWORD}, format="json")
            .status_code
            == 429
        )

    def test_a_weak_new_password_is_400_with_the_validators_messages(self, coach):
        answer = change(logged_in(coach), new="password")

        assert answer.status_code == 400
        assert any("common" in text for text in answer.json()["errors"]["new_password"])
        assert logs_in(coach, PASSWORD)

    def test_the_new_password_replaces_the_old_and_ends_every_other_way_in(self, coach):
        here, elsewhere, script = logged_in(coach), logged_in(coach), client_for(coach)

        answer = change(here)

        assert answer.status_code == 204
        assert not logs_in(coach, PASSWORD) and logs_in(coach, NEW_PASSWORD)
        assert still_in(here)
        assert not still_in(elsewhere) and not still_in(script)

    def test_a_token_client_changes_it_and_obtains_a_new_token(self, coach):
        script = client_for(coach)

        answer = change(script)

        assert answer.status_code == 204
        assert not Token.objects.filter(user=coach).exists() and not still_in(script)
        assert "sessionid" not in answer.cookies
        assert logs_in(coach, NEW_PASSWORD)


class TestReset:
    def test_known_and_unknown_addresses_get_the_same_answer_and_one_mail(self, coach, mailoutbox):
        known = ask_reset(coach.email.upper())
        unknown = ask_reset("nobody.here@example.com")

        assert (known.status_code, known.json()) == (unknown.status_code, unknown.json())
        assert known.status_code == 202
        assert [mail.to for mail in mailoutbox] == [[coach.email]]

    def test_the_link_sets_the_password_and_logs_out_every_session(self, coach, mailoutbox):
        session, script = logged_in(coach), client_for(coach)
        ask_reset(coach.email)

        answer = confirm(link_in(mailoutbox[0]))

        assert answer.status_code == 204
        assert not logs_in(coach, PASSWORD) and logs_in(coach, NEW_PASSWORD)
        assert not still_in(session) and not still_in(script)

    def test_the_link_leads_to_the_browser_app_or_else_to_the_host_asked(
        self, coach, mailoutbox, settings
    ):
        ask_reset(coach.email)
        settings.FRONTEND_URL = "https://app.example.com"
        ask_reset(coach.email)

        assert "http://testserver/reset-password?uid=" in mailoutbox[0].body
        assert "https://app.example.com/reset-password?uid=" in mailoutbox[1].body

    def test_a_link_works_once(self, coach, mailoutbox):
        ask_reset(coach.email)
        link = link_in(mailoutbox[0])
        confirm(link)

        again = confirm(link, new="yet-another-password-7")

        assert again.status_code == 400
        assert again.json()["type"] == "/problems/invalid-reset-link"
        assert logs_in(coach, NEW_PASSWORD)

    @pytest.mark.parametrize("part", ["uid", "token"])
    def test_a_tampered_link_is_400_and_changes_nothing(self, coach, mailoutbox, part):
        ask_reset(coach.email)
        link = link_in(mailoutbox[0])

        answer = confirm({**link, part: link[part][:-2] + "xx"})

        assert answer.status_code == 400
        assert answer.json()["type"] == "/problems/invalid-reset-link"
        assert logs_in(coach, PASSWORD)

    def test_a_weak_new_password_is_400_and_the_link_still_works(self, coach, mailoutbox):
        ask_reset(coach.email)
        link = link_in(mailoutbox[0])

        weak = confirm(link, new="password")

        assert weak.status_code == 400 and list(weak.json()["errors"]) == ["new_password"]
        assert confirm(link).status_code == 204

    def test_the_mail_is_in_the_language_of_the_request(self, coach, mailoutbox):
        ask_reset(coach.email, HTTP_ACCEPT_LANGUAGE="de")

        assert "Passwort" in mailoutbox[0].subject
        assert "Sie" in mailoutbox[0].body

    def test_mails_to_one_address_are_limited(self, coach, settings):
        throttle_rates(settings, password_reset_email="2/hour")

        answers = [ask_reset(coach.email).status_code for _ in range(3)]
        other = ask_reset("someone.else@example.com")

        assert answers == [202, 202, 429]
        assert other.status_code == 202

    def test_mails_from_one_client_address_are_limited(self, settings):
        throttle_rates(settings, password_reset="2/hour")

        answers = [ask_reset(f"person{n}@example.com").status_code for n in range(3)]

        assert answers == [202, 202, 429]


@pytest.mark.parametrize(
    ("path", "body"),
    [
        (CHANGE, {"current_password": PASSWORD, "new_password": NEW_PASSWORD}),
        (RESET, {"email": "someone@example.com"}),
        (CONFIRM, {"uid": "x", "token": "y", "new_password": NEW_PASSWORD}),
    ],
)
def test_an_unknown_field_is_400(coach, path, body):
    answer = client_for(coach).post(path, {**body, "colour": "red"}, format="json")

    assert answer.status_code == 400
    assert answer.json()["errors"] == {"colour": ["Unknown field."]}
