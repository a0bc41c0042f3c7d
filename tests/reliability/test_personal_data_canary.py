"""G1: a person's unique markers, in every field they can fill, are never stored in the clear in
events or snapshots, and after their erasure a full pg_dump holds none of them in any encoding."""

from __future__ import annotations

import uuid

import pytest

from builder.domain import Actor
from builder.wiring import builder
from eventstore.verification import verify_chain
from tests.api.conftest import client_for
from tests.api.editing import Editor
from tests.api.library import ExerciseEditor
from tests.reliability.dumps import leaked, pg_dump
from tests.timeline import catch_up

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

FIELDS = (
    "display_name",
    "email",
    "title",
    "renamed",
    "description",
    "goal",
    "tag",
    "focus",
    "phase",
    "considerations",
    "notes",
    "week_label",
    "week_phase",
    "day_title",
    "group_label",
    "entry_notes",
    "exercise_name",
    "exercise_alias",
    "exercise_german",
    "idempotent_title",
    "about_them",
)


@pytest.fixture
def markers() -> dict[str, str]:
    # Upper case, a non-ASCII letter and a random part: each encoding below differs from raw.
    run = uuid.uuid4().hex[:8]
    return {field: f"Cnry{field.replace('_', '').title()}Ü{run}" for field in FIELDS}


def a_person_who_wrote_everywhere(make_user, markers, exercises):
    m = markers
    person = make_user("canary")
    person.display_name = m["display_name"]
    person.email = f"{m['email'].lower()}@example.com"
    person.save()
    api = client_for(person)

    editor = Editor.create(api, title=m["title"], description=m["description"], goal=m["goal"])
    editor.send("patch", "", {"tags": [m["tag"]]})
    notes = {key: m[key] for key in ("focus", "phase", "considerations", "notes")}
    editor.send("patch", "", {"notes": notes})
    week = editor.add_week(label=m["week_label"], phase=m["week_phase"])
    day = editor.add_day(week, title=m["day_title"])
    group = editor.add_group(day, label=m["group_label"])
    editor.add_entry(group, exercises["Back Squat"], notes=m["entry_notes"])
    editor.send("patch", "", {"title": m["renamed"]})
    builder().take_snapshot(uuid.UUID(editor.id))

    own = ExerciseEditor.create(api, name=m["exercise_name"], aliases={"en": [m["exercise_alias"]]})
    own.translate("de", m["exercise_german"])

    response = api.post(
        "/api/programs/",
        {"title": m["idempotent_title"]},
        format="json",
        HTTP_IDEMPOTENCY_KEY="canary-key",
    )
    assert response.status_code == 201
    return person


def a_coach_writes_about(person, make_user, markers) -> uuid.UUID:
    coach = make_user("their-coach")
    coached_by(coach, person)
    program_id = uuid.uuid4()
    builder().create_program(
        actor=Actor(user_id=coach.id, correlation_id="canary"),
        program_id=program_id,
        title=markers["about_them"],
        kind="personal",
        athlete_id=person.id,
    )
    return program_id


def coached_by(coach, person) -> None:
    """The person, an athlete too, accepts a link to the coach (invited at their marked
    address, which waits in the invitations table), consents and follows an assignment."""
    from builder.models import Role
    from builder.services import coaching as coaching_use_cases
    from tests.api.coaching import accept, assign, consent, published_program

    def invite() -> str:
        link_id = uuid.uuid4()
        # The use case, not the endpoint: the marked address is not ASCII, which the
        # endpoint's email validation would refuse before anything is stored.
        coaching_use_cases.invite(
            actor=Actor(user_id=coach.id, correlation_id="canary"),
            link_id=link_id,
            email=person.email,
        )
        return str(link_id)

    person.roles = [*person.roles, Role.ATHLETE]
    person.save()
    coach_api, athlete_api = client_for(coach), client_for(person)
    link_id = invite()
    accept(athlete_api, link_id)
    consent(athlete_api, link_id, "programming", "schedule")
    squat = ExerciseEditor.create(coach_api, name="Coach's Squat").id
    program = published_program(coach_api, squat)
    assert assign(coach_api, link_id, program.id).status_code == 201
    invite()  # a second invitation, still open at the erasure


def test_a_persons_markers_are_ciphertext_only_and_gone_after_erasure(
    make_user, admin, exercises, markers
):
    person = a_person_who_wrote_everywhere(make_user, markers, exercises)
    a_coach_writes_about(person, make_user, markers)
    catch_up()  # the audit timeline holds the events' text too

    stored = pg_dump("eventstore_events", "eventstore_snapshots")
    readable = pg_dump()
    in_the_clear = {k: v for k, v in markers.items() if k not in ("display_name", "email")}
    assert leaked(stored, in_the_clear) == {}
    # The identity row and the read models hold them for reading (so the dump can find them).
    assert {"display_name", "renamed", "entry_notes", "exercise_german", "about_them"} <= set(
        leaked(readable, markers)
    )

    response = client_for(admin).post(
        f"/api/admin/users/{person.id}/erase/", {"confirm": str(person.id)}, format="json"
    )
    assert response.status_code == 200, response.content

    assert leaked(pg_dump(), markers) == {}
    assert verify_chain().ok
