"""Adding, changing, removing and moving groups of exercises."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest

from builder.domain import (
    GROUP_KINDS,
    InvalidValue,
    PositionOutOfRangeError,
    Program,
    RestDayHasGroupsError,
    UnknownChildError,
)
from tests.unit.examples import a_program, last_event, new_id


def two_days_of_groups() -> tuple[Program, list[UUID], list[list[UUID]]]:
    program = a_program()
    week_id = new_id()
    program.add_week(week_id=week_id)
    days = [new_id(), new_id()]
    groups: list[list[UUID]] = []
    for day_id in days:
        program.add_day(week_id=week_id, day_id=day_id)
        groups.append([new_id(), new_id()])
        for group_id in groups[-1]:
            program.add_group(day_id=day_id, group_id=group_id)
    program.collect_events()
    return program, days, groups


def group_ids(program: Program, day_id: UUID) -> list[UUID]:
    return [group.id for group in program.find_day(day_id).groups]


@pytest.mark.parametrize("kind", GROUP_KINDS)
def test_a_group_of_any_kind_is_added_with_its_settings(kind: str):
    program, days, groups = two_days_of_groups()
    group_id = new_id()

    program.add_group(
        day_id=days[0],
        group_id=group_id,
        position=1,
        kind=kind,
        label="B",
        rounds=3,
        rest_between_rounds_s=90,
        time_cap_s=600,
        interval_s=60,
    )

    assert group_ids(program, days[0]) == [groups[0][0], group_id, groups[0][1]]
    group = program.find_group(group_id)
    assert (group.kind, group.label, group.rounds) == (kind, "B", 3)
    assert (group.rest_between_rounds_s, group.time_cap_s, group.interval_s) == (90, 600, 60)
    event = last_event(program)
    assert type(event) is Program.GroupAdded
    assert (event.day_id, event.group_id, event.position, event.kind) == (
        days[0],
        group_id,
        1,
        kind,
    )
    assert (event.rounds, event.rest_between_rounds_s, event.time_cap_s, event.interval_s) == (
        3,
        90,
        600,
        60,
    )


def test_a_group_has_sensible_defaults():
    program, days, _ = two_days_of_groups()
    group_id = new_id()

    program.add_group(day_id=days[0], group_id=group_id)

    group = program.find_group(group_id)
    assert (group.kind, group.label, group.rounds) == ("straight", "", 1)
    assert (group.rest_between_rounds_s, group.time_cap_s, group.interval_s) == (None, None, None)
    assert group_ids(program, days[0])[-1] == group_id


def test_a_rest_day_cannot_hold_exercises():
    program, _, _ = two_days_of_groups()
    rest_day = new_id()
    program.add_day(week_id=program.weeks[0].id, day_id=rest_day, is_rest=True)

    with pytest.raises(RestDayHasGroupsError):
        program.add_group(day_id=rest_day, group_id=new_id())

    assert program.find_day(rest_day).groups == []


@pytest.mark.parametrize(
    ("settings", "field"),
    [
        ({"kind": "giant_set"}, "kind"),
        ({"label": "x" * 81}, "label"),
        ({"rounds": 0}, "rounds"),
        ({"rounds": 101}, "rounds"),
        ({"rounds": True}, "rounds"),
        ({"rounds": None}, "rounds"),
        ({"rest_between_rounds_s": -1}, "rest_between_rounds_s"),
        ({"rest_between_rounds_s": 3601}, "rest_between_rounds_s"),
        ({"time_cap_s": 0}, "time_cap_s"),
        ({"time_cap_s": 86_401}, "time_cap_s"),
        ({"interval_s": 0}, "interval_s"),
        ({"interval_s": 3601}, "interval_s"),
        ({"interval_s": 60.0}, "interval_s"),
    ],
)
def test_group_settings_are_validated(settings: dict[str, Any], field: str):
    program, days, groups = two_days_of_groups()

    with pytest.raises(InvalidValue) as caught:
        program.add_group(day_id=days[0], group_id=new_id(), **settings)
    assert caught.value.field == field
    with pytest.raises(InvalidValue) as caught:
        program.change_group(groups[0][0], **settings)
    assert caught.value.field == field
    assert program.pending_events == []


def test_a_group_needs_an_existing_day():
    program, _, groups = two_days_of_groups()

    with pytest.raises(UnknownChildError, match="no day"):
        program.add_group(day_id=groups[0][0], group_id=new_id())


@pytest.mark.parametrize("position", [-1, 3])
def test_a_group_is_added_within_its_day(position: int):
    program, days, _ = two_days_of_groups()

    with pytest.raises(PositionOutOfRangeError):
        program.add_group(day_id=days[0], group_id=new_id(), position=position)


def test_changing_a_group_keeps_what_is_not_given_and_none_clears():
    program, _, groups = two_days_of_groups()
    group_id = groups[0][0]
    program.change_group(group_id, kind="emom", interval_s=60, time_cap_s=600)

    program.change_group(group_id, time_cap_s=None, rounds=5)

    group = program.find_group(group_id)
    assert (group.kind, group.interval_s, group.time_cap_s, group.rounds) == ("emom", 60, None, 5)
    event = last_event(program)
    assert type(event) is Program.GroupChanged
    assert (event.group_id, event.kind, event.label, event.rounds) == (group_id, "emom", "", 5)
    assert (event.rest_between_rounds_s, event.time_cap_s, event.interval_s) == (None, None, 60)


def test_an_unknown_group_cannot_be_changed_or_removed():
    program, days, _ = two_days_of_groups()

    with pytest.raises(UnknownChildError, match="no group"):
        program.change_group(days[0], label="x")
    with pytest.raises(UnknownChildError, match="no group"):
        program.remove_group(new_id())


def test_removing_a_group_removes_its_entries():
    program, days, groups = two_days_of_groups()

    program.remove_group(groups[0][0])

    assert group_ids(program, days[0]) == [groups[0][1]]
    assert type(last_event(program)) is Program.GroupRemoved


def test_a_group_moved_within_its_day_ends_up_at_the_position_given():
    program, days, groups = two_days_of_groups()

    program.move_group(groups[0][0], day_id=days[0], position=1)

    assert group_ids(program, days[0]) == [groups[0][1], groups[0][0]]
    with pytest.raises(PositionOutOfRangeError, match=r"0\.\.1"):
        program.move_group(groups[0][0], day_id=days[0], position=2)


def test_a_group_can_move_to_the_end_of_another_day():
    program, days, groups = two_days_of_groups()

    program.move_group(groups[0][0], day_id=days[1], position=2)

    assert group_ids(program, days[0]) == [groups[0][1]]
    assert group_ids(program, days[1]) == [*groups[1], groups[0][0]]
    event = last_event(program)
    assert type(event) is Program.GroupMoved
    assert (event.group_id, event.day_id, event.position) == (groups[0][0], days[1], 2)


def test_a_group_cannot_move_to_a_rest_day():
    program, _, groups = two_days_of_groups()
    rest_day = new_id()
    program.add_day(week_id=program.weeks[0].id, day_id=rest_day, is_rest=True)

    with pytest.raises(RestDayHasGroupsError):
        program.move_group(groups[0][0], day_id=rest_day, position=0)


def test_a_group_moves_only_to_an_existing_day():
    program, _, groups = two_days_of_groups()

    with pytest.raises(UnknownChildError, match="no day"):
        program.move_group(groups[0][0], day_id=groups[1][0], position=0)
    with pytest.raises(UnknownChildError, match="no group"):
        program.move_group(new_id(), day_id=program.weeks[0].days[0].id, position=0)
