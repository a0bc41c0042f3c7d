"""CSRF, CORS and login throttling over a real socket, as a browser meets them (A6, A7, A9)."""

from __future__ import annotations

import json
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from urllib.parse import urlparse

import pytest

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

APP = "https://app.example.com"


class Browser:
    """Keeps cookies like a browser; sends JSON; never adds a CSRF token by itself."""

    def __init__(self, base_url: str) -> None:
        url = urlparse(base_url)
        self.host, self.port = url.hostname, url.port
        self.origin = f"http://{url.hostname}:{url.port}"
        self.cookies: dict[str, str] = {}

    def call(self, method: str, path: str, body=None, **headers: str):
        connection = HTTPConnection(self.host, self.port, timeout=30)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        payload = None
        if body is not None:
            payload = json.dumps(body)
            headers["Content-Type"] = "application/json"
        connection.request(method, path, payload, headers)
        response = connection.getresponse()
        data = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        connection.close()
        return response.status, response.headers, json.loads(data) if data else None

    def csrf(self) -> str:
        return self.cookies["csrftoken"]

    def log_in(self, email: str) -> None:
        self.call("GET", "/api/auth/csrf/")
        status, _, body = self.call(
            "POST",
            "/api/auth/login/",
            {"email": email, "password": PASSWORD},
            **{"X-CSRFToken": self.csrf(), "Origin": self.origin},
        )
        assert status == 200, body


def test_a_session_edit_needs_the_csrf_token_and_the_services_own_origin(live_server, coach):
    browser = Browser(live_server.url)
    browser.log_in(coach.email)
    create = ("POST", "/api/programs/", {"title": "From the browser"})

    without_token = browser.call(*create, Origin=browser.origin)
    foreign = browser.call(*create, **{"X-CSRFToken": browser.csrf(), "Origin": APP})
    own = browser.call(*create, **{"X-CSRFToken": browser.csrf(), "Origin": browser.origin})

    assert without_token[0] == 403
    assert without_token[1]["Content-Type"] == "application/problem+json"
    assert foreign[0] == 403
    assert own[0] == 201


def test_a_trusted_origin_may_edit_with_the_session(live_server, coach, settings):
    settings.CSRF_TRUSTED_ORIGINS = [APP]
    browser = Browser(live_server.url)
    browser.log_in(coach.email)

    status, _, _ = browser.call(
        "POST",
        "/api/programs/",
        {"title": "From the app"},
        **{"X-CSRFToken": browser.csrf(), "Origin": APP},
    )

    assert status == 201


def test_cors_allows_credentials_for_listed_origins_only(live_server, settings):
    settings.CORS_ALLOWED_ORIGINS = [APP]
    browser = Browser(live_server.url)
    preflight = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "x-csrftoken",
    }

    listed = browser.call("OPTIONS", "/api/programs/", Origin=APP, **preflight)[1]
    unlisted = browser.call(
        "OPTIONS", "/api/programs/", Origin="https://evil.example", **preflight
    )[1]
    lookalike = browser.call(
        "OPTIONS", "/api/programs/", Origin=f"{APP}.evil.example", **preflight
    )[1]

    assert listed["Access-Control-Allow-Origin"] == APP
    assert listed["Access-Control-Allow-Credentials"] == "true"
    assert "x-csrftoken" in listed["Access-Control-Allow-Headers"].lower()
    assert unlisted["Access-Control-Allow-Origin"] is None
    assert lookalike["Access-Control-Allow-Origin"] is None


def test_repeated_wrong_passwords_are_throttled(live_server, coach):
    browser = Browser(live_server.url)
    browser.call("GET", "/api/auth/csrf/")
    headers = {"X-CSRFToken": browser.csrf(), "Origin": browser.origin}
    wrong = {"email": coach.email, "password": "not-the-password"}

    answers = [browser.call("POST", "/api/auth/login/", wrong, **headers) for _ in range(11)]
    right = browser.call(
        "POST", "/api/auth/login/", {"email": coach.email, "password": PASSWORD}, **headers
    )

    assert {status for status, _, _ in answers[:5]} == {401}
    assert answers[-1][0] == 429
    assert right[0] == 429
    assert int(right[1]["Retry-After"]) > 0
