"""Adding, changing, removing, moving and duplicating weeks."""

from __future__ import annotations

from itertools import count
from typing import Any
from uuid import UUID

import pytest

from builder.domain import (
    DuplicateIdError,
    InvalidValue,
    PositionOutOfRangeError,
    Program,
    UnknownChildError,
    copy_week_with_new_ids,
)
from tests.unit.examples import a_program, a_program_with_one_full_week, last_event, new_id


def three_weeks() -> tuple[Program, list[UUID]]:
    program = a_program()
    ids = [new_id() for _ in range(3)]
    for index, week_id in enumerate(ids):
        program.add_week(week_id=week_id, position=index, label=f"W{index + 1}")
    program.collect_events()
    return program, ids


def week_ids(program: Program) -> list[UUID]:
    return [week.id for week in program.weeks]


def test_a_week_is_added_at_its_position():
    program, (w1, w2, w3) = three_weeks()
    week_id = new_id()

    program.add_week(week_id=week_id, position=1, label=" Deload ", phase="Accumulation")

    assert week_ids(program) == [w1, week_id, w2, w3]
    assert (program.weeks[1].label, program.weeks[1].phase) == ("Deload", "Accumulation")
    event = last_event(program)
    assert type(event) is Program.WeekAdded
    assert (event.week_id, event.position, event.label, event.phase) == (
        week_id,
        1,
        "Deload",
        "Accumulation",
    )


def test_a_week_added_without_a_position_goes_last():
    program, ids = three_weeks()
    week_id = new_id()

    program.add_week(week_id=week_id)

    assert week_ids(program) == [*ids, week_id]
    assert last_event(program).position == 3


@pytest.mark.parametrize("position", [0, 3])
def test_a_week_can_be_added_first_or_last(position: int):
    program, _ = three_weeks()
    week_id = new_id()

    program.add_week(week_id=week_id, position=position)

    assert week_ids(program)[position] == week_id


@pytest.mark.parametrize("position", [-1, 4])
def test_a_week_cannot_be_added_outside_the_list(position: int):
    program, _ = three_weeks()

    with pytest.raises(PositionOutOfRangeError, match=r"0\.\.3"):
        program.add_week(week_id=new_id(), position=position)

    assert program.pending_events == []


def test_a_position_must_be_a_whole_number():
    program, _ = three_weeks()

    with pytest.raises(InvalidValue) as caught:
        program.add_week(week_id=new_id(), position=True)

    assert caught.value.field == "position"


def test_a_week_id_already_used_anywhere_in_the_program_is_refused():
    program = a_program_with_one_full_week()
    entry_id = program.weeks[0].days[0].groups[0].entries[0].id

    with pytest.raises(DuplicateIdError, match=str(entry_id)):
        program.add_week(week_id=entry_id)


def test_a_week_id_must_be_a_uuid():
    program = a_program()

    with pytest.raises(InvalidValue) as caught:
        program.add_week(week_id="week-1")

    assert caught.value.field == "week_id"


def test_a_week_label_is_at_most_eighty_characters():
    program = a_program()

    program.add_week(week_id=new_id(), label="x" * 80)
    with pytest.raises(InvalidValue, match="label"):
        program.add_week(week_id=new_id(), label="x" * 81)
    with pytest.raises(InvalidValue, match="phase"):
        program.add_week(week_id=new_id(), phase="x" * 81)


def test_changing_a_week_keeps_what_is_not_given():
    program, (w1, _, _) = three_weeks()

    program.change_week(w1, phase="Intensification")

    assert (program.weeks[0].label, program.weeks[0].phase) == ("W1", "Intensification")
    event = last_event(program)
    assert type(event) is Program.WeekChanged
    assert (event.week_id, event.label, event.phase) == (w1, "W1", "Intensification")


def test_an_unknown_week_cannot_be_changed():
    program, _ = three_weeks()

    with pytest.raises(UnknownChildError, match="no week"):
        program.change_week(new_id(), label="x")


def test_removing_a_week_removes_its_days():
    program = a_program_with_one_full_week()
    week = program.weeks[0]
    day_id = week.days[0].id

    program.remove_week(week.id)

    assert program.weeks == []
    assert type(last_event(program)) is Program.WeekRemoved
    with pytest.raises(UnknownChildError):
        program.find_day(day_id)


def test_an_unknown_week_cannot_be_removed():
    program, _ = three_weeks()

    with pytest.raises(UnknownChildError):
        program.remove_week(new_id())


