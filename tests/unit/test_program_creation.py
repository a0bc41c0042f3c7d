"""Creating and forking a program: one Created event carrying the details, structure and lineage."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import pytest

from builder.domain import (
    DuplicateIdError,
    InvalidPrescriptionError,
    InvalidValue,
    LimitExceededError,
    Program,
    RestDayHasGroupsError,
)
from tests.unit.examples import (
    ATHLETE,
    OWNER,
    a_program,
    a_program_with_one_full_week,
    a_week_structure,
    five_by_five,
    new_id,
    with_week,
)


def created(program: Program) -> Any:
    (event,) = program.collect_events()
    return event


def test_a_new_program_is_an_empty_draft():
    program_id = new_id()

    program = Program.create(
        program_id=program_id,
        owner_id=OWNER,
        title="  Strength block ",
        description="Twelve weeks",
        goal="Squat 200",
        level="advanced",
        tags=["strength", "powerlifting"],
        units="lb",
        notes={"focus": "squat"},
    )

    assert program.id == program_id
    assert program.title == "Strength block"
    assert (program.status, program.kind, program.athlete_id) == ("draft", "template", None)
    assert program.published_versions == []
    assert program.weeks == []
    assert program.forked_from is None
    assert program.notes == {"focus": "squat", "phase": "", "considerations": "", "notes": ""}
    event = created(program)
    assert type(event) is Program.Created
    assert event.title == "Strength block"
    assert (event.owner_id, event.units, event.level) == (OWNER, "lb", "advanced")
    assert event.tags == ["strength", "powerlifting"]
    assert event.weeks == []
    assert event.forked_from is None


def test_a_personal_program_belongs_to_an_athlete():
    program = a_program(kind="personal", athlete_id=ATHLETE)

    assert (program.kind, program.athlete_id) == ("personal", ATHLETE)


def test_tags_are_trimmed_and_repeats_dropped():
    program = a_program(tags=[" legs", "legs", "strength "])

    assert program.tags == ["legs", "strength"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": None}, "title"),
        ({"description": "x" * 5001}, "description"),
        ({"goal": "x" * 201}, "goal"),
        ({"level": "expert"}, "level"),
        ({"tags": "strength"}, "tags"),
        ({"tags": [f"t{i}" for i in range(21)]}, "tags"),
        ({"tags": ["x" * 41]}, "tags"),
        ({"tags": [""]}, "tags"),
        ({"tags": [3]}, "tags"),
        ({"units": "stone"}, "units"),
        ({"notes": {"mood": "good"}}, "notes.mood"),
        ({"notes": {"focus": "x" * 5001}}, "notes.focus"),
        ({"notes": {"focus": 3}}, "notes.focus"),
        ({"notes": ["focus"]}, "notes"),
        ({"kind": "team"}, "kind"),
        ({"kind": "personal"}, "athlete_id"),
        ({"kind": "template", "athlete_id": ATHLETE}, "athlete_id"),
        ({"kind": "personal", "athlete_id": "someone"}, "athlete_id"),
        ({"program_id": "not-a-uuid"}, "program_id"),
        ({"owner_id": 7}, "owner_id"),
    ],
)
def test_creation_refuses_invalid_values_naming_the_field(fields: dict[str, Any], field: str):
    arguments = {"program_id": new_id(), "owner_id": OWNER, "title": "Block", **fields}

    with pytest.raises(InvalidValue) as caught:
        Program.create(**arguments)

    assert caught.value.field == field


def test_the_longest_allowed_values_are_accepted():
    program = a_program(
        title="x" * 200,
        description="x" * 5000,
        tags=[f"{i:040d}" for i in range(20)],
        notes={key: "x" * 5000 for key in ("focus", "phase", "considerations", "notes")},
    )

    assert len(program.tags) == 20


def test_a_fork_copies_the_structure_and_records_its_lineage():
    source = a_program_with_one_full_week()
    source.publish()
    fork_id, coach = new_id(), uuid4()

    fork = Program.fork(
        program_id=fork_id,
        owner_id=coach,
        title="My copy",
        forked_from={"program_id": source.id, "version": 1},
        weeks=source.structure(),
        units="lb",
    )

    event = created(fork)
    assert type(event) is Program.Created
    assert event.forked_from == {"program_id": str(source.id), "version": 1}
    assert event.weeks == source.structure()
    assert fork.structure() == source.structure()
    assert fork.weeks == source.weeks
    assert (fork.id, fork.owner_id, fork.units) == (fork_id, coach, "lb")
    assert fork.published_versions == []
    assert fork.status == "draft"


def test_a_fork_keeps_the_child_ids_of_its_source_because_ids_are_scoped_per_program():
    source = a_program_with_one_full_week()

    fork = Program.fork(
        program_id=new_id(),
        owner_id=OWNER,
        title="Copy",
        forked_from={"program_id": str(source.id), "version": None},
        weeks=source.structure(),
    )

    assert fork.weeks[0].id == source.weeks[0].id
    assert fork.forked_from == {"program_id": str(source.id), "version": None}


def test_a_fork_is_independent_of_its_source():
    source = a_program_with_one_full_week()
    fork = Program.fork(
        program_id=new_id(),
        owner_id=OWNER,
        title="Copy",
        forked_from={"program_id": source.id, "version": None},
        weeks=source.structure(),
    )

    fork.change_week(fork.weeks[0].id, label="Changed")

    assert source.weeks[0].label == "Week 1"


def test_a_structure_may_leave_out_optional_fields():
    week_id, day_id, group_id, entry_id = new_id(), new_id(), new_id(), new_id()
    structure = [
        {
            "id": str(week_id),
            "days": [
                {"id": day_id, "groups": [{"id": str(group_id), "entries": []}]},
                {"id": str(new_id()), "is_rest": True},
            ],
        }
    ]
    structure[0]["days"][0]["groups"][0]["entries"].append(
        {
            "id": str(entry_id),
            "exercise_id": str(uuid4()),
            "exercise_name": "Squat",
            "prescription": {"sets": 3, "reps": "amrap"},
        }
    )

    fork = Program.fork(
        program_id=new_id(), owner_id=OWNER, title="T", forked_from=None, weeks=structure
    )

    group = fork.find_group(group_id)
    assert (group.kind, group.rounds, group.label) == ("straight", 1, "")
    assert fork.find_entry(entry_id).notes == ""
    assert fork.find_day(day_id).title == ""
    assert isinstance(fork.find_day(day_id).id, UUID)


def a_structure(**entry_changes: Any) -> list[dict[str, Any]]:
    structure = [a_week_structure()]
    structure[0]["days"][0]["groups"][0]["entries"][0].update(entry_changes)
    return structure


def fork_of(structure: Any, forked_from: Any = None) -> Program:
    return Program.fork(
        program_id=new_id(),
        owner_id=OWNER,
        title="Copy",
        forked_from=forked_from,
        weeks=structure,
    )


@pytest.mark.parametrize(
    ("structure", "field"),
    [
        ({}, "weeks"),
        ([[]], "weeks.0"),
        ([{"id": "nope", "days": []}], "weeks.0.id"),
        ([{"id": str(uuid4()), "days": [], "colour": "red"}], "weeks.0.colour"),
        ([{"id": str(uuid4()), "label": "x" * 81, "days": []}], "weeks.0.label"),
        ([{"id": str(uuid4()), "days": {}}], "weeks.0.days"),
        (a_structure(exercise_name=""), "weeks.0.days.0.groups.0.entries.0.exercise_name"),
        (a_structure(exercise_id="squat"), "weeks.0.days.0.groups.0.entries.0.exercise_id"),
        (a_structure(notes="x" * 5001), "weeks.0.days.0.groups.0.entries.0.notes"),
    ],
)
def test_a_fork_refuses_an_invalid_structure_naming_the_path(structure: Any, field: str):
    with pytest.raises(InvalidValue) as caught:
        fork_of(structure)

    assert caught.value.field == field


def test_a_fork_refuses_an_invalid_prescription_with_its_path():
    structure = a_structure(prescription={"sets": 3, "reps": {"min": 0, "max": 3}})

    with pytest.raises(InvalidPrescriptionError) as caught:
        fork_of(structure)

    assert caught.value.field == "weeks.0.days.0.groups.0.entries.0.prescription.reps.min"


def test_a_fork_refuses_a_rest_day_with_groups():
    structure = a_structure()
    structure[0]["days"][0]["is_rest"] = True

    with pytest.raises(RestDayHasGroupsError):
        fork_of(structure)


def test_a_fork_refuses_an_id_used_twice_in_its_structure():
    structure = a_structure()
    day = structure[0]["days"][0]
    day["groups"][0]["entries"][0]["id"] = day["id"]

    with pytest.raises(DuplicateIdError):
        fork_of(structure)


def test_a_fork_respects_the_limits():
    program = a_program()
    with_week(program, days=14)
    too_many_days = program.structure()
    too_many_days[0]["days"].append({"id": str(uuid4()), "is_rest": True})

    with pytest.raises(LimitExceededError, match="14 days a week"):
        fork_of(too_many_days)
    with pytest.raises(LimitExceededError, match="104 weeks"):
        fork_of([{"id": str(uuid4())} for _ in range(105)])


@pytest.mark.parametrize(
    ("forked_from", "field"),
    [
        ("some program", "forked_from"),
        ({"program_id": str(uuid4())}, "forked_from"),
        ({"program_id": "x", "version": 1}, "forked_from.program_id"),
        ({"program_id": str(uuid4()), "version": 0}, "forked_from.version"),
        ({"program_id": str(uuid4()), "version": True}, "forked_from.version"),
    ],
)
def test_a_fork_refuses_malformed_lineage(forked_from: Any, field: str):
    with pytest.raises(InvalidValue) as caught:
        fork_of([], forked_from)

    assert caught.value.field == field


def test_a_structure_is_canonicalised_before_it_is_recorded():
    structure = a_structure(prescription={"sets": 3, "reps": "amrap", "effort": {"rpe": 8.0}})

    fork = fork_of(structure)

    recorded = fork.collect_events()[0].weeks[0]["days"][0]["groups"][0]["entries"][0]
    assert (
        recorded["prescription"]
        == five_by_five(
            reps="amrap", effort={"rpe": 8}, sets=3, load=None, tempo=None, rest_s=None
        ).to_dict()
    )


def test_create_takes_a_lineage_and_structure_too_recording_one_created_event():
    source = a_program_with_one_full_week()

    program = Program.create(
        program_id=new_id(),
        owner_id=OWNER,
        title="Copy",
        forked_from={"program_id": source.id, "version": None},
        weeks=source.structure(),
    )

    event = created(program)
    assert event.weeks == source.structure()
    assert event.forked_from == {"program_id": str(source.id), "version": None}
