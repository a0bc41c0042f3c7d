"""Random command sequences never break a program's invariants or its replay."""

from __future__ import annotations

from collections.abc import Callable
from itertools import count
from typing import Any
from uuid import UUID

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    multiple,
    precondition,
    rule,
    run_state_machine_as_test,
)

from builder.domain import (
    GROUP_KINDS,
    MAX_DAYS_PER_WEEK,
    MAX_ENTRIES_PER_GROUP,
    MAX_GROUPS_PER_DAY,
    MAX_WEEKS,
    BuilderError,
    Program,
    UnknownChildError,
    copy_week_with_new_ids,
)
from builder.domain.tree import child_ids
from tests.unit.examples import OWNER, SQUAT
from tests.unit.stored import json_mapper, replay, through_storage

PRESCRIPTIONS = [
    {"sets": 5, "reps": {"min": 5, "max": 5}, "load": {"type": "percent_1rm", "percent": 75}},
    {"sets": 3, "reps": "amrap", "effort": {"rpe": 8.5}},
    {"sets": 1, "duration_s": 600, "set_type": "warmup"},
    {"sets": 4, "distance_m": 400.5, "load": {"type": "bodyweight", "added": 10}},
    {"sets": 3, "reps": {"min": 8, "max": 6}},  # invalid: min above max
]
positions = st.one_of(st.integers(-1, 4), st.none())
texts = st.sampled_from(["", "A", "Heavy", "x" * 81])
rest = st.sampled_from([False, False, False, True])


def seed_structure() -> tuple[list[dict[str, Any]], dict[str, list[UUID]]]:
    """Two weeks of two days (the last one a rest day); a group of two entries a training day."""
    numbers = count(1)
    ids: dict[str, list[UUID]] = {"week": [], "day": [], "group": [], "entry": []}

    def new(level: str) -> str:
        ids[level].append(UUID(int=next(numbers)))
        return str(ids[level][-1])

    def entry() -> dict[str, Any]:
        return {
            "id": new("entry"),
            "exercise_id": str(SQUAT),
            "exercise_name": "Squat",
            "prescription": PRESCRIPTIONS[0],
        }

    def day(is_rest: bool) -> dict[str, Any]:
        groups = [] if is_rest else [{"id": new("group"), "entries": [entry(), entry()]}]
        return {"id": new("day"), "is_rest": is_rest, "groups": groups}

    weeks = [
        {"id": new("week"), "days": [day(False), day(False)]},
        {"id": new("week"), "days": [day(False), day(True)]},
    ]
    return weeks, ids


SEED, SEED_IDS = seed_structure()


