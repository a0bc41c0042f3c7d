"""Every event type of programs, exercises and accounts reads as a sentence, in two languages."""

# The sentences are spelt with the typography readers see (an en dash for "none", a times sign).
# ruff: noqa: RUF001

from __future__ import annotations

import uuid

import pytest
from django.utils import translation

from builder.domain import Actor, Program
from builder.wiring import accounts, builder, library
from projections.audit_summaries import summary
from projections.models import AuditEvent
from projections.queries import audit as audit_queries
from projections.queries import programs as program_queries
from tests.timeline import catch_up

pytestmark = pytest.mark.django_db

RX = {"sets": 5, "reps": {"min": 5, "max": 5}, "load": {"type": "percent_1rm", "percent": 75}}
HEAVIER = {**RX, "reps": {"min": 3, "max": 3}, "load": {"type": "percent_1rm", "percent": 80}}


class Story:
    """Runs program commands one after another, each at the version the last one left."""

    def __init__(self, actor: Actor, program_id: uuid.UUID) -> None:
        self.actor, self.id, self.version = actor, program_id, 1

    def __call__(self, command: str, **arguments) -> None:
        run = getattr(builder(), command)
        saved = run(self.id, actor=self.actor, expected_version=self.version, **arguments)
        self.version = saved.aggregate.version


def a_program_told_from_start_to_end(actor: Actor, exercises) -> uuid.UUID:
    program_id = uuid.uuid4()
    w1, w2, copy, d1, d2, d3, g1, g2, g3, e1 = (uuid.uuid4() for _ in range(10))
    builder().create_program(actor=actor, program_id=program_id, title="Strength")
    step = Story(actor, program_id)
    step("rename_program", title="Strength Block")
    step("change_details", changes={"goal": "Squat more"})
    step("change_details", changes={"units": "lb"})
    step("change_details", changes={"notes": {"focus": "Depth"}})
    step("add_week", week_id=w1, position=0)
    step("add_week", week_id=w2, position=1)
    step("change_week", week_id=w2, label="Deload")
    step("add_day", week_id=w1, day_id=d1, position=0)
    step("add_day", week_id=w1, day_id=d2, position=1, is_rest=True)
    step("change_day", day_id=d1, title="Heavy")
    step("add_group", day_id=d1, group_id=g1, position=0, label="A")
    step("change_group", group_id=g1, rounds=3)
    squat = {"exercise_id": exercises["Back Squat"], "exercise_name": "Back Squat"}
    step("add_entry", group_id=g1, entry_id=e1, position=0, prescription=RX, **squat)
    step("publish_program")
    step("change_prescription", entry_id=e1, prescription=HEAVIER)
    step("change_entry", entry_id=e1, notes="Pause at the bottom")
    deadlift = {"exercise_id": exercises["Deadlift"], "exercise_name": "Deadlift"}
    step("change_entry", entry_id=e1, **deadlift)
    step("add_day", week_id=w2, day_id=d3, position=0)
    step("add_group", day_id=d3, group_id=g3, position=0, label="C")
    step("move_entry", entry_id=e1, group_id=g3, position=0)
    step("move_group", group_id=g1, day_id=d3, position=1)
    step("move_day", day_id=d2, week_id=w2, position=0)
    step("move_week", week_id=w2, position=0)
    step("duplicate_week", source_week_id=w2, week_id=copy, position=2)
    step("remove_entry", entry_id=e1)
    step("remove_group", group_id=g1)
    step("remove_day", day_id=d1)
    step("remove_week", week_id=copy)
    step("add_group", day_id=d3, group_id=g2, position=0, kind="superset", label="B")
    step("archive_program")
    step("restore_program")
    return program_id


