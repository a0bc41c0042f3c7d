"""Publishing freezes numbered versions; archiving stops edits until the program is restored."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from builder.domain import (
    NotPublishableError,
    Program,
    ProgramArchivedError,
    ProgramNotArchivedError,
    UnknownVersionError,
    copy_week_with_new_ids,
)
from tests.unit.examples import (
    a_program,
    a_program_with_one_full_week,
    add_squat,
    five_by_five,
    last_event,
    new_id,
    with_week,
)
from tests.unit.stored import replay


def test_publishing_freezes_a_version():
    program = a_program_with_one_full_week()

    program.publish()

    assert program.published_versions == [1]
    assert type(last_event(program)) is Program.Published
    assert last_event(program).number == 1


def a_program_keeping_its_history() -> Program:
    """A program with one full week whose events, Created included, are still pending."""
    program = Program.create(program_id=new_id(), owner_id=new_id(), title="Strength block")
    with_week(program)
    return program


def test_publish_edit_publish_gives_versions_one_and_two_and_version_one_is_recovered_by_replay():
    program = a_program_keeping_its_history()
    program.publish()
    version_one = program.structure()
    entry_id = program.weeks[0].days[0].groups[0].entries[0].id
    program.change_prescription(entry_id, five_by_five(sets=3))
    add_squat(program, program.weeks[0].days[0].groups[0].id)
    program.rename("Block, revised")

    program.publish()

    assert program.published_versions == [1, 2]
    events = program.collect_events()
    # The application rebuilds a version from the stream up to its Published event.
    cut = next(i for i, e in enumerate(events) if type(e) is Program.Published and e.number == 1)
    at_one = replay(events[: cut + 1])
    assert at_one.published_versions == [1]
    assert at_one.structure() == version_one
    assert at_one.title == "Strength block"
    assert (at_one.find_entry(entry_id).prescription.sets, at_one.entry_count) == (5, 1)
    latest = replay(events)
    assert latest == program
    assert (latest.entry_count, latest.find_entry(entry_id).prescription.sets) == (2, 3)


def test_a_program_without_weeks_cannot_be_published():
    program = a_program()

    with pytest.raises(NotPublishableError, match="no weeks"):
        program.publish()


def test_a_training_day_without_exercises_cannot_be_published():
    program = a_program_with_one_full_week()
    day_id = new_id()
    program.add_day(week_id=program.weeks[0].id, day_id=day_id, title="Upper")

    with pytest.raises(NotPublishableError, match=f"day 2 \\(Upper\\) of week 1.*{day_id}"):
        program.publish()


def test_a_day_with_groups_but_no_entries_counts_as_empty():
    program = a_program_with_one_full_week()
    day_id = new_id()
    program.add_day(week_id=program.weeks[0].id, day_id=day_id)
    program.add_group(day_id=day_id, group_id=new_id())

    with pytest.raises(NotPublishableError, match="has no exercises"):
        program.publish()
    assert program.published_versions == []


def test_rest_days_need_no_exercises_to_publish():
    program = a_program_with_one_full_week()
    program.add_day(week_id=program.weeks[0].id, day_id=new_id(), is_rest=True)

    program.publish()

    assert program.published_versions == [1]


def test_a_published_version_must_exist():
    program = a_program_with_one_full_week()
    program.publish()

    assert program.require_published_version(1) == 1
    with pytest.raises(UnknownVersionError, match="no published version 2"):
        program.require_published_version(2)


def test_archiving_and_restoring():
    program = a_program_with_one_full_week()

    program.archive()
    assert (program.status, program.is_archived) == ("archived", True)
    assert type(last_event(program)) is Program.Archived

    program.restore()
    assert (program.status, program.is_archived) == ("draft", False)
    assert type(last_event(program)) is Program.Restored
    program.rename("Editable again")


def test_an_archived_program_cannot_be_archived_again():
    program = a_program()
    program.archive()

    with pytest.raises(ProgramArchivedError):
        program.archive()


def test_only_an_archived_program_can_be_restored():
    program = a_program()

    with pytest.raises(ProgramNotArchivedError):
        program.restore()


def every_edit(program: Program) -> list[Callable[[], None]]:
    week = program.weeks[0]
    day = week.days[0]
    group = day.groups[0]
    entry = group.entries[0]
    return [
        lambda: program.rename("x"),
        lambda: program.change_details(description="x"),
        lambda: program.change_units("lb"),
        lambda: program.change_notes({"focus": "x"}),
        lambda: program.add_week(week_id=new_id()),
        lambda: program.change_week(week.id, label="x"),
        lambda: program.remove_week(week.id),
        lambda: program.move_week(week.id, 0),
        lambda: program.duplicate_week(
            source_week_id=week.id, week=copy_week_with_new_ids(week, new_id)
        ),
        lambda: program.add_day(week_id=week.id, day_id=new_id()),
        lambda: program.change_day(day.id, title="x"),
        lambda: program.remove_day(day.id),
        lambda: program.move_day(day.id, week_id=week.id, position=0),
        lambda: program.add_group(day_id=day.id, group_id=new_id()),
        lambda: program.change_group(group.id, label="x"),
        lambda: program.remove_group(group.id),
        lambda: program.move_group(group.id, day_id=day.id, position=0),
        lambda: add_squat(program, group.id),
        lambda: program.change_prescription(entry.id, five_by_five()),
        lambda: program.change_entry_notes(entry.id, "x"),
        lambda: program.swap_exercise(entry.id, exercise_id=new_id(), exercise_name="x"),
        lambda: program.remove_entry(entry.id),
        lambda: program.move_entry(entry.id, group_id=group.id, position=0),
        lambda: program.publish(),
    ]


@pytest.mark.parametrize("edit", range(24))
def test_an_archived_program_refuses_every_edit(edit: int):
    program = a_program_with_one_full_week()
    program.archive()
    program.collect_events()
    before = program.structure()
    command = every_edit(program)[edit]

    with pytest.raises(ProgramArchivedError, match="restore"):
        command()

    assert program.pending_events == []
    assert program.structure() == before
