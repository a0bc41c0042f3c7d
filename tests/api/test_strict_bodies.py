"""Every body the API reads is read strictly: a value of the wrong JSON type, a field it does not
know, or text that would be shown other than as written (bidirectional overrides, invisible
characters) is a 400 problem naming the field, and nothing is recorded."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.db import connection
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from drf_spectacular.generators import SchemaGenerator
from rest_framework import serializers
from rest_framework.test import APIClient

from builder.api.serializers import FlagField, IdField, StrictSerializer, TextOnly, WholeField
from builder.models import Role, User
from tests.api.coaching import TERMS, assign, link_etag, linked, new_id, published_program
from tests.api.conftest import client_for
from tests.api.editing import Editor, Rx
from tests.api.library import ExerciseEditor
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

RIGHT_TO_LEFT_OVERRIDE = "\u202e"
# What reorders the text after it ("Block\u202egnp.exe" shows as "Blockexe.png"), and what hides
# in a line.
BIDI_CONTROLS = [chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]]
INVISIBLE = [chr(c) for c in [*range(0x200B, 0x2010), 0x061C, 0xFEFF]]


@dataclass
class Call:
    """One request: who sends it, how, where, and a body the endpoint accepts."""

    client: APIClient
    method: str
    path: str
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)

    def send(self, body: dict[str, Any] | None = None):
        call = getattr(self.client, self.method)
        return call(self.path, self.body if body is None else body, format="json", **self.headers)


class World:
    """What the endpoints act on, built when a family first needs it."""

    def __init__(self, request: pytest.FixtureRequest) -> None:
        self.fixture = request.getfixturevalue

    @cached_property
    def api(self) -> APIClient:
        return self.fixture("api")

    @cached_property
    def admin_api(self) -> APIClient:
        return client_for(self.fixture("admin"))

    @cached_property
    def exercises(self) -> dict[str, Any]:
        return self.fixture("exercises")

    @cached_property
    def program(self) -> Editor:
        return Editor.create(self.api, title="Block")

    @cached_property
    def ids(self) -> dict[str, str]:
        editor = self.program
        week = editor.add_week()
        day = editor.add_day(week)
        group = editor.add_group(day)
        entry = editor.add_entry(group, self.exercises["Back Squat"])
        return {"week": week, "day": day, "group": group, "entry": entry}

    @cached_property
    def exercise(self) -> ExerciseEditor:
        return ExerciseEditor.create(self.api, "Zercher Squat")

    @cached_property
    def athlete(self) -> User:
        return self.fixture("make_user")("athlete", roles=(Role.ATHLETE,))

    @cached_property
    def athlete_api(self) -> APIClient:
        return client_for(self.athlete)

    @cached_property
    def link(self) -> str:
        return linked(self.api, self.athlete_api, self.athlete.email, "programming")

    @cached_property
    def assignment(self) -> str:
        editor = published_program(self.api, self.exercises["Back Squat"])
        answer = assign(self.api, self.link, editor.id)
        assert answer.status_code == 201, answer.content
        editor.send("post", "publish/")  # a later version to upgrade to
        return answer.json()["assignment"]["id"]

    def program_call(self, method: str, path: str, body: dict[str, Any]) -> Call:
        assert self.ids  # the tree is built before its ETag is read
        headers = {"HTTP_IF_MATCH": self.program.etag}
        return Call(self.api, method, self.program.url(path), body, headers)

    def exercise_call(self, method: str, path: str, body: dict[str, Any]) -> Call:
        headers = {"HTTP_IF_MATCH": self.exercise.etag}
        return Call(self.api, method, self.exercise.url(path), body, headers)


Path = tuple[str, ...]


@dataclass(frozen=True)
class Family:
    """Endpoints taking one kind of body: the call, a text field shown to people (its path in
    the body, or None), and a field with a value of the wrong JSON type (or one made from the
    world)."""

    call: Callable[[World], Call]
    shown: Path | None
    wrong: tuple[Path, Any]


def _number(path: Path) -> tuple[Path, Any]:
    return path, 123


FAMILIES: dict[str, Family] = {
    "create program": Family(
        lambda w: Call(w.api, "post", "/api/programs/", {"title": "T", "tags": ["a"]}),
        ("title",),
        (("tags",), [1, 2]),
    ),
    "change program": Family(
        lambda w: w.program_call("patch", "", {"title": "T", "goal": "Strength"}),
        ("goal",),
        _number(("title",)),
    ),
    "change program notes": Family(
        lambda w: w.program_call("patch", "", {"notes": {"focus": "Legs"}}),
        ("notes", "focus"),
        _number(("notes", "focus")),
    ),
    "fork": Family(
        lambda w: w.program_call("post", "fork/", {"title": "F"}), ("title",), _number(("title",))
    ),
    "add week": Family(
        lambda w: w.program_call(
            "post", "weeks/", {"week_id": new_id(), "position": 0, "label": "W"}
        ),
        ("label",),
        _number(("phase",)),
    ),
    "change week": Family(
        lambda w: w.program_call("patch", f"weeks/{w.ids['week']}/", {"label": "W"}),
        ("label",),
        _number(("label",)),
    ),
    "move week": Family(
        lambda w: w.program_call("post", f"weeks/{w.ids['week']}/move/", {"position": 0}),
        None,
        (("position",), "0"),
    ),
    "duplicate week": Family(
        lambda w: w.program_call(
            "post", f"weeks/{w.ids['week']}/duplicate/", {"week_id": new_id(), "position": 1}
        ),
        None,
        (("position",), 1.0),
    ),
    "add day": Family(
        lambda w: w.program_call(
            "post",
            "days/",
            {"week_id": w.ids["week"], "day_id": new_id(), "position": 1, "title": "D"},
        ),
        ("title",),
        (("is_rest",), 1),
    ),
    "change day": Family(
        lambda w: w.program_call("patch", f"days/{w.ids['day']}/", {"title": "D"}),
        ("title",),
        _number(("title",)),
    ),
    "move day": Family(
        lambda w: w.program_call(
            "post", f"days/{w.ids['day']}/move/", {"week_id": w.ids["week"], "position": 0}
        ),
        None,
        (("position",), "0"),
    ),
    "add group": Family(
        lambda w: w.program_call(
            "post",
            "groups/",
            {"day_id": w.ids["day"], "group_id": new_id(), "position": 1, "label": "G"},
        ),
        ("label",),
        (("rounds",), "3"),
    ),
    "change group": Family(
        lambda w: w.program_call("patch", f"groups/{w.ids['group']}/", {"label": "G"}),
        ("label",),
        _number(("label",)),
    ),
    "move group": Family(
        lambda w: w.program_call(
            "post", f"groups/{w.ids['group']}/move/", {"day_id": w.ids["day"], "position": 0}
        ),
        None,
        (("position",), "0"),
    ),
    "add entry": Family(
        lambda w: w.program_call(
            "post",
            "entries/",
            {
                "group_id": w.ids["group"],
                "entry_id": new_id(),
                "position": 1,
                "exercise_id": str(w.exercises["Deadlift"]),
                "prescription": Rx,
                "notes": "Slow",
            },
        ),
        ("notes",),
        _number(("notes",)),
    ),
    "change entry": Family(
        lambda w: w.program_call("patch", f"entries/{w.ids['entry']}/", {"notes": "Slow"}),
        ("notes",),
        _number(("notes",)),
    ),
    "move entry": Family(
        lambda w: w.program_call(
            "post", f"entries/{w.ids['entry']}/move/", {"group_id": w.ids["group"], "position": 0}
        ),
        None,
        (("position",), "0"),
    ),
    "create exercise": Family(
        lambda w: Call(
            w.api,
            "post",
            "/api/exercises/",
            {"names": {"en": "Box Squat"}, "aliases": {"en": ["Box"]}, "category": "squat"},
        ),
        ("names", "en"),
        (("aliases", "en"), [7]),
    ),
    "classify exercise": Family(
        lambda w: w.exercise_call("patch", "", {"category": "hinge"}),
        None,
        (("category",), 1),
    ),
    "translate exercise": Family(
        lambda w: w.exercise_call("put", "translations/de/", {"name": "Kniebeuge"}),
        ("name",),
        _number(("name",)),
    ),
    "link a video": Family(
        lambda w: w.exercise_call(
            "post",
            "media/",
            {"url": "https://youtu.be/dQw4w9WgXcQ", "attribution": "Me", "description": "How"},
        ),
        ("attribution",),
        (("url",), 1),
    ),
    "merge exercise": Family(
        lambda w: w.exercise_call("post", "merge/", {"into": str(w.exercises["Back Squat"])}),
        None,
        (("into",), 1),
    ),
    "invite an athlete": Family(
        lambda w: Call(w.api, "post", "/api/links/", {"email": "athlete@example.com"}),
        ("email",),
        (("email",), 1),
    ),
    "consent": Family(
        lambda w: Call(
            w.athlete_api,
            "post",
            f"/api/links/{w.link}/consents/",
            {"purpose": "schedule", "terms_version": TERMS},
            {"HTTP_IF_MATCH": link_etag(w.athlete_api, w.link)},
        ),
        None,
        (("terms_version",), 2026),
    ),
    "assign a program": Family(
        lambda w: Call(
            w.api,
            "post",
            "/api/assignments/",
            {
                "link_id": w.link,
                "program_id": published_program(w.api, w.exercises["Back Squat"]).id,
                "version": 1,
                "start_date": "2026-12-07",
            },
        ),
        None,
        (("version",), "1"),
    ),
    "upgrade an assignment": Family(
        lambda w: Call(
            w.api,
            "post",
            f"/api/assignments/{w.assignment}/upgrade/",
            {"version": 2},
            {"HTTP_IF_MATCH": w.api.get(f"/api/assignments/{w.assignment}/")["ETag"]},
        ),
        None,
        (("version",), "2"),
    ),
    "register": Family(
        lambda w: Call(
            APIClient(),
            "post",
            "/api/auth/register/",
            {
                "email": "new.person@example.com",
                "password": PASSWORD,
                "display_name": "New Person",
                "role": "athlete",
            },
        ),
        ("display_name",),
        _number(("display_name",)),
    ),
    "log in": Family(
        lambda w: Call(
            APIClient(),
            "post",
            "/api/auth/login/",
            {"email": w.fixture("coach").email, "password": PASSWORD},
        ),
        None,
        (("password",), 12345678901),
    ),
    "obtain a token": Family(
        lambda w: Call(
            APIClient(),
            "post",
            "/api/auth/token/",
            {"email": w.fixture("coach").email, "password": PASSWORD},
        ),
        None,
        (("password",), 12345678901),
    ),
    "change the password": Family(
        lambda w: Call(
            w.api,
            "post",
            "/api/auth/password/",
            {"current_password": PASSWORD, "new_password": "another-long-password-42"},
        ),
        None,
        (("new_password",), 12345678901),
    ),
    "ask for a password reset": Family(
        lambda w: Call(
            APIClient(), "post", "/api/auth/password/reset/", {"email": "a@example.com"}
        ),
        None,
        (("email",), 5),
    ),
    "set a password with a reset link": Family(
        lambda w: Call(
            APIClient(),
            "post",
            "/api/auth/password/reset/confirm/",
            {
                "uid": urlsafe_base64_encode(force_bytes(w.fixture("coach").pk)),
                "token": default_token_generator.make_token(w.fixture("coach")),
                "new_password": "another-long-password-42",
            },
        ),
        None,
        (("token",), 5),
    ),
    "set roles": Family(
        lambda w: Call(
            w.admin_api,
            "put",
            f"/api/admin/users/{w.fixture('coach').id}/roles/",
            {"roles": ["coach", "auditor"]},
        ),
        None,
        (("roles",), "coach"),
    ),
    "erase a person": Family(
        lambda w: Call(
            w.admin_api,
            "post",
            f"/api/admin/users/{w.fixture('other_coach').id}/erase/",
            {"confirm": str(w.fixture("other_coach").id)},
        ),
        None,
        # The id as the number it is: a UUID is written as text.
        (("confirm",), lambda w: w.fixture("other_coach").id.int),
    ),
}


def stored_events() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM eventstore_events")
        return cursor.fetchone()[0]


def recorded() -> tuple[int, int]:
    return stored_events(), User.objects.count()


def with_value(body: dict[str, Any], path: Path, value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(body)
    *parents, name = path
    inner = changed
    for key in parents:
        inner = inner[key]
    inner[name] = value
    return changed


def value_at(body: dict[str, Any], path: Path) -> Any:
    for key in path:
        body = body[key]
    return body


def assert_refused(response, path: Path) -> None:
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    errors = response.json()["errors"]
    assert path[0] in errors or ".".join(path) in errors, errors


@pytest.fixture
def world(request) -> World:
    return World(request)


SHOWN = [name for name, family in FAMILIES.items() if family.shown]


@pytest.mark.parametrize("name", FAMILIES)
def test_the_body_each_family_is_tried_with_is_accepted(world, name):
    response = FAMILIES[name].call(world).send()

    assert 200 <= response.status_code < 300, response.content


@pytest.mark.parametrize("name", FAMILIES)
def test_a_value_of_the_wrong_type_is_400_and_records_nothing(world, name):
    family = FAMILIES[name]
    call = family.call(world)
    path, value = family.wrong
    value = value(world) if callable(value) else value
    before = recorded()

    response = call.send(with_value(call.body, path, value))

    assert_refused(response, path)
    assert recorded() == before


@pytest.mark.parametrize("name", FAMILIES)
def test_an_unknown_field_is_400_and_records_nothing(world, name):
    call = FAMILIES[name].call(world)
    before = recorded()

    response = call.send({**call.body, "colour": "red"})

    assert_refused(response, ("colour",))
    assert recorded() == before


@pytest.mark.parametrize("name", SHOWN)
def test_shown_text_with_a_right_to_left_override_is_400_and_records_nothing(world, name):
    family = FAMILIES[name]
    call = family.call(world)
    spoofed = f"{value_at(call.body, family.shown)}{RIGHT_TO_LEFT_OVERRIDE}gnp.exe"
    before = recorded()

    response = call.send(with_value(call.body, family.shown, spoofed))

    assert_refused(response, family.shown)
    assert recorded() == before


ONE_LINE = ["create program", "register", "create exercise"]


@pytest.mark.parametrize("character", BIDI_CONTROLS + INVISIBLE, ids=ascii)
@pytest.mark.parametrize("name", ONE_LINE)
def test_one_line_text_refuses_every_bidirectional_control_and_invisible_character(
    world, name, character
):
    family = FAMILIES[name]
    call = family.call(world)
    before = recorded()

    response = call.send(with_value(call.body, family.shown, f"Blo{character}ck"))

    assert_refused(response, family.shown)
    assert recorded() == before


@pytest.mark.parametrize("character", BIDI_CONTROLS, ids=ascii)
def test_notes_refuse_every_bidirectional_control(world, character):
    call = FAMILIES["change entry"].call(world)

    response = call.send({"notes": f"Slow{character} down"})

    assert_refused(response, ("notes",))


def test_notes_keep_the_joiners_of_emoji_and_scripts(world):
    call = FAMILIES["change entry"].call(world)
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # joined into one picture
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # a non-joiner inside a word
    notes = f"Family day {family}, {persian}"

    response = call.send({"notes": notes})

    assert response.status_code == 200, response.content
    entry = response.json()["program"]["weeks"][0]["days"][0]["groups"][0]["entries"][0]
    assert entry["notes"] == notes


def request_bodies() -> list[tuple[str, Any]]:
    """Each operation's body serializer, as the OpenAPI document is generated from them."""
    generator = SchemaGenerator()
    generator._initialise_endpoints()
    found = []
    for path, _, method, view in generator._get_paths_and_endpoints():
        body = view.schema.get_request_serializer() if method in ("POST", "PUT", "PATCH") else None
        if body is not None:
            found.append((f"{method} {path}", body))
    return found