@pytest.mark.parametrize(
    ("moved", "position", "order"),
    [(0, 2, [1, 2, 0]), (2, 0, [2, 0, 1]), (0, 1, [1, 0, 2]), (1, 1, [0, 1, 2])],
)
def test_a_moved_week_ends_up_at_the_position_given(moved: int, position: int, order: list[int]):
    program, ids = three_weeks()

    program.move_week(ids[moved], position)

    assert week_ids(program) == [ids[i] for i in order]
    event = last_event(program)
    assert type(event) is Program.WeekMoved
    assert (event.week_id, event.position) == (ids[moved], position)


@pytest.mark.parametrize("position", [-1, 3])
def test_a_week_cannot_be_moved_past_the_last_position(position: int):
    program, ids = three_weeks()

    with pytest.raises(PositionOutOfRangeError, match=r"0\.\.2"):
        program.move_week(ids[0], position)


def test_an_unknown_week_cannot_be_moved():
    program, _ = three_weeks()

    with pytest.raises(UnknownChildError):
        program.move_week(new_id(), 0)


def sequential_ids() -> Any:
    numbers = count(1)
    return lambda: UUID(int=next(numbers))


def test_duplicating_a_week_inserts_a_copy_with_the_new_ids_the_caller_chose():
    program = a_program_with_one_full_week()
    source = program.weeks[0]
    copy = copy_week_with_new_ids(source, sequential_ids())

    program.duplicate_week(source_week_id=source.id, position=0, week=copy)

    duplicate = program.weeks[0]
    assert duplicate.id == UUID(int=1)
    assert duplicate.days[0].id == UUID(int=2)
    assert duplicate.days[0].groups[0].id == UUID(int=3)
    assert duplicate.days[0].groups[0].entries[0].id == UUID(int=4)
    assert duplicate.days[0].groups[0].entries[0].prescription == (
        source.days[0].groups[0].entries[0].prescription
    )
    assert program.weeks[1] is source
    event = last_event(program)
    assert type(event) is Program.WeekDuplicated
    assert (event.source_week_id, event.position, event.week) == (source.id, 0, copy)


def test_a_duplicated_week_goes_last_without_a_position():
    program = a_program_with_one_full_week()
    source = program.weeks[0]

    program.duplicate_week(source_week_id=source.id, week=copy_week_with_new_ids(source, new_id))

    assert program.weeks[0] is source
    assert last_event(program).position == 1


def test_a_duplicate_is_independent_of_its_source():
    program = a_program_with_one_full_week()
    source = program.weeks[0]
    program.duplicate_week(source_week_id=source.id, week=copy_week_with_new_ids(source, new_id))

    program.change_day(program.weeks[1].days[0].id, title="Changed")

    assert source.days[0].title == "Lower"


def test_copying_a_week_does_not_touch_the_week():
    program = a_program_with_one_full_week()
    before = program.structure()

    copy_week_with_new_ids(program.weeks[0], new_id)

    assert program.structure() == before


def test_a_duplicate_must_be_a_copy_of_its_source():
    program = a_program_with_one_full_week()
    source = program.weeks[0]
    copy = copy_week_with_new_ids(source, new_id)
    copy["days"][0]["title"] = "Something else"

    with pytest.raises(InvalidValue, match="copy"):
        program.duplicate_week(source_week_id=source.id, week=copy)


def test_a_duplicate_cannot_reuse_ids_of_the_program():
    program = a_program_with_one_full_week()
    source = program.weeks[0]
    copy = copy_week_with_new_ids(source, new_id)
    copy["days"][0]["groups"][0]["id"] = str(source.days[0].groups[0].id)

    with pytest.raises(DuplicateIdError):
        program.duplicate_week(source_week_id=source.id, week=copy)
    assert program.pending_events == []


def test_an_unknown_week_cannot_be_duplicated():
    program = a_program_with_one_full_week()

    with pytest.raises(UnknownChildError):
        program.duplicate_week(
            source_week_id=new_id(), week=copy_week_with_new_ids(program.weeks[0], new_id)
        )


@pytest.mark.parametrize("position", [-1, 2])
def test_a_duplicate_is_inserted_within_the_list(position: int):
    program = a_program_with_one_full_week()
    source = program.weeks[0]

    with pytest.raises(PositionOutOfRangeError):
        program.duplicate_week(
            source_week_id=source.id,
            position=position,
            week=copy_week_with_new_ids(source, new_id),
        )


def test_find_week_returns_the_week_or_refuses():
    program, ids = three_weeks()

    assert program.find_week(ids[1]).label == "W2"
    with pytest.raises(UnknownChildError):
        program.find_week(new_id())
