"""A program holds at most 104 weeks, 14 days a week, 20 groups a day and 30 entries a group."""

from __future__ import annotations

from uuid import UUID

import pytest

from builder.domain import (
    MAX_DAYS_PER_WEEK,
    MAX_ENTRIES_PER_GROUP,
    MAX_GROUPS_PER_DAY,
    MAX_WEEKS,
    LimitExceededError,
    Program,
    copy_week_with_new_ids,
)
from tests.unit.examples import a_program, add_squat, new_id


def full_of_weeks() -> Program:
    program = a_program()
    for _ in range(MAX_WEEKS):
        program.add_week(week_id=new_id())
    program.collect_events()
    return program


def a_week_with_days(program: Program, count: int) -> UUID:
    week_id = new_id()
    program.add_week(week_id=week_id)
    for _ in range(count):
        program.add_day(week_id=week_id, day_id=new_id())
    return week_id


def a_day_with_groups(program: Program, count: int) -> UUID:
    week_id = a_week_with_days(program, 1)
    day_id = program.find_week(week_id).days[0].id
    for _ in range(count):
        program.add_group(day_id=day_id, group_id=new_id())
    return day_id


def a_group_with_entries(program: Program, count: int) -> UUID:
    day_id = a_day_with_groups(program, 1)
    group_id = program.find_day(day_id).groups[0].id
    for _ in range(count):
        add_squat(program, group_id)
    return group_id


def test_a_program_holds_at_most_104_weeks():
    program = full_of_weeks()

    with pytest.raises(LimitExceededError, match="104 weeks") as caught:
        program.add_week(week_id=new_id())

    assert caught.value.params["limit"] == MAX_WEEKS
    assert len(program.weeks) == MAX_WEEKS
    assert program.pending_events == []


def test_a_full_program_cannot_take_a_duplicated_week():
    program = full_of_weeks()
    source = program.weeks[0]

    with pytest.raises(LimitExceededError):
        program.duplicate_week(
            source_week_id=source.id, week=copy_week_with_new_ids(source, new_id)
        )


def test_a_week_holds_at_most_14_days_also_when_days_move_in():
    program = a_program()
    full = a_week_with_days(program, MAX_DAYS_PER_WEEK)
    other = a_week_with_days(program, 1)

    with pytest.raises(LimitExceededError, match="14 days a week"):
        program.add_day(week_id=full, day_id=new_id())
    with pytest.raises(LimitExceededError):
        program.move_day(program.find_week(other).days[0].id, week_id=full, position=0)
    # Reordering within a full week adds nothing, so it is allowed.
    program.move_day(program.find_week(full).days[0].id, week_id=full, position=13)


def test_a_day_holds_at_most_20_groups_also_when_groups_move_in():
    program = a_program()
    full = a_day_with_groups(program, MAX_GROUPS_PER_DAY)
    other = a_day_with_groups(program, 1)

    with pytest.raises(LimitExceededError, match="20 groups a day"):
        program.add_group(day_id=full, group_id=new_id())
    with pytest.raises(LimitExceededError):
        program.move_group(program.find_day(other).groups[0].id, day_id=full, position=0)
    program.move_group(program.find_day(full).groups[0].id, day_id=full, position=19)


def test_a_group_holds_at_most_30_entries_also_when_entries_move_in():
    program = a_program()
    full = a_group_with_entries(program, MAX_ENTRIES_PER_GROUP)
    other = a_group_with_entries(program, 1)

    with pytest.raises(LimitExceededError, match="30 entries a group"):
        add_squat(program, full)
    with pytest.raises(LimitExceededError):
        program.move_entry(program.find_group(other).entries[0].id, group_id=full, position=0)
    program.move_entry(program.find_group(full).entries[0].id, group_id=full, position=29)


def test_a_full_week_can_be_duplicated_whole():
    program = a_program()
    full = a_week_with_days(program, MAX_DAYS_PER_WEEK)

    program.duplicate_week(
        source_week_id=full, week=copy_week_with_new_ids(program.find_week(full), new_id)
    )

    assert len(program.weeks[-1].days) == MAX_DAYS_PER_WEEK
