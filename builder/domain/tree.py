"""The program's tree below the aggregate: weeks, days, groups of exercises, entries."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from builder.domain import fields
from builder.domain.errors import LimitExceededError, PositionOutOfRangeError, UnknownChildError
from builder.domain.prescription import Prescription

# The dict shapes below are the program's "structure": what `Program.structure()` returns
# and what the Created and WeekDuplicated events carry. Ids are strings there so that the
# dicts are JSON-safe as they stand.


@dataclass
class Entry:
    """One exercise of a group, with its prescription."""

    id: UUID
    exercise_id: UUID
    exercise_name: str
    prescription: Prescription
    notes: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "exercise_id": str(self.exercise_id),
            "exercise_name": self.exercise_name,
            "prescription": self.prescription.to_dict(),
            "notes": self.notes,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entry:
        return cls(
            id=UUID(data["id"]),
            exercise_id=UUID(data["exercise_id"]),
            exercise_name=data["exercise_name"],
            prescription=Prescription.restore(data["prescription"]),
            notes=data["notes"],
        )


@dataclass
class Group:
    """Exercises done together (straight sets, a superset, a circuit, an EMOM ...)."""

    id: UUID
    kind: str = "straight"
    label: str = ""
    rounds: int = 1
    rest_between_rounds_s: int | None = None
    time_cap_s: int | None = None
    interval_s: int | None = None
    entries: list[Entry] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "kind": self.kind,
            "label": self.label,
            "rounds": self.rounds,
            "rest_between_rounds_s": self.rest_between_rounds_s,
            "time_cap_s": self.time_cap_s,
            "interval_s": self.interval_s,
            "entries": [entry.to_dict() for entry in self.entries],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Group:
        return cls(
            id=UUID(data["id"]),
            kind=data["kind"],
            label=data["label"],
            rounds=data["rounds"],
            rest_between_rounds_s=data["rest_between_rounds_s"],
            time_cap_s=data["time_cap_s"],
            interval_s=data["interval_s"],
            entries=[Entry.from_dict(entry) for entry in data["entries"]],
        )


@dataclass
class Day:
    """A training day (or a rest day, which holds no groups)."""

    id: UUID
    title: str = ""
    is_rest: bool = False
    groups: list[Group] = field(default_factory=list)

    @property
    def entry_count(self) -> int:
        return sum(len(group.entries) for group in self.groups)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "title": self.title,
            "is_rest": self.is_rest,
            "groups": [group.to_dict() for group in self.groups],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Day:
        return cls(
            id=UUID(data["id"]),
            title=data["title"],
            is_rest=data["is_rest"],
            groups=[Group.from_dict(group) for group in data["groups"]],
        )


@dataclass
class Week:
    """A week of days, with a label ("Deload") and an optional phase ("Accumulation")."""

    id: UUID
    label: str = ""
    phase: str = ""
    days: list[Day] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "label": self.label,
            "phase": self.phase,
            "days": [day.to_dict() for day in self.days],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Week:
        """Rebuild from a structure dict that was validated when it was recorded."""
        return cls(
            id=UUID(data["id"]),
            label=data["label"],
            phase=data["phase"],
            days=[Day.from_dict(day) for day in data["days"]],
        )


@dataclass
class TreeChanges:
    """Which weeks events changed, and whether weeks were added, removed or moved (reshaped)."""

    weeks: set[UUID] = field(default_factory=set)
    reshaped: bool = False


class NodeIndex:
    """Where each node of a tree is, by id: its week, its parent and itself.

    Commands and their events find nodes by id; without an index every lookup walks the tree,
    which makes replaying a long history quadratic. The program keeps the index in step with
    every change (see Program's event methods); it is never stored (a snapshot holds the tree).
    """

    def __init__(self, weeks: list[Week]) -> None:
        self._at: dict[UUID, tuple[Week, Any, Any]] = {}
        for week in weeks:
            self.add_week(week)

    def __contains__(self, node_id: UUID) -> bool:
        return node_id in self._at

    def get(self, node_id: UUID) -> tuple[Week, Any, Any] | None:
        """(week, parent, node) of whatever node has this id; None if there is none."""
        return self._at.get(node_id)

    def find(self, node_id: UUID, kind: type[Any]) -> tuple[Week, Any, Any]:
        """(week, parent, node) of the `kind` node with this id; KeyError if there is none."""
        found = self._at[node_id]
        if type(found[2]) is not kind:
            raise KeyError(node_id)
        return found

    def add_week(self, week: Week) -> None:
        self._at[week.id] = (week, None, week)
        for day in week.days:
            self.add_day(week, day)

    def add_day(self, week: Week, day: Day) -> None:
        self._at[day.id] = (week, week, day)
        for group in day.groups:
            self.add_group(week, day, group)

    def add_group(self, week: Week, day: Day, group: Group) -> None:
        self._at[group.id] = (week, day, group)
        for entry in group.entries:
            self._at[entry.id] = (week, group, entry)

    def add_entry(self, week: Week, group: Group, entry: Entry) -> None:
        self._at[entry.id] = (week, group, entry)

    def forget(self, node: Week | Day | Group | Entry) -> None:
        """Drop a removed node and everything below it."""
        for node_id in child_ids([node]) if isinstance(node, Week) else _below(node):
            self._at.pop(node_id, None)


def _below(node: Day | Group | Entry) -> Iterator[UUID]:
    yield node.id
    for group in getattr(node, "groups", ()):
        yield group.id
        yield from (entry.id for entry in group.entries)
    for entry in getattr(node, "entries", ()):
        yield entry.id


def child_ids(weeks: list[Week]) -> Iterator[UUID]:
    """Every week, day, group and entry id of the tree, top down."""
    for week in weeks:
        yield week.id
        for day in week.days:
            yield day.id
            for group in day.groups:
                yield group.id
                yield from (entry.id for entry in group.entries)


def copy_week_with_new_ids(week: Week, new_id: Callable[[], UUID]) -> dict[str, Any]:
    """A structure dict copying `week` with a fresh id from `new_id` for every node.

    The application calls this before `Program.duplicate_week`, so the WeekDuplicated event
    carries the new ids and replay never has to invent them.
    """
    copy = week.to_dict()
    copy["id"] = str(new_id())
    for day in copy["days"]:
        day["id"] = str(new_id())
        for group in day["groups"]:
            group["id"] = str(new_id())
            for entry in group["entries"]:
                entry["id"] = str(new_id())
    return copy


def without_ids(week: dict[str, Any]) -> dict[str, Any]:
    """A structure dict of a week with the node ids dropped, to compare copies."""
    return {
        **{key: value for key, value in week.items() if key not in ("id", "days")},
        "days": [
            {
                **{key: value for key, value in day.items() if key not in ("id", "groups")},
                "groups": [
                    {
                        **{k: v for k, v in group.items() if k not in ("id", "entries")},
                        "entries": [
                            {k: v for k, v in entry.items() if k != "id"}
                            for entry in group["entries"]
                        ],
                    }
                    for group in day["groups"]
                ],
            }
            for day in week["days"]
        ],
    }


@dataclass(frozen=True)
class Siblings:
    """How the children of one level sit in their parent: which list, how many at most.

    The Program's commands ask it where a new or moved child may go (refusing a full parent or
    a position out of range); their events' bodies ask it to move the child there. The program
    keeps its node index and its notes of changed weeks itself.
    """

    attribute: str
    limit: int
    what: str  # the limit's words, e.g. "days a week"

    def of(self, parent: Any) -> list[Any]:
        return getattr(parent, self.attribute)

    def insert_position(self, parent: Any, position: Any) -> int:
        """Where a new child goes among the parent's: 0..their number (None appends)."""
        count = len(self.of(parent))
        self._ensure_room(count)
        return count if position is None else _within(position, count)

    def move_position(self, source: Any, target: Any, position: Any) -> int:
        """Where a child of `source` ends up in `target`: its index after the move, 0..len-1
        within its own parent, 0..len in another (which must have room)."""
        count = len(self.of(target))
        if target is not source:
            self._ensure_room(count)
        return _within(position, count - (target is source))

    def move(self, source: Any, target: Any, child_id: UUID, position: int) -> Any:
        """Take the child out of `source` and put it at `position` in `target`."""
        child = self.detach(source, child_id)
        self.of(target).insert(position, child)
        return child

    def detach(self, parent: Any, child_id: UUID) -> Any:
        """Remove the child with `child_id` from the parent's and return it."""
        children = self.of(parent)
        for index, child in enumerate(children):
            if child.id == child_id:
                return children.pop(index)
        raise UnknownChildError("child", child_id)

    def _ensure_room(self, count: int) -> None:
        if count >= self.limit:
            raise LimitExceededError(self.what, self.limit)


def _within(position: Any, highest: int) -> int:
    checked = fields.position(position)
    if not 0 <= checked <= highest:
        raise PositionOutOfRangeError(checked, highest)
    return checked


WEEKS = Siblings("weeks", fields.MAX_WEEKS, "weeks in a program")
DAYS = Siblings("days", fields.MAX_DAYS_PER_WEEK, "days a week")
GROUPS = Siblings("groups", fields.MAX_GROUPS_PER_DAY, "groups a day")
ENTRIES = Siblings("entries", fields.MAX_ENTRIES_PER_GROUP, "entries a group")
