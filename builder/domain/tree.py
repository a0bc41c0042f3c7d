"""The program's tree below the aggregate: weeks, days, groups of exercises, entries."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

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
