"""Every endpoint of the URL configuration, called by every kind of caller (requirements A1 to A5).

The world: coach A owns a published program, a coach-scope exercise and two links — one whose
athlete accepted and allows everything and follows an assignment, one whose athlete accepted
and allows nothing. The callers are everyone but coach A. Each call runs in a savepoint that is
rolled back, so every caller meets the same world; a refused call must leave the event log as it
was and no response may show another person's email address (A4).

A new endpoint without a row in MATRIX fails `test_every_endpoint_has_a_row`.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from builder.models import Role
from tests.api.coaching import assign, invite, linked, published_program
from tests.api.conftest import client_for

CALLERS = ("anonymous", "other_coach", "unlinked", "no_consent", "assigned", "auditor", "admin")
# Django's admin site has its own staff login and permissions (tests/api/test_operations.py).
NOT_THE_API = ("admin/",)


def row(*codes: int) -> dict[str, int]:
    assert len(codes) == len(CALLERS)
    return dict(zip(CALLERS, codes, strict=True))


def everyone(code: int) -> dict[str, int]:
    return row(*[code] * len(CALLERS))


def signed_in(code: int, anonymous: int = 401) -> dict[str, int]:
    return row(anonymous, *[code] * (len(CALLERS) - 1))


# Coach A's program: hidden from everyone but auditors, who read and never write.
PROGRAM_READ = row(401, 404, 404, 404, 404, 200, 404)
PROGRAM_WRITE = row(401, 404, 404, 404, 404, 403, 404)
# Coach A's own exercise: the same rule.
EXERCISE_READ = PROGRAM_READ
EXERCISE_WRITE = PROGRAM_WRITE

MATRIX: dict[tuple[str, str], dict[str, int]] = {
    ("GET", "healthz"): everyone(200),
    ("GET", "readyz"): everyone(200),
    # Scrapers with METRICS_TOKEN or staff sessions only (tests/api/test_operations.py).
    ("GET", "metrics"): everyone(403),
    ("GET", "api/schema/"): everyone(200),
    ("GET", "api/docs/"): everyone(200),
    # Signing in: open to all; an empty body is invalid.
    ("GET", "api/auth/csrf/"): everyone(204),
    ("POST", "api/auth/login/"): everyone(400),
    ("POST", "api/auth/token/"): everyone(400),
    ("POST", "api/auth/register/"): everyone(400),
    ("POST", "api/auth/logout/"): signed_in(204),
    ("POST", "api/auth/password/"): signed_in(400),
    ("POST", "api/auth/password/reset/"): everyone(400),
    ("POST", "api/auth/password/reset/confirm/"): everyone(400),
    ("GET", "api/auth/me/"): signed_in(200),
    # People: admins only.
    ("GET", "api/admin/users/"): row(401, 403, 403, 403, 403, 403, 200),
    ("PUT", "api/admin/users/<uuid:user_id>/roles/"): row(401, 403, 403, 403, 403, 403, 400),
    # A person's data: their own export; admins export anyone, and erase only when the body
    # repeats the person's id (an empty body is 400, nothing erased).
    ("GET", "api/me/export/"): signed_in(200),
    ("POST", "api/admin/users/<uuid:user_id>/export/"): row(401, 403, 403, 403, 403, 403, 200),
    ("POST", "api/admin/users/<uuid:user_id>/erase/"): row(401, 403, 403, 403, 403, 403, 400),
    ("GET", "api/audit/verify/"): row(401, 403, 403, 403, 403, 200, 200),
    ("GET", "api/projections/"): row(401, 403, 403, 403, 403, 403, 200),
    ("GET", "api/audit/events/"): row(401, 403, 403, 403, 403, 200, 200),
    # Exercises: system ones for all, coach A's own hidden; coaches and admins create.
    ("GET", "api/exercises/"): signed_in(200),
    ("POST", "api/exercises/"): row(401, 400, 403, 403, 403, 403, 400),
    ("GET", "api/exercises/<uuid:exercise_id>/"): EXERCISE_READ,
    ("PATCH", "api/exercises/<uuid:exercise_id>/"): EXERCISE_WRITE,
    ("PUT", "api/exercises/<uuid:exercise_id>/translations/<str:locale>/"): EXERCISE_WRITE,
    ("DELETE", "api/exercises/<uuid:exercise_id>/translations/<str:locale>/"): EXERCISE_WRITE,
    ("POST", "api/exercises/<uuid:exercise_id>/media/"): EXERCISE_WRITE,
    ("DELETE", "api/exercises/<uuid:exercise_id>/media/<uuid:media_id>/"): EXERCISE_WRITE,
    ("POST", "api/exercises/<uuid:exercise_id>/media/<uuid:media_id>/primary/"): EXERCISE_WRITE,
    ("POST", "api/exercises/<uuid:exercise_id>/archive/"): EXERCISE_WRITE,
    ("POST", "api/exercises/<uuid:exercise_id>/merge/"): EXERCISE_WRITE,
    # Programs: coaches create (an empty body is invalid); coach A's program is hidden.
    ("GET", "api/programs/"): signed_in(200),
    ("POST", "api/programs/"): row(401, 400, 403, 403, 403, 403, 403),
    ("GET", "api/programs/<uuid:program_id>/"): PROGRAM_READ,
    ("PATCH", "api/programs/<uuid:program_id>/"): PROGRAM_WRITE,
    ("POST", "api/programs/<uuid:program_id>/publish/"): PROGRAM_WRITE,
    ("POST", "api/programs/<uuid:program_id>/archive/"): PROGRAM_WRITE,
    ("POST", "api/programs/<uuid:program_id>/restore/"): PROGRAM_WRITE,
    # Forking is for coaches: others are refused for their role, whatever the program.
    ("POST", "api/programs/<uuid:program_id>/fork/"): row(401, 404, 403, 403, 403, 403, 403),
    ("GET", "api/programs/<uuid:program_id>/versions/"): PROGRAM_READ,
    ("GET", "api/programs/<uuid:program_id>/versions/<int:number>/"): PROGRAM_READ,
    ("GET", "api/programs/<uuid:program_id>/history/"): PROGRAM_READ,
    # Auditors pass, and then need a version or a time: without one the query is invalid.
    ("GET", "api/programs/<uuid:program_id>/state/"): row(401, 404, 404, 404, 404, 400, 404),
    ("GET", "api/programs/<uuid:program_id>/diff/"): row(401, 404, 404, 404, 404, 400, 404),
    ("POST", "api/programs/<uuid:program_id>/weeks/<uuid:child_id>/duplicate/"): PROGRAM_WRITE,
    # Links: coach A's two links; the assigned and the unconsenting athlete each see their own.
    ("GET", "api/links/"): signed_in(200),
    ("POST", "api/links/"): row(401, 400, 403, 403, 403, 403, 403),
    ("GET", "api/links/<uuid:link_id>/"): row(401, 404, 404, 404, 200, 200, 404),
    ("POST", "api/links/<uuid:link_id>/accept/"): row(401, 404, 404, 404, 403, 403, 404),
    ("POST", "api/links/<uuid:link_id>/decline/"): row(401, 404, 404, 404, 403, 403, 404),
    ("POST", "api/links/<uuid:link_id>/end/"): row(401, 404, 404, 404, 200, 403, 404),
    ("POST", "api/links/<uuid:link_id>/consents/"): row(401, 404, 404, 404, 400, 403, 404),
    ("DELETE", "api/links/<uuid:link_id>/consents/<str:purpose>/"): row(
        401, 404, 404, 404, 200, 403, 404
    ),
    # Assignments: the assigned athlete sees and may stop theirs; the coach's are not theirs.
    ("GET", "api/athletes/"): row(401, 200, 403, 403, 403, 403, 403),
    ("GET", "api/assignments/"): signed_in(200),
    ("POST", "api/assignments/"): row(401, 400, 403, 403, 403, 403, 403),
    ("GET", "api/assignments/<uuid:assignment_id>/"): row(401, 404, 404, 404, 200, 200, 404),
    ("POST", "api/assignments/<uuid:assignment_id>/upgrade/"): row(
        401, 404, 404, 404, 403, 403, 404
    ),
    ("POST", "api/assignments/<uuid:assignment_id>/cancel/"): row(
        401, 404, 404, 404, 200, 403, 404
    ),
    ("GET", "api/assignments/<uuid:assignment_id>/calendar/"): row(
        401, 404, 404, 404, 200, 200, 404
    ),
}
for level in ("weeks", "days", "groups", "entries"):
    base = f"api/programs/<uuid:program_id>/{level}/"
    MATRIX[("POST", base)] = PROGRAM_WRITE
    MATRIX[("PATCH", f"{base}<uuid:child_id>/")] = PROGRAM_WRITE
    MATRIX[("DELETE", f"{base}<uuid:child_id>/")] = PROGRAM_WRITE
    MATRIX[("POST", f"{base}<uuid:child_id>/move/")] = PROGRAM_WRITE


def _routes(patterns: list[Any], prefix: str = "") -> list[tuple[str, Any]]:
    found = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if not route.startswith(NOT_THE_API):
                found += _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            found.append((route, pattern.callback))
    return found


def _methods(callback: Any) -> list[str]:
    view = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    if view is None:  # a plain function view
        return ["GET"]
    return [
        m.upper()
        for m in view.http_method_names
        if m not in ("options", "head") and hasattr(view, m)
    ]


def endpoints() -> list[tuple[str, str]]:
    return sorted(
        (method, route)
        for route, callback in _routes(get_resolver().url_patterns)
        for method in _methods(callback)
    )


def test_every_endpoint_has_a_row():
    missing = [
        f"{method} {route}" for method, route in endpoints() if (method, route) not in MATRIX
    ]
    stale = [f"{m} {r}" for m, r in MATRIX if (m, r) not in endpoints()]

    assert missing == [], (
        "endpoints without a row in the authorisation matrix "
        "(tests/api/test_authorisation_matrix.py): add the status each caller must get"
    )
    assert stale == []


@pytest.fixture
def world(make_user, exercises) -> dict[str, Any]:
    """Coach A's objects, and a client for each caller (coach A acts only while building)."""
    from builder.domain import Actor
    from builder.wiring import library

    owner = make_user("owner")
    owner_api = client_for(owner)
    people = {
        "other_coach": make_user("other-coach"),
        "unlinked": make_user("unlinked", roles=(Role.ATHLETE,)),
        "no_consent": make_user("no-consent", roles=(Role.ATHLETE,)),
        "assigned": make_user("assigned", roles=(Role.ATHLETE,)),
        "auditor": make_user("auditor", roles=(Role.AUDITOR,)),
        "admin": make_user("admin-user", roles=(Role.ADMIN,)),
    }
    clients = {name: client_for(user) for name, user in people.items()}
    clients["anonymous"] = APIClient()
    editor = published_program(owner_api, exercises["Back Squat"])
    tree = editor.document()["weeks"][0]
    link_id = linked(owner_api, clients["assigned"], people["assigned"].email, "programming")
    linked(owner_api, clients["no_consent"], people["no_consent"].email)
    invite(owner_api, people["unlinked"].email.replace("@", "+never@"))
    assignment = assign(owner_api, link_id, editor.id).json()["assignment"]
    exercise = library().create_exercise(
        actor=Actor(user_id=owner.id, correlation_id="matrix"),
        exercise_id=uuid.uuid4(),
        scope="coach",
        names={"en": "Owner's Squat"},
        category="squat",
    )
    day = tree["days"][0]
    group = day["groups"][0]
    return {
        "clients": clients,
        "emails": {name: user.email for name, user in people.items()} | {"owner": owner.email},
        "ids": {
            "program_id": editor.id,
            "exercise_id": str(exercise.aggregate.id),
            "media_id": str(uuid.uuid4()),
            "locale": "de",
            "number": "1",
            "link_id": link_id,
            "assignment_id": assignment["id"],
            "purpose": "programming",
            "user_id": str(owner.id),
        },
        "children": {
            "weeks": tree["id"],
            "days": day["id"],
            "groups": group["id"],
            "entries": group["entries"][0]["id"],
        },
        "etags": {"program_id": editor.etag, "assignment_id": '"1"', "link_id": '"3"'},
    }


