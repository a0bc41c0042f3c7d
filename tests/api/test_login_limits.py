"""A12: the limits on password guesses at every login door, as one set of counters."""

from __future__ import annotations

import hashlib

import pytest
from django.db import connection
from rest_framework.test import APIClient

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
