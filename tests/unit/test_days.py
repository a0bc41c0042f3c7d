"""Adding, changing, removing and moving days; rest days hold nothing."""

from __future__ import annotations

from uuid import UUID

import pytest

from builder.domain import (
    DuplicateIdError,
    InvalidValue,
    PositionOutOfRangeError,
    Program,
    RestDayHasGroupsError,
    UnknownChildError,
)
from tests.unit.examples import a_program, a_program_with_one_full_week, last_event, new_id


def two_weeks_of_days(per_week: int = 3) -> tuple[Program, list[UUID], list[list[UUID]]]:
    program = a_program()
    weeks = [new_id(), new_id()]
    days: list[list[UUID]] = []
    for week_id in weeks:
        program.add_week(week_id=week_id)
        days.append([new_id() for _ in range(per_week)])
        for day_id in days[-1]:
            program.add_day(week_id=week_id, day_id=day_id)
    program.collect_events()
    return program, weeks, days


def day_ids(program: Program, week: int) -> list[UUID]:
    return [day.id for day in program.weeks[week].days]


def test_a_day_is_added_to_its_week_at_its_position():
    program, weeks, days = two_weeks_of_days()
    day_id = new_id()

    program.add_day(week_id=weeks[1], day_id=day_id, position=0, title="Upper", is_rest=False)

    assert day_ids(program, 1) == [day_id, *days[1]]
    assert program.find_day(day_id).title == "Upper"
    event = last_event(program)
    assert type(event) is Program.DayAdded
    assert (event.week_id, event.day_id, event.position, event.title, event.is_rest) == (
        weeks[1],
        day_id,
        0,
        "Upper",
        False,
    )


def test_a_rest_day_can_be_added():
    program, weeks, _ = two_weeks_of_days()
    day_id = new_id()

    program.add_day(week_id=weeks[0], day_id=day_id, is_rest=True)

    assert program.find_day(day_id).is_rest is True
    assert day_ids(program, 0)[-1] == day_id


def test_a_day_needs_an_existing_week():
    program, _, days = two_weeks_of_days()

    with pytest.raises(UnknownChildError, match="no week"):
        program.add_day(week_id=new_id(), day_id=new_id())
    with pytest.raises(UnknownChildError, match="no week"):
        program.add_day(week_id=days[0][0], day_id=new_id())


def test_a_day_id_must_be_new_in_the_program():
    program, weeks, _ = two_weeks_of_days()

    with pytest.raises(DuplicateIdError):
        program.add_day(week_id=weeks[0], day_id=weeks[1])


@pytest.mark.parametrize("position", [-1, 4])
def test_a_day_is_added_within_its_week(position: int):
    program, weeks, _ = two_weeks_of_days()

    with pytest.raises(PositionOutOfRangeError, match=r"0\.\.3"):
        program.add_day(week_id=weeks[0], day_id=new_id(), position=position)


def test_is_rest_must_be_true_or_false():
    program, weeks, days = two_weeks_of_days()

    with pytest.raises(InvalidValue, match="is_rest"):
        program.add_day(week_id=weeks[0], day_id=new_id(), is_rest=1)
    with pytest.raises(InvalidValue, match="is_rest"):
        program.change_day(days[0][0], is_rest="yes")


def test_changing_a_day_keeps_what_is_not_given():
    program, _, days = two_weeks_of_days()

    program.change_day(days[0][0], title="Legs")
    program.change_day(days[0][0], is_rest=True)

    day = program.find_day(days[0][0])
    assert (day.title, day.is_rest) == ("Legs", True)
    event = last_event(program)
    assert type(event) is Program.DayChanged
    assert (event.day_id, event.title, event.is_rest) == (days[0][0], "Legs", True)


def test_a_day_with_exercises_cannot_become_a_rest_day():
    program = a_program_with_one_full_week()
    day_id = program.weeks[0].days[0].id

    with pytest.raises(RestDayHasGroupsError, match="rest day"):
        program.change_day(day_id, is_rest=True)

    assert program.find_day(day_id).is_rest is False
    assert program.pending_events == []


def test_an_unknown_day_cannot_be_changed_or_removed():
    program, weeks, _ = two_weeks_of_days()

    with pytest.raises(UnknownChildError, match="no day"):
        program.change_day(new_id(), title="x")
    with pytest.raises(UnknownChildError, match="no day"):
        program.remove_day(weeks[0])


def test_removing_a_day_removes_its_groups():
    program = a_program_with_one_full_week()
    day = program.weeks[0].days[0]
    group_id = day.groups[0].id

    program.remove_day(day.id)

    assert program.weeks[0].days == []
    assert type(last_event(program)) is Program.DayRemoved
    with pytest.raises(UnknownChildError):
        program.find_group(group_id)


@pytest.mark.parametrize(
    ("moved", "position", "order"),
    [(0, 2, [1, 2, 0]), (2, 0, [2, 0, 1]), (1, 1, [0, 1, 2])],
)
def test_a_day_moved_within_its_week_ends_up_at_the_position_given(
    moved: int, position: int, order: list[int]
):
    program, weeks, days = two_weeks_of_days()

    program.move_day(days[0][moved], week_id=weeks[0], position=position)

    assert day_ids(program, 0) == [days[0][i] for i in order]


def test_a_day_within_its_week_cannot_move_past_the_last_position():
    program, weeks, days = two_weeks_of_days()

    with pytest.raises(PositionOutOfRangeError, match=r"0\.\.2"):
        program.move_day(days[0][0], week_id=weeks[0], position=3)


@pytest.mark.parametrize("position", [0, 3])
def test_a_day_can_move_to_any_position_of_another_week(position: int):
    program, weeks, days = two_weeks_of_days()
    moved = days[0][1]

    program.move_day(moved, week_id=weeks[1], position=position)

    assert day_ids(program, 0) == [days[0][0], days[0][2]]
    assert day_ids(program, 1)[position] == moved
    event = last_event(program)
    assert type(event) is Program.DayMoved
    assert (event.day_id, event.week_id, event.position) == (moved, weeks[1], position)


def test_a_day_cannot_move_past_the_end_of_another_week():
    program, weeks, days = two_weeks_of_days()

    with pytest.raises(PositionOutOfRangeError, match=r"0\.\.3"):
        program.move_day(days[0][0], week_id=weeks[1], position=4)


def test_a_day_moves_only_to_an_existing_week():
    program, _, days = two_weeks_of_days()

    with pytest.raises(UnknownChildError, match="no week"):
        program.move_day(days[0][0], week_id=days[1][0], position=0)
    with pytest.raises(UnknownChildError, match="no day"):
        program.move_day(new_id(), week_id=program.weeks[0].id, position=0)
