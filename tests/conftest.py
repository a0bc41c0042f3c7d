"""Fixtures shared by the database-backed suites: people, exercises and API clients."""

from __future__ import annotations

import uuid

import pytest

PASSWORD = "a-long-test-password-9"


@pytest.fixture
def make_user(db):
    from builder.models import Role, User

    def make(name: str = "coach", roles=(Role.COACH,)) -> User:
        email = f"{name}-{uuid.uuid4().hex[:8]}@example.com"
        return User.objects.create_user(email, PASSWORD, display_name=name, roles=list(roles))

    return make


@pytest.fixture
def coach(make_user):
    return make_user("coach")


@pytest.fixture
def other_coach(make_user):
    return make_user("other")


@pytest.fixture
def exercises(db):
    """A few exercises entries can refer to, by name."""
    from projections.models import Exercise

    names = ["Back Squat", "Bench Press", "Deadlift", "Pull-up"]
    return {name: Exercise.objects.create(id=uuid.uuid4(), name=name).id for name in names}
