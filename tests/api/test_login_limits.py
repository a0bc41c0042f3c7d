"""A12: the limits on password guesses at every login door, as one set of counters."""

from __future__ import annotations

import hashlib

import pytest
from django.db import connection
from rest_framework.test import APIClient

from tests.api.conftest import throttle_rates
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

TOKEN = "/api/auth/token/"
REGISTER = "/api/auth/register/"


def stored_cache() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key || ' ' || value FROM builder_cache")
        return "\n".join(row for (row,) in cursor.fetchall())


def test_the_counters_hold_neither_the_email_nor_the_address_nor_a_plain_hash_of_them(coach):
    client = APIClient(REMOTE_ADDR="203.0.113.7")
    client.post(TOKEN, {"email": coach.email, "password": "wrong"}, format="json")
    client.post(REGISTER, {"email": "someone@example.com"}, format="json")

    stored = stored_cache()
    plain_hashes = [
        hashlib.sha256(text.encode()).hexdigest() for text in (coach.email, "203.0.113.7")
    ]
    assert stored.count("\n") >= 2  # the address's, the account's, the registration's counters
    assert "203.0.113.7" not in stored
    assert coach.email.split("@")[0] not in stored.lower()
    assert not any(plain in stored for plain in plain_hashes)


WRONG = "not-the-password"


def token_from(address: str, email: str, password: str = WRONG) -> int:
    """The status of a token request from this client address."""
    client = APIClient(REMOTE_ADDR=address)
    return client.post(TOKEN, {"email": email, "password": password}, format="json").status_code


class TestAStrangerCannotLockTheOwnerOut:
    def test_the_owner_logs_in_after_a_stranger_spent_their_guesses_at_the_account(self, coach):
        stranger = [token_from("198.51.100.66", coach.email) for _ in range(6)]
        owner = token_from("192.0.2.10", coach.email, PASSWORD)
        stranger_right = token_from("198.51.100.66", coach.email, PASSWORD)

        assert stranger == [401] * 5 + [429]
        assert owner == 200
        assert stranger_right == 429

    def test_guesses_spread_over_many_addresses_meet_the_accounts_own_limit(self, coach, settings):
        throttle_rates(settings, login_account="6/hour")

        spread = [token_from(f"198.51.100.{n % 3}", coach.email) for n in range(6)]
        locked = APIClient(REMOTE_ADDR="198.51.100.99").post(
            TOKEN, {"email": coach.email, "password": PASSWORD}, format="json"
        )

        assert spread == [401] * 6
        assert locked.status_code == 429
        assert 3500 < int(locked["Retry-After"]) <= 3600

    def test_the_owner_keeps_the_address_they_logged_in_from_when_the_account_is_locked(
        self, coach, settings
    ):
        throttle_rates(settings, login_account="6/hour")
        before = token_from("192.0.2.10", coach.email, PASSWORD)

        [token_from(f"198.51.100.{n % 3}", coach.email) for n in range(6)]
        owner = token_from("192.0.2.10", coach.email, PASSWORD)
        elsewhere = token_from("192.0.2.11", coach.email, PASSWORD)

        assert (before, owner, elsewhere) == (200, 200, 429)
