"""What an audit summary needs that its event does not carry, read from the stream's aggregate.

`facts_before` looks at the aggregate just before the event (the entry's exercise, the week and
day it sat in, the value being replaced); `facts_after` just after it (where something added or
moved now sits). Places are 1-based, as people count weeks and days. Events without a rule here
need no facts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol
from uuid import UUID

from builder.domain import Day, Entry, Exercise, Group, Program, Week

_DETAILS = ("description", "goal", "level", "tags")
_GROUP_SETTINGS = ("kind", "label", "rounds", "rest_between_rounds_s", "time_cap_s", "interval_s")


class Streams(Protocol):
    def latest(self, stream_id: UUID) -> Any: ...


# -- places in a program ------------------------------------------------------------------


def week_place(program: Program, week_id: UUID | str) -> dict[str, Any]:
    found = _place(program, week_id, Week)
    return {"week": found[0]} if found else {}


def day_place(program: Program, day_id: UUID | str) -> dict[str, Any]:
    found = _place(program, day_id, Day)
    return {"week": found[0], "day": found[1]} if found else {}


def group_place(program: Program, group_id: UUID | str) -> dict[str, Any]:
    found = _place(program, group_id, Group)
    return {"week": found[0], "day": found[1], "group": found[2].label} if found else {}


def entry_place(program: Program, entry_id: UUID | str) -> dict[str, Any]:
    found = _place(program, entry_id, Entry)
    return {"week": found[0], "day": found[1], "exercise": found[2].exercise_name} if found else {}


def _place(program: Program, node_id: UUID | str, kind: type) -> tuple[int, int, Any] | None:
    """The 1-based week and day numbers of a `kind` node, and the node (the program's index
    finds it; only the numbers take a look along the lists)."""
    found = program.place(UUID(str(node_id)))
    if found is None or not isinstance(found[3], kind):
        return None
    week, day, _, node = found
    week_number = _number(program.weeks, week)
    return week_number, _number(week.days, day) if day is not None else 0, node


def _number(siblings: list[Any], node: Any) -> int:
    # By identity: comparing nodes would compare their whole subtrees.
    return next(n for n, sibling in enumerate(siblings, start=1) if sibling is node)


def _from(place: dict[str, Any]) -> dict[str, Any]:
    return {"from": place}


def _to(place: dict[str, Any]) -> dict[str, Any]:
    return {"to": place}


# -- programs, before the event -----------------------------------------------------------


def _details_changed(program: Program, event: Any) -> dict[str, Any]:
    changed = [key for key in _DETAILS if getattr(program, key) != getattr(event, key)]
    return {"changed": changed}


def _notes_changed(program: Program, event: Any) -> dict[str, Any]:
    keys = sorted(set(program.notes) | set(event.notes))
    return {"changed": [key for key in keys if program.notes.get(key) != event.notes.get(key)]}


def _group_changed(program: Program, event: Any) -> dict[str, Any]:
    group = program.find_group(event.group_id)
    changes = {
        key: [getattr(group, key), getattr(event, key)]
        for key in _GROUP_SETTINGS
        if getattr(group, key) != getattr(event, key)
    }
    return {**group_place(program, event.group_id), "changes": changes}


def _week_changed(program: Program, event: Any) -> dict[str, Any]:
    week = program.find_week(event.week_id)
    return {**week_place(program, week.id), "previous": {"label": week.label, "phase": week.phase}}


def _day_changed(program: Program, event: Any) -> dict[str, Any]:
    day = program.find_day(event.day_id)
    previous = {"title": day.title, "is_rest": day.is_rest}
    return {**day_place(program, day.id), "previous": previous}


def _prescription_changed(program: Program, event: Any) -> dict[str, Any]:
    # The aggregate knows the replaced prescription even where a v1 event did not record it.
    previous = program.find_entry(event.entry_id).prescription.to_dict()
    return {**entry_place(program, event.entry_id), "previous": previous}


_PROGRAM_BEFORE: dict[type, Callable[[Program, Any], dict[str, Any]]] = {
    Program.Renamed: lambda p, e: {"previous": p.title},
    Program.DetailsChanged: _details_changed,
    Program.UnitsChanged: lambda p, e: {"previous": p.units},
    Program.NotesChanged: _notes_changed,
    Program.WeekChanged: _week_changed,
    Program.WeekRemoved: lambda p, e: week_place(p, e.week_id),
    Program.WeekMoved: lambda p, e: _from(week_place(p, e.week_id)),
    Program.WeekDuplicated: lambda p, e: _from(week_place(p, e.source_week_id)),
    Program.DayChanged: _day_changed,
    Program.DayRemoved: lambda p, e: day_place(p, e.day_id),
    Program.DayMoved: lambda p, e: _from(day_place(p, e.day_id)),
    Program.GroupChanged: _group_changed,
    Program.GroupRemoved: lambda p, e: group_place(p, e.group_id),
    Program.GroupMoved: lambda p, e: _from(group_place(p, e.group_id)),
    Program.PrescriptionChanged: _prescription_changed,
    Program.EntryNotesChanged: lambda p, e: entry_place(p, e.entry_id),
    Program.ExerciseSwapped: lambda p, e: entry_place(p, e.entry_id),
    Program.EntryRemoved: lambda p, e: entry_place(p, e.entry_id),
    Program.EntryMoved: lambda p, e: _from(entry_place(p, e.entry_id)),
}

# -- programs, after the event ------------------------------------------------------------

_PROGRAM_AFTER: dict[type, Callable[[Program, Any], dict[str, Any]]] = {
    Program.Created: lambda p, e: {"title": p.title, "weeks": len(p.weeks)},
    Program.WeekAdded: lambda p, e: week_place(p, e.week_id),
    Program.WeekDuplicated: lambda p, e: _to(week_place(p, e.week["id"])),
    Program.WeekMoved: lambda p, e: _to(week_place(p, e.week_id)),
    Program.DayAdded: lambda p, e: day_place(p, e.day_id),
    Program.DayMoved: lambda p, e: _to(day_place(p, e.day_id)),
    Program.GroupAdded: lambda p, e: group_place(p, e.group_id),
    Program.GroupMoved: lambda p, e: _to(group_place(p, e.group_id)),
    Program.EntryAdded: lambda p, e: entry_place(p, e.entry_id),
    Program.EntryMoved: lambda p, e: _to(entry_place(p, e.entry_id)),
}

# -- exercises ----------------------------------------------------------------------------


def _media_provider(exercise: Exercise, event: Any) -> dict[str, Any]:
    return {"provider": exercise.find_media(event.media_id)["provider"]}


def _classification_changed(exercise: Exercise, event: Any) -> dict[str, Any]:
    before = exercise.classification()
    return {"changed": [key for key in before if before[key] != getattr(event, key)]}


def _merged(exercise: Exercise, event: Any, streams: Streams) -> dict[str, Any]:
    target = streams.latest(event.into_id)
    return {"into": target.name if isinstance(target, Exercise) else None}


_EXERCISE_BEFORE: dict[type, Callable[[Exercise, Any], dict[str, Any]]] = {
    Exercise.TranslationSet: lambda x, e: {"previous": x.names.get(e.locale)},
    Exercise.ClassificationChanged: _classification_changed,
    Exercise.MediaUnlinked: _media_provider,
    Exercise.MediaMadePrimary: _media_provider,
}


def facts_before(aggregate: Any, event: Any, streams: Streams) -> dict[str, Any]:
    """Facts from the aggregate as it was just before `event`."""
    if isinstance(aggregate, Program):
        rule = _PROGRAM_BEFORE.get(type(event))
        return rule(aggregate, event) if rule else {}
    if isinstance(aggregate, Exercise):
        facts = {"exercise": aggregate.name}
        if isinstance(event, Exercise.Merged):
            return facts | _merged(aggregate, event, streams)
        rule = _EXERCISE_BEFORE.get(type(event))
        return facts | (rule(aggregate, event) if rule else {})
    return {}


def facts_after(aggregate: Any, event: Any) -> dict[str, Any]:
    """Facts from the aggregate just after `event`."""
    if isinstance(aggregate, Program):
        rule = _PROGRAM_AFTER.get(type(event))
        return rule(aggregate, event) if rule else {}
    if isinstance(aggregate, Exercise) and isinstance(event, Exercise.Created):
        return {"exercise": aggregate.name}
    return {}