LOOSE = {
    serializers.CharField: TextOnly,
    serializers.IntegerField: WholeField,
    serializers.BooleanField: FlagField,
    serializers.UUIDField: IdField,
}


def loose_parts(serializer: Any, where: str) -> list[str]:
    """The parts of a serializer that read a body loosely: not strict, or DRF's own fields."""
    serializer = serializer() if isinstance(serializer, type) else serializer
    found = [] if isinstance(serializer, StrictSerializer) else [where]
    for name, part in serializer.fields.items():
        while isinstance(part, serializers.ListField | serializers.DictField):
            part = part.child
        if isinstance(part, serializers.Serializer):
            found += loose_parts(part, f"{where}.{name}")
        found += [
            f"{where}.{name}"
            for drf, strict in LOOSE.items()
            if isinstance(part, drf) and not isinstance(part, strict)
        ]
    return found


def test_every_body_is_read_by_a_strict_serializer_of_strict_fields():
    bodies = request_bodies()

    loose = [part for operation, body in bodies for part in loose_parts(body, operation)]

    operations = {operation for operation, _ in bodies}
    assert {"POST /api/auth/register/", "PATCH /api/programs/{program_id}/"} <= operations
    assert loose == []


def test_the_refusal_is_said_in_the_language_of_the_request(api):
    response = api.post(
        "/api/programs/", {"title": "Block\u202e"}, format="json", HTTP_ACCEPT_LANGUAGE="de"
    )

    assert response.json()["errors"] == {
        "title": ["darf keine Zeichen enthalten, die den Text umordnen"]
    }
