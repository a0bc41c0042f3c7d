"""The leaves of a stored program document that an event changes in place.

Most edits change the fields of one node (a prescription, a group's settings, the title) and
leave the tree's shape alone. For those the inline projection sets the changed leaves with
`jsonb_set` instead of rendering and rewriting the whole document, which on a 3,000-entry
program is most of an edit's time. Events that reshape the tree (adds, removes, moves,
duplicates) or freeze it (Published) have no patch: the document is rendered whole.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from uuid import UUID

from builder.domain import Program

Leaf = tuple[list[str], Any]

_WEEK_FIELDS = ("label", "phase")
_DAY_FIELDS = ("title", "is_rest")
_GROUP_FIELDS = ("kind", "label", "rounds", "rest_between_rounds_s", "time_cap_s", "interval_s")
_DETAILS = ("description", "goal", "level", "tags")


def changed_leaves(program: Program, events: Sequence[Any]) -> list[Leaf] | None:
    """The (path, value) leaves that bring the document from before `events` to `program`.

    Values are read from the program after all the events, so several events touching the same
    node end in its final value. None when any event has no patch (render the whole document).
    """
    leaves: list[Leaf] = []
    for event in events:
        patch = _PATCHES.get(type(event).__qualname__)
        if patch is None:
            return None
        leaves.extend(patch(program, event))
    leaves.append((["version"], program.version))
    leaves.append((["updated_at"], program.modified_on.isoformat()))
    return leaves


def _fields(path: list[str], node: Any, names: Sequence[str]) -> list[Leaf]:
    return [([*path, name], getattr(node, name)) for name in names]


def _entry(program: Program, event: Any, names: Sequence[str]) -> list[Leaf]:
    path, entry = _entry_path(program, event.entry_id)
    return [([*path, name], _plain(getattr(entry, name))) for name in names]


def _plain(value: Any) -> Any:
    """A value as the document holds it (ids as strings, prescriptions as dicts)."""
    if isinstance(value, UUID):
        return str(value)
    to_dict = getattr(value, "to_dict", None)
    return to_dict() if to_dict else value


def _entry_path(program: Program, entry_id: UUID) -> tuple[list[str], Any]:
    for w, week in enumerate(program.weeks):
        for d, day in enumerate(week.days):
            for g, group in enumerate(day.groups):
                for e, entry in enumerate(group.entries):
                    if entry.id == entry_id:
                        return _path(w, d, g, e), entry
    raise LookupError(entry_id)


def _group_path(program: Program, group_id: UUID) -> tuple[list[str], Any]:
    for w, week in enumerate(program.weeks):
        for d, day in enumerate(week.days):
            for g, group in enumerate(day.groups):
                if group.id == group_id:
                    return _path(w, d, g), group
    raise LookupError(group_id)


def _day_path(program: Program, day_id: UUID) -> tuple[list[str], Any]:
    for w, week in enumerate(program.weeks):
        for d, day in enumerate(week.days):
            if day.id == day_id:
                return _path(w, d), day
    raise LookupError(day_id)


def _week_path(program: Program, week_id: UUID) -> tuple[list[str], Any]:
    for w, week in enumerate(program.weeks):
        if week.id == week_id:
            return _path(w), week
    raise LookupError(week_id)


def _path(*indexes: int) -> list[str]:
    """The jsonb path of a node, e.g. weeks,0,days,2 (the document's lists, 0-based)."""
    levels = ("weeks", "days", "groups", "entries")[: len(indexes)]
    return [part for level, i in zip(levels, indexes, strict=True) for part in (level, str(i))]


_PATCHES: dict[str, Callable[[Program, Any], list[Leaf]]] = {
    "Program.PrescriptionChanged": lambda p, e: _entry(p, e, ("prescription",)),
    "Program.EntryNotesChanged": lambda p, e: _entry(p, e, ("notes",)),
    "Program.ExerciseSwapped": lambda p, e: _entry(p, e, ("exercise_id", "exercise_name")),
    "Program.GroupChanged": lambda p, e: _fields(*_group_path(p, e.group_id), _GROUP_FIELDS),
    "Program.DayChanged": lambda p, e: _fields(*_day_path(p, e.day_id), _DAY_FIELDS),
    "Program.WeekChanged": lambda p, e: _fields(*_week_path(p, e.week_id), _WEEK_FIELDS),
    "Program.Renamed": lambda p, e: [(["title"], p.title)],
    "Program.DetailsChanged": lambda p, e: [([n], _copy(getattr(p, n))) for n in _DETAILS],
    "Program.UnitsChanged": lambda p, e: [(["units"], p.units)],
    "Program.NotesChanged": lambda p, e: [(["notes"], dict(p.notes))],
    "Program.Archived": lambda p, e: [(["status"], p.status)],
    "Program.Restored": lambda p, e: [(["status"], p.status)],
}


def _copy(value: Any) -> Any:
    return list(value) if isinstance(value, list | tuple) else value
