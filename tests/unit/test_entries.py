"""Adding entries, changing their prescription, notes and exercise, removing and moving them."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest

from builder.domain import (
    DuplicateIdError,
    InvalidPrescriptionError,
    InvalidValue,
    PositionOutOfRangeError,
    Prescription,
    Program,
    UnknownChildError,
)
from tests.unit.examples import SQUAT, a_program, add_squat, five_by_five, last_event, new_id


def two_groups_of_entries() -> tuple[Program, list[UUID], list[list[UUID]]]:
    program = a_program()
    week_id, day_id = new_id(), new_id()
    program.add_week(week_id=week_id)
    program.add_day(week_id=week_id, day_id=day_id)
    groups = [new_id(), new_id()]
    entries: list[list[UUID]] = []
    for group_id in groups:
        program.add_group(day_id=day_id, group_id=group_id)
        entries.append([add_squat(program, group_id), add_squat(program, group_id)])
    program.collect_events()
    return program, groups, entries


def entry_ids(program: Program, group_id: UUID) -> list[UUID]:
    return [entry.id for entry in program.find_group(group_id).entries]


def test_an_entry_is_added_with_its_exercise_and_prescription():
    program, groups, entries = two_groups_of_entries()
    entry_id, exercise_id = new_id(), uuid4()

    program.add_entry(
        group_id=groups[0],
        entry_id=entry_id,
        position=0,
        exercise_id=exercise_id,
        exercise_name=" Front squat ",
        prescription=five_by_five(),
        notes="Elbows up",
    )

    assert entry_ids(program, groups[0]) == [entry_id, *entries[0]]
    entry = program.find_entry(entry_id)
    assert (entry.exercise_id, entry.exercise_name, entry.notes) == (
        exercise_id,
        "Front squat",
        "Elbows up",
    )
    assert entry.prescription == five_by_five()
    event = last_event(program)
    assert type(event) is Program.EntryAdded
    assert (event.group_id, event.entry_id, event.position, event.exercise_id) == (
        groups[0],
        entry_id,
        0,
        exercise_id,
    )
    assert event.prescription == five_by_five().to_dict()
    assert (event.exercise_name, event.notes) == ("Front squat", "Elbows up")


def test_an_entry_accepts_a_prescription_as_a_dict_and_validates_it():
    program, groups, _ = two_groups_of_entries()
    entry_id = new_id()

    program.add_entry(
        group_id=groups[0],
        entry_id=entry_id,
        exercise_id=SQUAT,
        exercise_name="Squat",
        prescription={"sets": 3, "reps": "amrap"},
    )
    with pytest.raises(InvalidPrescriptionError) as caught:
        program.add_entry(
            group_id=groups[0],
            entry_id=new_id(),
            exercise_id=SQUAT,
            exercise_name="Squat",
            prescription={"sets": 3, "reps": "amrap", "effort": {"rpe": 8, "rir": 2}},
        )

    assert program.find_entry(entry_id).prescription == Prescription.from_dict(
        {"sets": 3, "reps": "amrap"}
    )
    assert caught.value.field == "effort"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"exercise_name": " "}, "exercise_name"),
        ({"exercise_name": "x" * 201}, "exercise_name"),
        ({"exercise_id": "squat"}, "exercise_id"),
        ({"notes": "x" * 5001}, "notes"),
        ({"prescription": "5x5"}, "prescription"),
        ({"entry_id": None}, "entry_id"),
    ],
)
def test_entry_values_are_validated(changes: dict[str, object], field: str):
    program, groups, _ = two_groups_of_entries()
    arguments = {
        "group_id": groups[0],
        "entry_id": new_id(),
        "exercise_id": SQUAT,
        "exercise_name": "Squat",
        "prescription": five_by_five(),
        **changes,
    }

    with pytest.raises(InvalidValue) as caught:
        program.add_entry(**arguments)

    assert caught.value.field == field
    assert program.pending_events == []


def test_an_entry_needs_an_existing_group_a_new_id_and_a_position_in_range():
    program, groups, entries = two_groups_of_entries()

    with pytest.raises(UnknownChildError, match="no group"):
        add_squat(program, entries[0][0])
    with pytest.raises(DuplicateIdError):
        program.add_entry(
            group_id=groups[0],
            entry_id=groups[1],
            exercise_id=SQUAT,
            exercise_name="Squat",
            prescription=five_by_five(),
        )
    with pytest.raises(PositionOutOfRangeError, match=r"0\.\.2"):
        program.add_entry(
            group_id=groups[0],
            entry_id=new_id(),
            position=3,
            exercise_id=SQUAT,
            exercise_name="Squat",
            prescription=five_by_five(),
        )


def test_changing_a_prescription_replaces_it_whole():
    program, _, entries = two_groups_of_entries()
    lighter = five_by_five(sets=3, load={"type": "absolute", "value": 60, "unit": "kg"})

    program.change_prescription(entries[0][0], lighter)

    assert program.find_entry(entries[0][0]).prescription == lighter
    event = last_event(program)
    assert type(event) is Program.PrescriptionChanged
    assert (event.entry_id, event.prescription) == (entries[0][0], lighter.to_dict())


def test_a_prescription_of_an_unknown_entry_cannot_change():
    program, groups, _ = two_groups_of_entries()

    with pytest.raises(UnknownChildError, match="no entry"):
        program.change_prescription(groups[0], five_by_five())


def test_changing_entry_notes():
    program, _, entries = two_groups_of_entries()

    program.change_entry_notes(entries[0][0], "Pause at the bottom")

    assert program.find_entry(entries[0][0]).notes == "Pause at the bottom"
    event = last_event(program)
    assert type(event) is Program.EntryNotesChanged
    assert (event.entry_id, event.notes) == (entries[0][0], "Pause at the bottom")
    with pytest.raises(InvalidValue, match="notes"):
        program.change_entry_notes(entries[0][0], "x" * 5001)
    with pytest.raises(UnknownChildError):
        program.change_entry_notes(new_id(), "x")


def test_swapping_the_exercise_keeps_the_prescription_and_notes():
    program, _, entries = two_groups_of_entries()
    program.change_entry_notes(entries[0][0], "Keep")
    goblet = uuid4()

    program.swap_exercise(entries[0][0], exercise_id=goblet, exercise_name="Goblet squat")

    entry = program.find_entry(entries[0][0])
    assert (entry.exercise_id, entry.exercise_name) == (goblet, "Goblet squat")
    assert (entry.prescription, entry.notes) == (five_by_five(), "Keep")
    event = last_event(program)
    assert type(event) is Program.ExerciseSwapped
    assert (event.entry_id, event.exercise_id, event.exercise_name) == (
        entries[0][0],
        goblet,
        "Goblet squat",
    )
    with pytest.raises(InvalidValue, match="exercise_name"):
        program.swap_exercise(entries[0][0], exercise_id=goblet, exercise_name="")
    with pytest.raises(UnknownChildError):
        program.swap_exercise(new_id(), exercise_id=goblet, exercise_name="x")


def test_removing_an_entry():
    program, groups, entries = two_groups_of_entries()

    program.remove_entry(entries[0][0])

    assert entry_ids(program, groups[0]) == [entries[0][1]]
    assert type(last_event(program)) is Program.EntryRemoved
    with pytest.raises(UnknownChildError):
        program.remove_entry(entries[0][0])


def test_an_entry_moved_within_its_group_ends_up_at_the_position_given():
    program, groups, entries = two_groups_of_entries()

    program.move_entry(entries[0][1], group_id=groups[0], position=0)

    assert entry_ids(program, groups[0]) == [entries[0][1], entries[0][0]]
    with pytest.raises(PositionOutOfRangeError, match=r"0\.\.1"):
        program.move_entry(entries[0][1], group_id=groups[0], position=2)


def test_an_entry_can_move_to_another_group():
    program, groups, entries = two_groups_of_entries()

    program.move_entry(entries[0][0], group_id=groups[1], position=1)

    assert entry_ids(program, groups[0]) == [entries[0][1]]
    assert entry_ids(program, groups[1]) == [entries[1][0], entries[0][0], entries[1][1]]
    event = last_event(program)
    assert type(event) is Program.EntryMoved
    assert (event.entry_id, event.group_id, event.position) == (entries[0][0], groups[1], 1)


def test_an_entry_moves_only_to_an_existing_group():
    program, groups, entries = two_groups_of_entries()

    with pytest.raises(UnknownChildError, match="no group"):
        program.move_entry(entries[0][0], group_id=entries[1][0], position=0)
    with pytest.raises(UnknownChildError, match="no entry"):
        program.move_entry(new_id(), group_id=groups[0], position=0)


def test_the_program_counts_its_entries():
    program, _, _ = two_groups_of_entries()

    assert program.entry_count == 4
    assert sum(len(week.days) for week in program.weeks) == 1


def test_moves_and_swaps_also_take_positional_arguments():
    program, groups, entries = two_groups_of_entries()
    day_id = program.weeks[0].days[0].id
    week_id = program.weeks[0].id

    program.move_entry(entries[0][0], groups[1], 0)
    program.move_group(groups[1], day_id, 0)
    program.move_day(day_id, week_id, 0)
    program.swap_exercise(entries[0][0], SQUAT, "Squat")

    assert entry_ids(program, groups[1])[0] == entries[0][0]
    assert program.weeks[0].days[0].groups[0].id == groups[1]