PROGRAM_IN_ENGLISH = [
    'Created the program "Strength"',
    'Renamed the program from "Strength" to "Strength Block"',
    "Changed the program's goal",
    "Changed the units from kg to lb",
    "Changed the program's notes: focus",
    "Added week 1",
    "Added week 2",
    'Changed week 2: label – → "Deload"',
    "Added week 1, day 1",
    "Added a rest day as week 1, day 2",
    'Changed week 1, day 1: title – → "Heavy"',
    "Added group A (straight) to week 1, day 1",
    "Changed group A in week 1, day 1: rounds 1 → 3",
    "Added Back Squat to week 1, day 1: 5 × 5, 75 % 1RM",
    "Published version 1",
    "Changed the prescription of Back Squat in week 1, day 1: reps 5 → 3, load 75 % 1RM → 80 % 1RM",
    "Changed the notes on Back Squat in week 1, day 1",
    "Swapped Back Squat for Deadlift in week 1, day 1",
    "Added week 2, day 1",
    "Added group C (straight) to week 2, day 1",
    "Moved Deadlift from week 1, day 1 to week 2, day 1",
    "Moved group A from week 1, day 1 to week 2, day 1",
    "Moved week 1, day 2 to week 2, day 1",
    "Moved week 2 to position 1",
    "Duplicated week 1 as week 3",
    "Removed Deadlift from week 1, day 2",
    "Removed group A from week 1, day 2",
    "Removed week 2, day 1",
    "Removed week 3",
    "Added group B (superset) to week 1, day 2",
    "Archived the program",
    "Restored the program",
]

PROGRAM_IN_GERMAN = [
    'Programm "Strength" angelegt',
    'Programm von "Strength" in "Strength Block" umbenannt',
    "Programm geändert: Ziel",
    "Einheiten von kg auf lb umgestellt",
    "Notizen des Programms geändert: Schwerpunkt",
    "Woche 1 hinzugefügt",
    "Woche 2 hinzugefügt",
    'Woche 2 geändert: Bezeichnung – → "Deload"',
    "Woche 1, Tag 1 hinzugefügt",
    "Ruhetag als Woche 1, Tag 2 hinzugefügt",
    'Woche 1, Tag 1 geändert: Titel – → "Heavy"',
    "Gruppe A (Standardsätze) zu Woche 1, Tag 1 hinzugefügt",
    "Gruppe A in Woche 1, Tag 1 geändert: Runden 1 → 3",
    "Back Squat zu Woche 1, Tag 1 hinzugefügt: 5 × 5, 75 % 1RM",
    "Version 1 veröffentlicht",
    "Vorgabe für Back Squat in Woche 1, Tag 1 geändert: Wdh. 5 → 3, Last 75 % 1RM → 80 % 1RM",
    "Notizen zu Back Squat in Woche 1, Tag 1 geändert",
    "Back Squat in Woche 1, Tag 1 durch Deadlift ersetzt",
    "Woche 2, Tag 1 hinzugefügt",
    "Gruppe C (Standardsätze) zu Woche 2, Tag 1 hinzugefügt",
    "Deadlift von Woche 1, Tag 1 nach Woche 2, Tag 1 verschoben",
    "Gruppe A von Woche 1, Tag 1 nach Woche 2, Tag 1 verschoben",
    "Woche 1, Tag 2 nach Woche 2, Tag 1 verschoben",
    "Woche 2 an Position 1 verschoben",
    "Woche 1 als Woche 3 dupliziert",
    "Deadlift aus Woche 1, Tag 2 entfernt",
    "Gruppe A aus Woche 1, Tag 2 entfernt",
    "Woche 2, Tag 1 entfernt",
    "Woche 3 entfernt",
    "Gruppe B (Supersatz) zu Woche 1, Tag 2 hinzugefügt",
    "Programm archiviert",
    "Programm wiederhergestellt",
]


def summaries(rows: list[AuditEvent], language: str) -> list[str]:
    with translation.override(language):
        return [summary(r.stream_kind, r.event_type, r.change, r.context) for r in rows]


def rows_of(stream_id) -> list[AuditEvent]:
    return list(audit_queries.audit_events(stream_id=stream_id).order_by("position"))


def test_every_program_event_reads_as_a_sentence_in_english_and_german(coach, exercises):
    program_id = a_program_told_from_start_to_end(Actor(coach.id, "story"), exercises)

    catch_up()

    rows = rows_of(program_id)
    assert summaries(rows, "en") == PROGRAM_IN_ENGLISH
    assert summaries(rows, "de") == PROGRAM_IN_GERMAN


