"""Exercise usage: how many program entries record each exercise, kept by the worker.

The view keeps each program's tree as nodes (week, day, group, entry) with their parent and,
for entries, the exercise: enough to remove a subtree with its entries, follow moves between
parents and count the entries of an exercise. Only the events that change which entries exist,
where they hang or which exercise they record are delivered (``topics``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import UUID

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection
from eventsourcing.utils import get_topic

from builder.domain import Program
from projections.worker import WorkerView

NAME = "exercise_usage"
TABLE = "projections_usage_node"

_INSERT = (
    f"INSERT INTO {TABLE} (program_id, node_id, parent_id, exercise_id)"  # noqa: S608
    " SELECT %s, * FROM unnest(%s::uuid[], %s::uuid[], %s::uuid[])"
)
_REMOVE_SUBTREE = (
    "WITH RECURSIVE doomed AS ("  # noqa: S608 - constants only
    f" SELECT node_id FROM {TABLE} WHERE program_id = %(program)s AND node_id = %(node)s"
    f" UNION ALL SELECT n.node_id FROM {TABLE} n JOIN doomed d ON n.parent_id = d.node_id"
    " WHERE n.program_id = %(program)s)"
    f" DELETE FROM {TABLE} WHERE program_id = %(program)s"
    " AND node_id IN (SELECT node_id FROM doomed)"
)
_MOVE = f"UPDATE {TABLE} SET parent_id = %s WHERE program_id = %s AND node_id = %s"  # noqa: S608
_SWAP = f"UPDATE {TABLE} SET exercise_id = %s WHERE program_id = %s AND node_id = %s"  # noqa: S608

Node = tuple[UUID, UUID | None, UUID | None]  # node id, parent id, exercise id


def _uuid(value: Any) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))


def nodes(weeks: list[dict[str, Any]]) -> Iterator[Node]:
    """The nodes of a structure (weeks as recorded in Created and WeekDuplicated)."""
    for week in weeks:
        yield _uuid(week["id"]), None, None
        for day in week["days"]:
            yield _uuid(day["id"]), _uuid(week["id"]), None
            for group in day["groups"]:
                yield _uuid(group["id"]), _uuid(day["id"]), None
                for entry in group["entries"]:
                    yield _uuid(entry["id"]), _uuid(group["id"]), _uuid(entry["exercise_id"])


class ExerciseUsageView(WorkerView):
    """The tree nodes of every program, written with the projection's position."""

    def insert(self, program_id: UUID, added: list[Node], tracking: Tracking) -> None:
        with self.applying(tracking) as cursor:
            if added:
                ids, parents, exercises = (list(column) for column in zip(*added, strict=True))
                cursor.execute(_INSERT, [program_id, ids, parents, exercises])

    def remove(self, program_id: UUID, node_id: UUID, tracking: Tracking) -> None:
        with self.applying(tracking) as cursor:
            cursor.execute(_REMOVE_SUBTREE, {"program": program_id, "node": node_id})

    def move(self, program_id: UUID, node_id: UUID, parent_id: UUID, tracking: Tracking) -> None:
        with self.applying(tracking) as cursor:
            cursor.execute(_MOVE, [parent_id, program_id, node_id])

    def swap(self, program_id: UUID, node_id: UUID, exercise_id: UUID, tracking: Tracking) -> None:
        with self.applying(tracking) as cursor:
            cursor.execute(_SWAP, [exercise_id, program_id, node_id])


class ExerciseUsageProjection(Projection[ExerciseUsageView]):
    """Counts the program entries that record each exercise (worker projection)."""

    name = NAME
    topics = tuple(
        get_topic(cls)
        for cls in (
            Program.Created,
            Program.WeekAdded,
            Program.WeekRemoved,
            Program.WeekDuplicated,
            Program.DayAdded,
            Program.DayRemoved,
            Program.DayMoved,
            Program.GroupAdded,
            Program.GroupRemoved,
            Program.GroupMoved,
            Program.EntryAdded,
            Program.EntryRemoved,
            Program.EntryMoved,
            Program.ExerciseSwapped,
        )
    )

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """Events that change no entry's place or exercise only move the position on."""
        self.view.insert_tracking(tracking)

    @process_event.register
    def _(self, event: Program.Created, tracking: Tracking) -> None:
        self.view.insert(event.originator_id, list(nodes(event.weeks)), tracking)

    @process_event.register
    def _(self, event: Program.WeekDuplicated, tracking: Tracking) -> None:
        self.view.insert(event.originator_id, list(nodes([event.week])), tracking)

    @process_event.register
    def _(self, event: Program.WeekAdded, tracking: Tracking) -> None:
        self.view.insert(event.originator_id, [(event.week_id, None, None)], tracking)

    @process_event.register
    def _(self, event: Program.DayAdded, tracking: Tracking) -> None:
        self.view.insert(event.originator_id, [(event.day_id, event.week_id, None)], tracking)

    @process_event.register
    def _(self, event: Program.GroupAdded, tracking: Tracking) -> None:
        self.view.insert(event.originator_id, [(event.group_id, event.day_id, None)], tracking)

    @process_event.register
    def _(self, event: Program.EntryAdded, tracking: Tracking) -> None:
        added = [(event.entry_id, event.group_id, event.exercise_id)]
        self.view.insert(event.originator_id, added, tracking)

    @process_event.register
    def _(self, event: Program.WeekRemoved, tracking: Tracking) -> None:
        self.view.remove(event.originator_id, event.week_id, tracking)

    @process_event.register
    def _(self, event: Program.DayRemoved, tracking: Tracking) -> None:
        self.view.remove(event.originator_id, event.day_id, tracking)

    @process_event.register
    def _(self, event: Program.GroupRemoved, tracking: Tracking) -> None:
        self.view.remove(event.originator_id, event.group_id, tracking)

    @process_event.register
    def _(self, event: Program.EntryRemoved, tracking: Tracking) -> None:
        self.view.remove(event.originator_id, event.entry_id, tracking)

    @process_event.register
    def _(self, event: Program.DayMoved, tracking: Tracking) -> None:
        self.view.move(event.originator_id, event.day_id, event.week_id, tracking)

    @process_event.register
    def _(self, event: Program.GroupMoved, tracking: Tracking) -> None:
        self.view.move(event.originator_id, event.group_id, event.day_id, tracking)

    @process_event.register
    def _(self, event: Program.EntryMoved, tracking: Tracking) -> None:
        self.view.move(event.originator_id, event.entry_id, event.group_id, tracking)

    @process_event.register
    def _(self, event: Program.ExerciseSwapped, tracking: Tracking) -> None:
        self.view.swap(event.originator_id, event.entry_id, event.exercise_id, tracking)
