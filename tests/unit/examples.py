"""Example prescriptions and programs the unit tests start from."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from builder.domain import Prescription, Program

OWNER = UUID("00000000-0000-4000-8000-00000000c0ac")
ATHLETE = UUID("00000000-0000-4000-8000-0000000a7e1e")
SQUAT = UUID("00000000-0000-4000-8000-0000000005a1")


def new_id() -> UUID:
    return uuid4()


def five_by_five(**changes: Any) -> Prescription:
    data: dict[str, Any] = {
        "sets": 5,
        "reps": {"min": 5, "max": 5},
        "load": {"type": "percent_1rm", "percent": 75},
        "effort": {"rpe": 7.5},
        "tempo": "30X1",
        "rest_s": 180,
    }
    return Prescription.from_dict({**data, **changes})


def a_program(**fields: Any) -> Program:
    """An empty draft template, with its creation event already collected."""
    program = Program.create(
        program_id=fields.pop("program_id", new_id()),
        owner_id=fields.pop("owner_id", OWNER),
        title=fields.pop("title", "Strength block"),
        **fields,
    )
    program.collect_events()
    return program


def with_week(program: Program, *, days: int = 1, groups: int = 1, entries: int = 1) -> UUID:
    """Append a week of `days` training days, each full of groups and entries."""
    week_id = new_id()
    program.add_week(week_id=week_id, label=f"Week {len(program.weeks) + 1}")
    for _ in range(days):
        day_id = new_id()
        program.add_day(week_id=week_id, day_id=day_id, title="Lower")
        for _ in range(groups):
            group_id = new_id()
            program.add_group(day_id=day_id, group_id=group_id, label="A")
            for _ in range(entries):
                add_squat(program, group_id)
    return week_id


def add_squat(program: Program, group_id: UUID) -> UUID:
    entry_id = new_id()
    program.add_entry(
        group_id=group_id,
        entry_id=entry_id,
        exercise_id=SQUAT,
        exercise_name="Back squat",
        prescription=five_by_five(),
    )
    return entry_id


def a_program_with_one_full_week() -> Program:
    """A draft with one week of one day holding one group with one entry, events collected."""
    program = a_program()
    with_week(program)
    program.collect_events()
    return program


def last_event(program: Program) -> Any:
    return program.pending_events[-1]


def a_week_structure() -> dict[str, Any]:
    """One full week as a structure dict, built without any program (or actor)."""
    entry = {
        "id": str(new_id()),
        "exercise_id": str(SQUAT),
        "exercise_name": "Back squat",
        "prescription": {"sets": 5, "reps": {"min": 5, "max": 5}},
        "notes": "",
    }
    group = {
        "id": str(new_id()),
        "kind": "straight",
        "label": "A",
        "rounds": 1,
        "rest_between_rounds_s": None,
        "time_cap_s": None,
        "interval_s": None,
        "entries": [entry],
    }
    day = {"id": str(new_id()), "title": "Lower", "is_rest": False, "groups": [group]}
    return {"id": str(new_id()), "label": "Week 1", "phase": "", "days": [day]}