class ProgramMachine(RuleBasedStateMachine):
    """Drives one Program with valid and invalid commands, checking it after every step.

    Bundles hold every id a command tried to add, so later commands meet known ids, ids
    of removed children and ids of refused additions alike.
    """

    weeks = Bundle("weeks")
    days = Bundle("days")
    groups = Bundle("groups")
    entries = Bundle("entries")

    @initialize(program_id=st.uuids())
    def create(self, program_id: UUID) -> None:
        self.mapper = json_mapper()
        self.program = Program.fork(
            program_id=program_id,
            owner_id=OWNER,
            title="Random",
            forked_from=None,
            weeks=SEED,
        )
        self.stored = [through_storage(self.mapper, self.program.collect_events()[0])]
        self.replica = self.stored[0].mutate(None)

    # The seeded tree's ids start in the bundles, so deep commands are possible at once.
    @initialize(target=weeks)
    def seed_weeks(self) -> Any:
        return multiple(*SEED_IDS["week"])

    @initialize(target=days)
    def seed_days(self) -> Any:
        return multiple(*SEED_IDS["day"])

    @initialize(target=groups)
    def seed_groups(self) -> Any:
        return multiple(*SEED_IDS["group"])

    @initialize(target=entries)
    def seed_entries(self) -> Any:
        return multiple(*SEED_IDS["entry"])

    def attempt(self, command: Callable[[], Any]) -> None:
        version = self.program.version
        state = self.state()
        try:
            command()
        except BuilderError:
            # A refused command leaves no trace at all.
            assert self.program.version == version
            assert self.program.pending_events == []
            assert self.state() == state
            return
        (event,) = self.program.collect_events()
        assert event.originator_version == version + 1 == self.program.version
        self.stored.append(through_storage(self.mapper, event))
        self.replica = self.stored[-1].mutate(self.replica)

    def state(self) -> bytes:
        """The program's whole state as JSON (much cheaper than a deep copy)."""
        hidden = ("_pending_events", *Program.TRANSIENT)  # a cache of the tree, not state
        state = {k: v for k, v in vars(self.program).items() if k not in hidden}
        return self.mapper.transcoder.encode({**state, "weeks": self.program.structure()})

    # -- program ----------------------------------------------------------------------------

    @rule(title=texts)
    def rename(self, title: str) -> None:
        self.attempt(lambda: self.program.rename(title))

    @rule(units=st.sampled_from(["kg", "lb", "st"]))
    def change_units(self, units: str) -> None:
        self.attempt(lambda: self.program.change_units(units))

    @rule()
    def publish(self) -> None:
        self.attempt(self.program.publish)

    @rule(then_restore=st.booleans())
    def archive(self, then_restore: bool) -> None:
        self.attempt(self.program.archive)
        if then_restore:
            self.attempt(lambda: self.program.rename("Refused while archived"))
            self.attempt(self.program.restore)

    @rule()
    def restore(self) -> None:
        self.attempt(self.program.restore)

    # Archived programs refuse almost everything, so leave that state soon.
    @precondition(lambda self: self.program.is_archived)
    @rule()
    def restore_soon(self) -> None:
        self.attempt(self.program.restore)

    # -- weeks ------------------------------------------------------------------------------

    @rule(target=weeks, week_id=st.uuids(), position=positions, label=texts)
    def add_week(self, week_id: UUID, position: int | None, label: str) -> UUID:
        self.attempt(lambda: self.program.add_week(week_id=week_id, position=position, label=label))
        return week_id

    @rule(week_id=weeks, label=texts)
    def change_week(self, week_id: UUID, label: str) -> None:
        self.attempt(lambda: self.program.change_week(week_id, label=label))

    @rule(week_id=weeks)
    def remove_week(self, week_id: UUID) -> None:
        self.attempt(lambda: self.program.remove_week(week_id))

    @rule(week_id=weeks, position=st.integers(-1, 4))
    def move_week(self, week_id: UUID, position: int) -> None:
        self.attempt(lambda: self.program.move_week(week_id, position))

    @rule(source_id=weeks, position=positions, new_ids=st.randoms(use_true_random=False))
    def duplicate_week(self, source_id: UUID, position: int | None, new_ids: Any) -> None:
        model = next((week for week in self.program.weeks if week.id == source_id), None)
        week = (
            copy_week_with_new_ids(model, lambda: UUID(int=new_ids.getrandbits(128)))
            if model
            else {}
        )
        self.attempt(
            lambda: self.program.duplicate_week(
                source_week_id=source_id, position=position, week=week
            )
        )

    # -- days -------------------------------------------------------------------------------

    @rule(target=days, week_id=weeks, day_id=st.uuids(), position=positions, is_rest=rest)
    def add_day(self, week_id: UUID, day_id: UUID, position: int | None, is_rest: bool) -> UUID:
        self.attempt(
            lambda: self.program.add_day(
                week_id=week_id, day_id=day_id, position=position, is_rest=is_rest
            )
        )
        return day_id

    @rule(day_id=days, title=texts, is_rest=rest)
    def change_day(self, day_id: UUID, title: str, is_rest: bool) -> None:
        self.attempt(lambda: self.program.change_day(day_id, title=title, is_rest=is_rest))

    @rule(day_id=days)
    def remove_day(self, day_id: UUID) -> None:
        self.attempt(lambda: self.program.remove_day(day_id))

    @rule(day_id=days, week_id=weeks, position=st.integers(-1, 4))
    def move_day(self, day_id: UUID, week_id: UUID, position: int) -> None:
        self.attempt(lambda: self.program.move_day(day_id, week_id=week_id, position=position))

    # -- groups -----------------------------------------------------------------------------

    @rule(
        target=groups,
        day_id=days,
        group_id=st.uuids(),
        position=positions,
        kind=st.sampled_from(GROUP_KINDS),
    )
    def add_group(self, day_id: UUID, group_id: UUID, position: int | None, kind: str) -> UUID:
        self.attempt(
            lambda: self.program.add_group(
                day_id=day_id, group_id=group_id, position=position, kind=kind
            )
        )
        return group_id

    @rule(
        group_id=groups,
        kind=st.sampled_from([*GROUP_KINDS, "giant"]),
        rounds=st.integers(0, 3),
        time_cap_s=st.one_of(st.none(), st.integers(0, 900)),
    )
    def change_group(self, group_id: UUID, kind: str, rounds: int, time_cap_s: Any) -> None:
        self.attempt(
            lambda: self.program.change_group(
                group_id, kind=kind, rounds=rounds, time_cap_s=time_cap_s
            )
        )

    @rule(group_id=groups)
    def remove_group(self, group_id: UUID) -> None:
        self.attempt(lambda: self.program.remove_group(group_id))

    @rule(group_id=groups, day_id=days, position=st.integers(-1, 4))
    def move_group(self, group_id: UUID, day_id: UUID, position: int) -> None:
        self.attempt(lambda: self.program.move_group(group_id, day_id=day_id, position=position))

    # -- entries ----------------------------------------------------------------------------

    @rule(
        target=entries,
        group_id=groups,
        entry_id=st.uuids(),
        position=positions,
        prescription=st.sampled_from(PRESCRIPTIONS),
    )
    def add_entry(
        self, group_id: UUID, entry_id: UUID, position: int | None, prescription: dict
    ) -> UUID:
        self.attempt(
            lambda: self.program.add_entry(
                group_id=group_id,
                entry_id=entry_id,
                position=position,
                exercise_id=SQUAT,
                exercise_name="Squat",
                prescription=prescription,
            )
        )
        return entry_id

    @rule(entry_id=entries, prescription=st.sampled_from(PRESCRIPTIONS))
    def change_prescription(self, entry_id: UUID, prescription: dict) -> None:
        self.attempt(lambda: self.program.change_prescription(entry_id, prescription))

    @rule(entry_id=entries, notes=st.sampled_from(["", "Slow", "x" * 5001]))
    def change_entry_notes(self, entry_id: UUID, notes: str) -> None:
        self.attempt(lambda: self.program.change_entry_notes(entry_id, notes))

    @rule(entry_id=entries, name=st.sampled_from(["Front squat", " "]))
    def swap_exercise(self, entry_id: UUID, name: str) -> None:
        self.attempt(
            lambda: self.program.swap_exercise(entry_id, exercise_id=SQUAT, exercise_name=name)
        )

    @rule(entry_id=entries)
    def remove_entry(self, entry_id: UUID) -> None:
        self.attempt(lambda: self.program.remove_entry(entry_id))

    @rule(entry_id=entries, group_id=groups, position=st.integers(-1, 4))
    def move_entry(self, entry_id: UUID, group_id: UUID, position: int) -> None:
        self.attempt(
            lambda: self.program.move_entry(entry_id, group_id=group_id, position=position)
        )

    # -- ids used twice, or of the wrong level --------------------------------------------------

    @rule(used=st.one_of(weeks, days, groups, entries), level=st.sampled_from(["week", "day"]))
    def add_with_a_used_id(self, used: UUID, level: str) -> None:
        week_id = self.program.weeks[0].id if self.program.weeks else used
        if level == "week":
            self.attempt(lambda: self.program.add_week(week_id=used))
        else:
            self.attempt(lambda: self.program.add_day(week_id=week_id, day_id=used))

    @rule(day_id=days, not_a_week=st.one_of(days, groups, entries))
    def move_a_day_to_a_child_of_another_level(self, day_id: UUID, not_a_week: UUID) -> None:
        self.attempt(lambda: self.program.move_day(day_id, week_id=not_a_week, position=0))

    # -- after every step ---------------------------------------------------------------------

    @invariant()
    def limits_hold(self) -> None:
        assert len(self.program.weeks) <= MAX_WEEKS
        for week in self.program.weeks:
            assert len(week.days) <= MAX_DAYS_PER_WEEK
            for day in week.days:
                assert len(day.groups) <= MAX_GROUPS_PER_DAY
                assert all(len(group.entries) <= MAX_ENTRIES_PER_GROUP for group in day.groups)

    @invariant()
    def rest_days_are_empty(self) -> None:
        for week in self.program.weeks:
            assert all(not day.groups for day in week.days if day.is_rest)

    @invariant()
    def ids_are_unique(self) -> None:
        ids = list(child_ids(self.program.weeks))
        assert len(ids) == len(set(ids))

    @invariant()
    def every_node_is_found_where_it_is_and_removed_ones_are_not(self) -> None:
        # The program finds nodes through an index kept in step with every event.
        present = set()
        for week in self.program.weeks:
            assert self.program.find_week(week.id) is week
            with pytest.raises(UnknownChildError):
                self.program.find_day(week.id)  # an id is found as its own kind only
            assert self.program.place(week.id) == (week, None, None, week)
            for day in week.days:
                assert self.program.find_day(day.id) is day
                assert self.program.place(day.id) == (week, day, None, day)
                for group in day.groups:
                    assert self.program.find_group(group.id) is group
                    assert self.program.place(group.id) == (week, day, group, group)
                    for entry in group.entries:
                        assert self.program.find_entry(entry.id) is entry
                        assert self.program.place(entry.id) == (week, day, group, entry)
            present.update(child_ids([week]))
        for kind in SEED_IDS:
            for node_id in set(SEED_IDS[kind]) - present:
                with pytest.raises(UnknownChildError):
                    getattr(self.program, f"find_{kind}")(node_id)
                assert self.program.place(node_id) is None

    @invariant()
    def published_versions_count_from_one(self) -> None:
        versions = self.program.published_versions
        assert versions == list(range(1, len(versions) + 1))
        assert self.program.status in ("draft", "archived")

    @invariant()
    def the_program_equals_the_replay_of_its_stored_events(self) -> None:
        # `replica` is the fold of every event so far, each read back from storage.
        assert self.replica == self.program

    def teardown(self) -> None:
        if hasattr(self, "stored"):
            assert replay(self.stored) == self.program


def test_random_command_sequences_keep_every_invariant():
    run_state_machine_as_test(
        ProgramMachine,
        settings=settings(
            max_examples=100,
            stateful_step_count=40,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