def url_for(route: str, world: dict[str, Any]) -> str:
    def value(match: re.Match) -> str:
        name = match.group(1)
        if name == "child_id":
            level = route.split("/")[3]
            return world["children"][level]
        return world["ids"][name]

    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", value, route)


def if_match(route: str, world: dict[str, Any]) -> str:
    for key, etag in world["etags"].items():
        if f"<uuid:{key}>" in route:
            return etag
    return '"1"'


def last_position() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(notification_id), 0) FROM eventstore_events")
        return cursor.fetchone()[0]


def call(client: APIClient, method: str, route: str, world: dict[str, Any]):
    url = url_for(route, world)
    headers = {"HTTP_IF_MATCH": if_match(route, world)}
    if route == "metrics":
        return client.get(url)
    return getattr(client, method.lower())(url, {}, format="json", **headers)


@pytest.mark.parametrize("caller", CALLERS)
def test_each_caller_gets_exactly_what_the_matrix_says(caller, world):
    client = world["clients"][caller]
    others = [email for name, email in world["emails"].items() if name != caller]
    observed, leaks = {}, []
    for method, route in endpoints():
        before = last_position()
        with transaction.atomic():
            response = call(client, method, route, world)
            changed = last_position() != before
            transaction.set_rollback(True)
        observed[(method, route)] = response.status_code
        if response.status_code >= 400 and changed:
            leaks.append(f"{method} {route} refused but recorded an event")
        content = b"".join(response.streaming_content) if response.streaming else response.content
        body = content.decode(errors="replace")
        if not route.startswith("api/admin/") and any(email in body for email in others):
            leaks.append(f"{method} {route} shows another person's email")
    expected = {key: statuses[caller] for key, statuses in MATRIX.items()}

    wrong = {
        f"{m} {r}": (observed[(m, r)], expected.get((m, r)))
        for m, r in observed
        if observed[(m, r)] != expected.get((m, r))
    }
    assert wrong == {}, "endpoint: (observed, expected)"
    assert leaks == []
