"""API clients that authenticate the way real clients do (token over the whole request stack)."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def _fresh_throttles(django_db_setup, django_db_blocker):
    """Throttle counters live in the database cache; each test starts with none."""
    from django.core.cache import cache

    with django_db_blocker.unblock():
        cache.clear()


def throttle_rates(settings, **rates: str) -> None:
    """Sets some of the throttle rates (e.g. `login_account="6/hour"`) for the test."""
    framework = settings.REST_FRAMEWORK
    changed = {**framework["DEFAULT_THROTTLE_RATES"], **rates}
    settings.REST_FRAMEWORK = {**framework, "DEFAULT_THROTTLE_RATES": changed}


def client_for(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def athlete(make_user):
    from builder.models import Role

    return make_user("athlete", roles=(Role.ATHLETE,))


@pytest.fixture
def athlete_api(athlete):
    return client_for(athlete)


@pytest.fixture
def api(coach) -> APIClient:
    return client_for(coach)


@pytest.fixture
def other_api(other_coach) -> APIClient:
    return client_for(other_coach)
