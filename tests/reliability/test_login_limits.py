"""A12, S4: the limits on password guesses hold across server processes. Two gunicorn servers
on the test database share one count, so guesses spread over both, and over the API's and the
admin's login, meet 429 at the limit; the owner still logs in from their own address."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest

from tests.conftest import PASSWORD
from tests.database import test_database_url
from tests.reliability.served import gunicorn, server_env

pytestmark = pytest.mark.django_db(transaction=True)

TOKEN = "/api/auth/token/"
ADMIN_LOGIN = "/admin/login/"
GUESSER = "198.51.100.1"


@pytest.fixture(scope="module")
def servers(django_db_setup, django_db_blocker, tmp_path_factory):
    """Two gunicorn processes with one configuration (one secret key, as a deployment has),
    behind a proxy (so that tests choose client addresses) and a low limit per account."""
    with django_db_blocker.unblock():
        env = server_env(
            test_database_url(), BUILDER_NUM_PROXIES="1", BUILDER_LOGIN_ACCOUNT_RATE="6/hour"
        )
    folder = tmp_path_factory.mktemp("login_limits")
    with gunicorn(env, folder / "a.log") as a, gunicorn(env, folder / "b.log") as b:
        yield a, b


@pytest.fixture(autouse=True)
def _fresh_counters(django_db_blocker):
    from django.core.cache import cache

    with django_db_blocker.unblock():
        cache.clear()


def in_turn(servers, count: int, body_of, address_of=lambda n: GUESSER) -> list[int]:
    """`count` token requests, to each server in turn; the statuses."""
    return [
        servers[n % 2].call("POST", TOKEN, body=body_of(n), **from_address(address_of(n))).status
        for n in range(count)
    ]


def from_address(address: str) -> dict[str, str]:
    return {"X-Forwarded-For": address}


def admin_login(server, email: str, password: str, address: str) -> int:
    """The status of a login at the admin site's form, as a browser sends it."""
    page = server.call("GET", ADMIN_LOGIN, **from_address(address))
    csrf = SimpleCookie(page.headers["set-cookie"])["csrftoken"].value
    form = {"username": email, "password": password, "csrfmiddlewaretoken": csrf, "next": "/"}
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf}"}
    sent = urlencode(form).encode()
    return server.send("POST", ADMIN_LOGIN, None, sent, **headers, **from_address(address)).status


def test_wrong_passwords_spread_over_two_servers_meet_429_at_the_limit(servers, coach):
    answers = in_turn(servers, 6, lambda n: {"email": coach.email, "password": "wrong"})
    right = servers[0].call(
        "POST", TOKEN, body={"email": coach.email, "password": PASSWORD}, **from_address(GUESSER)
    )

    assert answers == [401] * 5 + [429]
    assert right.status == 429
    assert int(right.headers["retry-after"]) > 0


def test_attempts_from_one_address_over_two_servers_meet_429_at_the_limit(servers):
    answers = in_turn(servers, 11, lambda n: {"email": f"x{n}@example.com", "password": "wrong"})

    assert answers == [401] * 10 + [429]


def test_guesses_spread_over_addresses_and_servers_meet_the_accounts_limit_but_not_its_owner(
    servers, coach
):
    right = {"email": coach.email, "password": PASSWORD}
    before = servers[0].call("POST", TOKEN, body=right, **from_address("192.0.2.10"))

    spread = in_turn(
        servers,
        6,
        lambda n: {"email": coach.email, "password": "wrong"},
        lambda n: f"198.51.100.{n}",
    )
    stranger = servers[1].call("POST", TOKEN, body=right, **from_address("198.51.100.99"))
    owner = servers[1].call("POST", TOKEN, body=right, **from_address("192.0.2.10"))

    assert before.status == 200
    assert spread == [401] * 6
    assert stranger.status == 429
    assert owner.status == 200


def test_wrong_passwords_at_one_servers_admin_count_at_the_other_servers_api(servers, staff):
    admin = [admin_login(servers[0], staff.email, "wrong", GUESSER) for _ in range(5)]
    api = servers[1].call(
        "POST", TOKEN, body={"email": staff.email, "password": PASSWORD}, **from_address(GUESSER)
    )
    owner = admin_login(servers[1], staff.email, PASSWORD, "192.0.2.10")

    assert admin == [200] * 5
    assert api.status == 429
    assert owner == 302


def test_failures_noted_at_the_same_moment_on_many_connections_all_count():
    from django.db import connection

    from builder.api.throttles import Attempt, note_failure

    attempt = Attempt("victim@example.com", GUESSER, TOKEN)
    start = threading.Barrier(8)

    def fail() -> None:
        start.wait()
        try:
            note_failure(attempt)
        finally:
            connection.close()  # this thread's own connection

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda _: fail(), range(8)))

    for counter in attempt.failures():
        counter.full()
        assert len(counter.history) == 8, counter.scope