def test_the_story_covers_every_program_event_type(coach, exercises):
    program_id = a_program_told_from_start_to_end(Actor(coach.id, "story"), exercises)
    catch_up()

    told = {row.event_type for row in rows_of(program_id)}

    every = {
        name
        for name, value in vars(Program).items()
        if isinstance(value, type) and issubclass(value, Program.Event) and name != "Event"
    }
    assert len(every) == 27
    assert every - told == set()


def test_a_fork_says_it_is_a_copy(coach, exercises):
    actor = Actor(coach.id, "fork")
    source = a_program_told_from_start_to_end(actor, exercises)
    fork = uuid.uuid4()
    builder().fork_program(source, actor=actor, program_id=fork, version=1, title="Mine")

    catch_up()

    assert summaries(rows_of(fork), "en") == [
        'Created the program "Mine" as a copy of another program'
    ]
    assert summaries(rows_of(fork), "de") == [
        'Programm "Mine" als Kopie eines anderen Programms angelegt'
    ]


def test_every_exercise_event_reads_as_a_sentence(admin):
    actor = Actor(admin.id, "library")
    squat, front = uuid.uuid4(), uuid.uuid4()
    media = uuid.uuid4()
    lib = library()
    for exercise_id, name in [(squat, "Back Squat"), (front, "Front Squat")]:
        lib.create_exercise(
            actor=actor,
            exercise_id=exercise_id,
            scope="system",
            names={"en": name},
            category="squat",
        )
    steps = [
        lambda v: lib.set_translation(
            squat, actor=actor, expected_version=v, locale="de", name="Kniebeuge"
        ),
        lambda v: lib.set_translation(
            squat, actor=actor, expected_version=v, locale="de", name="Hocke"
        ),
        lambda v: lib.remove_translation(squat, actor=actor, expected_version=v, locale="de"),
        lambda v: lib.change_classification(
            squat, actor=actor, expected_version=v, equipment=["barbell"]
        ),
        lambda v: lib.link_media(
            squat,
            actor=actor,
            expected_version=v,
            media_id=media,
            url="https://youtu.be/dQw4w9WgXcQ",
        ),
        lambda v: lib.link_media(
            squat,
            actor=actor,
            expected_version=v,
            media_id=uuid.uuid4(),
            url="https://vimeo.com/76979871",
        ),
        lambda v: lib.make_media_primary(squat, actor=actor, expected_version=v, media_id=media),
        lambda v: lib.unlink_media(squat, actor=actor, expected_version=v, media_id=media),
        lambda v: lib.merge_exercise(squat, actor=actor, expected_version=v, into_id=front),
    ]
    for version, step in enumerate(steps, start=1):
        step(version)
    lib.archive_exercise(front, actor=actor, expected_version=1)

    catch_up()

    assert summaries(rows_of(squat), "en") == [
        "Created the exercise Back Squat",
        'Named Back Squat "Kniebeuge" in de',
        'Renamed Back Squat in de to "Hocke"',
        "Removed the de name of Back Squat",
        "Changed the classification of Back Squat: equipment",
        "Linked a YouTube video to Back Squat",
        "Linked a Vimeo video to Back Squat",
        "Made a YouTube video the main one of Back Squat",
        "Unlinked a YouTube video from Back Squat",
        "Merged Back Squat into Front Squat",
    ]
    assert summaries(rows_of(squat), "de")[-1] == "Back Squat mit Front Squat zusammengeführt"
    assert "YouTube-Video mit Back Squat verknüpft" in summaries(rows_of(squat), "de")
    assert summaries(rows_of(front), "de")[-1] == "Übung Front Squat archiviert"


def test_role_changes_read_as_roles_only_in_both_languages(admin, make_user):
    person = make_user("Jo Marker")
    accounts().change_roles(
        person.id,
        actor=Actor(admin.id, "roles"),
        roles=["coach", "auditor"],
        current_roles=["coach"],
        other_admins=1,
    )
    catch_up()

    rows = list(audit_queries.audit_events(stream_kind="account").order_by("position"))

    assert summaries(rows, "en") == [
        "Opened the account with the roles coach",
        "Changed the roles to auditor, coach (granted: auditor; revoked: no roles)",
    ]
    assert summaries(rows, "de")[1] == (
        "Rollen auf auditor, coach geändert (vergeben: auditor; entzogen: keine Rollen)"
    )


