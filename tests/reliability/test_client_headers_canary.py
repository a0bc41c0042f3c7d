"""G7: what a client chooses in the headers and query strings of its requests (its request id,
user agent and referrer, a header of its own, parameters) is stored nowhere: a full pg_dump
holds none of it, neither while the person who sent it has an account nor after their erasure.
Their Idempotency-Key is kept only as a keyed hash. The title they gave a program is the
control: the read models hold it in the clear until their erasure, so the scan finds it.

The requests record events through every path that records a request's correlation id: a
registration, program commands, an admin's role change, export and the erasure itself."""

from __future__ import annotations

import uuid

import pytest
from rest_framework.test import APIClient

from builder.models import User
from tests.conftest import PASSWORD
from tests.reliability.dumps import leaked, pg_dump
from tests.timeline import catch_up

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

KINDS = (
    "request_id",
    "user_agent",
    "referrer",
    "own_header",
    "parameter",
    "value",
    "search",
    "idempotency_key",
    "title",
)


@pytest.fixture
def markers() -> dict[str, str]:
    # Mixed case, so that the lower-cased encoding differs; only characters a request id may use.
    run = uuid.uuid4().hex[:8]
    return {kind: f"Cnry{kind.replace('_', '').title()}{run}" for kind in KINDS}


def marked_client(markers: dict[str, str], token: str | None = None) -> APIClient:
    """A client whose every request carries the markers in its headers."""
    headers = {
        "HTTP_X_REQUEST_ID": f"req-{markers['request_id']}",
        "HTTP_USER_AGENT": f"Mozilla/5.0 ({markers['user_agent']})",
        "HTTP_REFERER": f"https://app.example.com/{markers['referrer']}",
        "HTTP_X_CLIENT_NOTE": markers["own_header"],
    }
    if token:
        headers["HTTP_AUTHORIZATION"] = f"Token {token}"
    client = APIClient()
    client.credentials(**headers)
    return client


def marked(path: str, markers: dict[str, str]) -> str:
    """The path with the markers in its query string."""
    return f"{path}?{markers['parameter']}={markers['value']}&q={markers['search']}"


def registered(markers: dict[str, str]) -> tuple[User, str]:
    """A coach who registered and took a token with marked requests."""
    email = f"g7-{uuid.uuid4().hex[:8]}@example.com"
    body = {"email": email, "password": PASSWORD, "display_name": "G7", "role": "coach"}
    answer = marked_client(markers).post(marked("/api/auth/register/", markers), body, "json")
    assert answer.status_code == 202, answer.content
    login = {"email": email, "password": PASSWORD}
    answer = marked_client(markers).post(marked("/api/auth/token/", markers), login, "json")
    assert answer.status_code == 200, answer.content
    return User.objects.get(email=email), answer.json()["token"]


def edits_a_program(api: APIClient, markers: dict[str, str]) -> None:
    created = api.post(
        marked("/api/programs/", markers),
        {"title": markers["title"]},
        format="json",
        HTTP_IDEMPOTENCY_KEY=markers["idempotency_key"],
    )
    assert created.status_code == 201, created.content
    program = f"/api/programs/{created.json()['program']['id']}/"
    renamed = api.patch(
        marked(program, markers), {"title": "Plainer"}, format="json", HTTP_IF_MATCH=created["ETag"]
    )
    assert renamed.status_code == 200, renamed.content
    assert api.get(marked("/api/programs/", markers)).status_code in (200, 400)
    assert api.get(marked(f"{program}history/", markers)).status_code in (200, 400)


def test_what_clients_put_in_headers_and_query_strings_is_in_no_dump(admin, markers):
    person, token = registered(markers)
    edits_a_program(marked_client(markers, token), markers)
    admin_token = marked_client(markers).post(
        "/api/auth/token/", {"email": admin.email, "password": PASSWORD}, "json"
    )
    staff = marked_client(markers, admin_token.json()["token"])
    user = f"/api/admin/users/{person.id}/"
    roles = staff.put(marked(f"{user}roles/", markers), {"roles": ["coach", "athlete"]}, "json")
    assert roles.status_code == 200, roles.content
    assert staff.post(marked(f"{user}export/", markers)).status_code == 200
    catch_up()

    assert set(leaked(pg_dump(), markers)) == {"title"}

    erased = staff.post(marked(f"{user}erase/", markers), {"confirm": str(person.id)}, "json")
    assert erased.status_code == 200, erased.content
    catch_up()

    assert leaked(pg_dump(), markers) == {}
