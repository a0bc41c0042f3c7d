"""Every event records who acted and the request it came from; nothing is recorded anonymously."""

from __future__ import annotations

import contextvars
import dataclasses
from uuid import UUID, uuid4

import pytest
from eventsourcing.domain import CanMutateAggregate
from eventsourcing.persistence import Mapper

from builder.domain import (
    Actor,
    MissingActorError,
    Program,
    acting,
    copy_week_with_new_ids,
    current_actor,
)
from tests.unit.examples import a_program, a_program_with_one_full_week, five_by_five, new_id
from tests.unit.stored import through_storage

EVENT_NAMES = {
    "Created",
    "Renamed",
    "DetailsChanged",
    "UnitsChanged",
    "NotesChanged",
    "WeekAdded",
    "WeekChanged",
    "WeekRemoved",
    "WeekMoved",
    "WeekDuplicated",
    "DayAdded",
    "DayChanged",
    "DayRemoved",
    "DayMoved",
    "GroupAdded",
    "GroupChanged",
    "GroupRemoved",
    "GroupMoved",
    "EntryAdded",
    "PrescriptionChanged",
    "EntryNotesChanged",
    "ExerciseSwapped",
    "EntryRemoved",
    "EntryMoved",
    "Published",
    "Archived",
    "Restored",
}


def program_event_classes() -> list[type]:
    return [
        value
        for name, value in vars(Program).items()
        if isinstance(value, type) and issubclass(value, CanMutateAggregate) and name != "Event"
    ]


def test_every_program_event_class_declares_the_audit_fields():
    classes = program_event_classes()

    assert {c.__name__ for c in classes} == EVENT_NAMES
    for event_class in classes:
        names = {field.name for field in dataclasses.fields(event_class)}
        assert {"actor_id", "correlation_id", "timestamp"} <= names, event_class


def test_the_created_event_records_the_actor(actor: Actor):
    program = Program.create(program_id=new_id(), owner_id=uuid4(), title="Block")

    created = program.collect_events()[0]

    assert type(created) is Program.Created
    assert created.actor_id == actor.user_id
    assert created.correlation_id == actor.correlation_id


def test_each_event_records_the_actor_current_when_it_was_triggered():
    program = a_program_with_one_full_week()
    assistant = Actor(user_id=uuid4(), correlation_id="req-2")

    with acting(assistant):
        program.rename("Peaking block")
    program.change_units("lb")

    renamed, units_changed = program.collect_events()
    assert (renamed.actor_id, renamed.correlation_id) == (assistant.user_id, "req-2")
    assert units_changed.correlation_id == "req-unit-test"


def test_audit_fields_survive_storage_and_replay_does_not_read_the_current_actor(
    mapper: Mapper[UUID],
):
    program = Program.create(program_id=new_id(), owner_id=uuid4(), title="Block")
    program.add_week(week_id=new_id())
    stored = [mapper.to_stored_event(event) for event in program.collect_events()]

    def read_back() -> list[object]:
        return [mapper.to_domain_event(event) for event in stored]

    # A fresh context has no actor: reading and replaying must still work.
    events = contextvars.Context().run(read_back)
    replayed = contextvars.Context().run(lambda: events[1].mutate(events[0].mutate(None)))

    assert [e.correlation_id for e in events] == ["req-unit-test", "req-unit-test"]
    assert isinstance(events[0].actor_id, UUID)
    assert replayed.weeks == program.weeks


def test_a_command_without_an_actor_is_refused_and_records_nothing():
    program = a_program_with_one_full_week()
    version = program.version

    def rename_anonymously() -> None:
        with pytest.raises(MissingActorError, match="acting"):
            program.rename("Nobody did this")

    contextvars.Context().run(rename_anonymously)

    assert program.title == "Strength block"
    assert program.version == version
    assert program.pending_events == []


def test_a_program_cannot_be_created_without_an_actor():
    def create_anonymously() -> None:
        with pytest.raises(MissingActorError):
            Program.create(program_id=new_id(), owner_id=uuid4(), title="Block")

    contextvars.Context().run(create_anonymously)


def test_the_previous_actor_is_back_after_acting(actor: Actor):
    other = Actor(user_id=uuid4(), correlation_id="req-9")

    with acting(other):
        assert current_actor() == other

    assert current_actor() == actor


def test_every_kind_of_event_round_trips_with_its_audit_fields(mapper: Mapper[UUID]):
    program = a_program()
    week_id, day_id, group_id, entry_id = new_id(), new_id(), new_id(), new_id()
    program.rename("Renamed")
    program.change_details(description="d", goal="g", level="beginner", tags=["a"])
    program.change_units("lb")
    program.change_notes({"focus": "legs"})
    program.add_week(week_id=week_id)
    program.change_week(week_id, label="W")
    program.add_day(week_id=week_id, day_id=day_id)
    program.change_day(day_id, title="Mon")
    program.add_group(day_id=day_id, group_id=group_id)
    program.change_group(group_id, kind="emom", interval_s=60)
    program.add_entry(
        group_id=group_id,
        entry_id=entry_id,
        exercise_id=uuid4(),
        exercise_name="Row",
        prescription=five_by_five(),
    )
    program.change_prescription(entry_id, five_by_five(sets=3))
    program.change_entry_notes(entry_id, "slow")
    program.swap_exercise(entry_id, exercise_id=uuid4(), exercise_name="Pull-up")
    program.add_day(week_id=week_id, day_id=new_id(), is_rest=True)
    program.move_entry(entry_id, group_id=group_id, position=0)
    program.move_group(group_id, day_id=day_id, position=0)
    program.move_day(day_id, week_id=week_id, position=1)
    program.move_week(week_id, 0)
    program.publish()
    program.duplicate_week(
        source_week_id=week_id,
        position=1,
        week=copy_week_with_new_ids(program.find_week(week_id), uuid4),
    )
    program.remove_entry(entry_id)
    program.remove_group(group_id)
    program.remove_day(day_id)
    program.remove_week(week_id)
    program.archive()
    program.restore()

    events = program.collect_events()

    kinds = {type(event) for event in events}
    assert kinds == set(program_event_classes()) - {Program.Created}
    for event in events:
        copy = through_storage(mapper, event)
        assert copy.__dict__ == event.__dict__
        assert type(copy) is type(event)