def test_an_unknown_event_type_reads_generically_in_both_languages():
    assert summary("link", "Invited", {}, {}) == "Recorded Invited (link)"
    with translation.override("de"):
        assert summary("link", "Invited", {}, {}) == "Invited erfasst (link)"


def test_every_coaching_event_reads_as_a_sentence_naming_no_one(make_user, exercises):
    from builder.models import Role
    from builder.services import coaching as use

    coach, athlete = make_user("Casey Marker"), make_user("Alex Marker", roles=(Role.ATHLETE,))
    as_coach, as_athlete = Actor(coach.id, "coaching"), Actor(athlete.id, "coaching")
    program = a_published_program(as_coach, exercises)
    link_id, assignment_id = uuid.uuid4(), uuid.uuid4()
    use.invite(actor=as_coach, link_id=link_id, email=athlete.email)
    use.accept(link_id, actor=as_athlete, user=athlete, expected_version=1)
    for version, purpose in enumerate(["programming", "schedule"], start=2):
        use.grant_consent(
            link_id,
            actor=as_athlete,
            expected_version=version,
            purpose=purpose,
            terms_version="2026-01",
        )
    use.withdraw_consent(link_id, actor=as_athlete, expected_version=4, purpose="schedule")
    use.assign(
        actor=as_coach,
        assignment_id=assignment_id,
        link_id=link_id,
        program_id=program,
        version=1,
        start_date="2026-12-07",
    )
    step = Story(as_coach, program)
    step.version = program_queries.program_version(program)
    step("rename_program", title="Second edition")
    step("publish_program")
    use.upgrade(assignment_id, actor=as_coach, expected_version=1, version=2)
    use.end_link(link_id, actor=as_coach, expected_version=5)
    catch_up()

    rows = [
        row
        for row in audit_queries.audit_events().order_by("position")
        if row.stream_kind in ("coachinglink", "assignment")
    ]

    assert summaries(rows, "en") == [
        "Invited an athlete to a coaching link",
        "Accepted the coaching link",
        "Allowed programming under the terms of 2026-01",
        "Allowed the schedule under the terms of 2026-01",
        "Withdrew consent to the schedule",
        "Assigned version 1 of a program, starting 2026-12-07",
        "Moved the assignment from version 1 to version 2",
        "Ended the coaching link as the coach",
        "Cancelled the assignment",
    ]
    assert (
        summaries(rows, "de")[2] == "Programmgestaltung unter den Bedingungen von 2026-01 erlaubt"
    )
    assert not any("Marker" in text for text in summaries(rows, "en"))


def a_published_program(actor: Actor, exercises) -> uuid.UUID:
    program_id, week, day, group = (uuid.uuid4() for _ in range(4))
    builder().create_program(actor=actor, program_id=program_id, title="Base")
    step = Story(actor, program_id)
    step("add_week", week_id=week, position=0)
    step("add_day", week_id=week, day_id=day, position=0)
    step("add_group", day_id=day, group_id=group, position=0, label="A")
    squat = {"exercise_id": exercises["Back Squat"], "exercise_name": "Back Squat"}
    step("add_entry", group_id=group, entry_id=uuid.uuid4(), position=0, prescription=RX, **squat)
    step("publish_program")
    return program_id


def test_exports_and_erasures_of_a_persons_data_read_without_personal_data():
    assert summary("account", "DataExported", {}, {}) == "Exported the person's data"
    assert summary("account", "Erased", {"streams": 3}, {}) == (
        "Erased the person's data (3 event streams re-rendered)"
    )
    with translation.override("de"):
        assert summary("account", "Erased", {"streams": 3}, {}) == (
            "Daten der Person gelöscht (3 Ereignisströme neu aufbereitet)"
        )
