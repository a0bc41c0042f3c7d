"""Events and snapshots of a program survive the library's JSON mapper unchanged."""

from __future__ import annotations

import json
from uuid import UUID, uuid4

from eventsourcing.persistence import (
    DatetimeAsISO,
    JSONTranscoder,
    Mapper,
    UUIDAsHex,
)

from builder.domain import Program, copy_week_with_new_ids
from builder.domain.snapshot import unpack_weeks
from tests.unit.examples import ATHLETE, add_squat, five_by_five, new_id, with_week
from tests.unit.stored import replay, through_storage


def a_rich_program() -> Program:
    """A personal fork with every kind of node and value, published, then edited."""
    source_week = Program.create(program_id=new_id(), owner_id=new_id(), title="Source")
    with_week(source_week, days=2, groups=2, entries=2)
    program = Program.fork(
        program_id=new_id(),
        owner_id=uuid4(),
        title="Rich",
        forked_from={"program_id": source_week.id, "version": None},
        weeks=source_week.structure(),
        description="Many\nlines",
        goal="Squat 200",
        level="advanced",
        tags=["legs", "ünïcode"],
        units="lb",
        notes={"focus": "squat", "considerations": "knee"},
        kind="personal",
        athlete_id=ATHLETE,
    )
    week = program.weeks[0]
    program.add_day(week_id=week.id, day_id=new_id(), title="Rest", is_rest=True)
    day_id = new_id()
    program.add_day(week_id=week.id, day_id=day_id, title="Conditioning")
    group_id = new_id()
    program.add_group(
        day_id=day_id, group_id=group_id, kind="emom", rounds=10, interval_s=60, time_cap_s=600
    )
    program.add_entry(
        group_id=group_id,
        entry_id=new_id(),
        exercise_id=uuid4(),
        exercise_name="Row",
        prescription={"sets": 1, "distance_m": 250.5, "duration_s": 60, "set_type": "warmup"},
        notes="Easy",
    )
    program.add_entry(
        group_id=group_id,
        entry_id=new_id(),
        exercise_id=uuid4(),
        exercise_name="Dip",
        prescription={
            "sets": 3,
            "reps": "amrap",
            "each_side": True,
            "load": {"type": "bodyweight", "added": 12.5},
            "effort": {"rir": 1},
        },
    )
    add_squat(program, group_id)
    program.publish()
    program.duplicate_week(
        source_week_id=week.id, week=copy_week_with_new_ids(week, new_id), position=0
    )
    program.change_prescription(
        program.weeks[0].days[0].groups[0].entries[0].id,
        five_by_five(load={"type": "absolute", "value": 102.5, "unit": "lb"}, effort={"rpe": 8.5}),
    )
    program.publish()
    program.archive()
    return program


def test_every_event_of_a_rich_program_survives_storage_and_replays_to_the_same_program(
    mapper: Mapper[UUID],
):
    program = a_rich_program()
    events = program.collect_events()

    copies = [through_storage(mapper, event) for event in events]

    assert [copy.__dict__ for copy in copies] == [event.__dict__ for event in events]
    assert replay(copies) == program


def test_a_snapshot_of_a_rich_program_survives_storage_and_equals_the_program(
    mapper: Mapper[UUID],
):
    program = a_rich_program()
    program.collect_events()
    snapshot = Program.Snapshot.take(program)

    stored = mapper.to_stored_event(snapshot)
    restored = mapper.to_domain_event(stored).mutate(None)

    stored_weeks = json.loads(stored.state)["state"]["weeks"]
    assert unpack_weeks(stored_weeks) == program.structure()
    assert len(stored_weeks) < len(json.dumps(program.structure())) / 2  # compressed
    assert restored == program
    assert restored.published_versions == [1, 2]


def test_a_snapshot_taken_before_trees_were_compressed_still_restores(mapper: Mapper[UUID]):
    program = a_rich_program()
    program.collect_events()
    snapshot = Program.Snapshot.take(program)
    snapshot.state["weeks"] = json.dumps(program.structure())  # as snapshots used to hold it

    restored = mapper.to_domain_event(mapper.to_stored_event(snapshot)).mutate(None)

    assert restored == program


def test_a_program_restored_from_a_snapshot_takes_later_events(mapper: Mapper[UUID]):
    program = a_rich_program()
    program.restore()
    program.collect_events()
    restored = through_storage(mapper, Program.Snapshot.take(program)).mutate(None)

    program.rename("After the snapshot")
    (renamed,) = program.collect_events()
    through_storage(mapper, renamed).mutate(restored)

    assert restored == program


def test_a_snapshot_needs_no_transcoding_of_the_tree():
    transcoder = JSONTranscoder()
    transcoder.register(UUIDAsHex())
    transcoder.register(DatetimeAsISO())
    mapper = Mapper(transcoder=transcoder)
    program = Program.create(program_id=new_id(), owner_id=new_id(), title="T")
    with_week(program)
    program.collect_events()

    restored = through_storage(mapper, Program.Snapshot.take(program)).mutate(None)

    assert restored == program


def test_events_need_no_domain_transcodings_because_they_hold_plain_values():
    transcoder = JSONTranscoder()
    transcoder.register(UUIDAsHex())
    transcoder.register(DatetimeAsISO())
    mapper = Mapper(transcoder=transcoder)
    program = Program.create(program_id=new_id(), owner_id=new_id(), title="T")
    with_week(program)

    events = [through_storage(mapper, event) for event in program.collect_events()]

    assert replay(events) == program
