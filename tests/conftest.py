"""Fixtures shared by the database-backed suites: people, exercises and API clients."""

from __future__ import annotations

import uuid

import pytest

PASSWORD = "a-long-test-password-9"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix) -> None:
    """The suite's connections may TRUNCATE the event log, the key vault and the erasure
    ledger, as pytest-django's flush between transactional tests does; nothing else's may
    (eventstore/migrations/0004_service_role.py). Servers the suite starts are left without."""
    from django.conf import settings

    options = settings.DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c eventstore.allow_truncate=on".strip()


@pytest.fixture(autouse=True)
def _default_language_between_tests():
    """Django's LocaleMiddleware activates a request's language in its thread and leaves it
    there; a process outside a request speaks the default language, so each test starts so."""
    yield
    from django.utils import translation

    translation.deactivate()


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
def admin(make_user):
    from builder.models import Role

    return make_user("admin", roles=(Role.ADMIN,))


@pytest.fixture
def staff(make_user):
    """An admin who may also use the Django admin site."""
    from builder.models import Role

    user = make_user("staff", roles=(Role.ADMIN,))
    user.is_staff = user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def exercises(admin):
    """A few system exercises entries can refer to, by English name, made through the library."""
    from builder.domain import Actor
    from builder.wiring import library

    actor = Actor(user_id=admin.id, correlation_id="test-exercises")
    made = {}
    for name, category in [
        ("Back Squat", "squat"),
        ("Bench Press", "push"),
        ("Deadlift", "hinge"),
        ("Pull-up", "pull"),
    ]:
        saved = library().create_exercise(
            actor=actor,
            exercise_id=uuid.uuid4(),
            scope="system",
            names={"en": name},
            category=category,
        )
        made[name] = saved.aggregate.id
    return made
