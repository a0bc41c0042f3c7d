"""People who write unique markers into the service, and their erasure, for the tests that look
for the markers in the database's files. Run by `manage.py shell` against a database of the
test's own (tests/reliability/postgres.py): MARKERS and the ids come in the environment."""

from __future__ import annotations

import json
import os
import uuid

from builder.models import Role, User
from tests.api.conftest import client_for
from tests.api.editing import Editor
from tests.api.library import ExerciseEditor
from tests.conftest import PASSWORD
from tests.timeline import catch_up

FIELDS = (
    "display_name",
    "email",
    "title",
    "description",
    "week_label",
    "day_title",
    "group_label",
    "entry_notes",
    "exercise_name",
    "idempotent_title",
)


def write() -> None:
    """An admin, and each person of MARKERS writing theirs everywhere; prints their ids."""
    admin = User.objects.create_user(
        f"admin-{uuid.uuid4().hex[:8]}@example.com", PASSWORD, display_name="A", roles=[Role.ADMIN]
    )
    markers = json.loads(os.environ["MARKERS"])
    ids = {"admin": str(admin.id), **{who: str(wrote(m).id) for who, m in markers.items()}}
    catch_up()  # the audit timeline, as the worker would
    print(json.dumps(ids))


def wrote(m: dict[str, str]) -> User:
    """A coach whose name, address, program, tree, own exercise and a retried request carry
    the markers `m`."""
    person = User.objects.create_user(
        f"{m['email']}@example.com", PASSWORD, display_name=m["display_name"], roles=[Role.COACH]
    )
    api = client_for(person)
    exercise = ExerciseEditor.create(api, name=m["exercise_name"])
    editor = Editor.create(api, title=m["title"], description=m["description"])
    day = editor.add_day(editor.add_week(label=m["week_label"]), title=m["day_title"])
    group = editor.add_group(day, label=m["group_label"])
    editor.add_entry(group, exercise.id, notes=m["entry_notes"])
    response = api.post(
        "/api/programs/",
        {"title": m["idempotent_title"]},
        format="json",
        HTTP_IDEMPOTENCY_KEY=f"key-{uuid.uuid4().hex}",
    )
    assert response.status_code == 201, response.content
    return person


def erase() -> None:
    """ADMIN erases PERSON through the admin endpoint."""
    person = os.environ["PERSON"]
    admin = User.objects.get(id=os.environ["ADMIN"])
    response = client_for(admin).post(
        f"/api/admin/users/{person}/erase/", {"confirm": person}, format="json"
    )
    assert response.status_code == 200, response.content
