"""Validation of a whole structure (weeks as dicts) handed in by a fork or a week duplicate."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from builder.domain import fields
from builder.domain.errors import (
    DuplicateIdError,
    InvalidValue,
    LimitExceededError,
    RestDayHasGroupsError,
)
from builder.domain.prescription import Prescription

_WEEK_KEYS = ("id", "label", "phase", "days")
_DAY_KEYS = ("id", "title", "is_rest", "groups")
_GROUP_KEYS = (
    "id",
    "kind",
    "label",
    "rounds",
    "rest_between_rounds_s",
    "time_cap_s",
    "interval_s",
    "entries",
)
_ENTRY_KEYS = ("id", "exercise_id", "exercise_name", "prescription", "notes")


def parse_weeks(data: Any) -> list[dict[str, Any]]:
    """Validate a list of week dicts and return it in canonical form.

    Applies every rule a sequence of commands would (limits, rest days, value bounds, ids
    unique within the structure); field names of errors are paths such as
    "weeks.0.days.1.groups.0.entries.2.prescription.reps.min".
    """
    weeks = _children(data, "weeks", fields.MAX_WEEKS, "weeks in a program")
    seen: set[UUID] = set()
    return [_week(week, f"weeks.{i}", seen) for i, week in enumerate(weeks)]


def parse_week(data: Any, field: str = "week") -> dict[str, Any]:
    """Validate one week dict (with its days, groups and entries)."""
    return _week(data, field, set())


def _week(data: Any, path: str, seen: set[UUID]) -> dict[str, Any]:
    node = _node(data, path, _WEEK_KEYS, seen)
    days = _children(node.get("days", []), f"{path}.days", fields.MAX_DAYS_PER_WEEK, "days a week")
    return {
        "id": node["id"],
        "label": _nested(fields.line, node.get("label", ""), path, "label"),
        "phase": _nested(fields.line, node.get("phase", ""), path, "phase"),
        "days": [_day(day, f"{path}.days.{i}", seen) for i, day in enumerate(days)],
    }


def _day(data: Any, path: str, seen: set[UUID]) -> dict[str, Any]:
    node = _node(data, path, _DAY_KEYS, seen)
    groups = _children(
        node.get("groups", []), f"{path}.groups", fields.MAX_GROUPS_PER_DAY, "groups a day"
    )
    is_rest = _nested(fields.flag, node.get("is_rest", False), path, "is_rest")
    if is_rest and groups:
        raise RestDayHasGroupsError(node["id"])
    return {
        "id": node["id"],
        "title": _nested(fields.line, node.get("title", ""), path, "title"),
        "is_rest": is_rest,
        "groups": [_group(group, f"{path}.groups.{i}", seen) for i, group in enumerate(groups)],
    }


def _group(data: Any, path: str, seen: set[UUID]) -> dict[str, Any]:
    node = _node(data, path, _GROUP_KEYS, seen)
    entries = _children(
        node.get("entries", []), f"{path}.entries", fields.MAX_ENTRIES_PER_GROUP, "entries a group"
    )
    try:
        settings = fields.group_settings(
            kind=node.get("kind", "straight"),
            label=node.get("label", ""),
            rounds=node.get("rounds", 1),
            rest_between_rounds_s=node.get("rest_between_rounds_s"),
            time_cap_s=node.get("time_cap_s"),
            interval_s=node.get("interval_s"),
        )
    except InvalidValue as error:
        raise error.within(path) from None
    return {
        "id": node["id"],
        **settings,
        "entries": [_entry(entry, f"{path}.entries.{i}", seen) for i, entry in enumerate(entries)],
    }


def _entry(data: Any, path: str, seen: set[UUID]) -> dict[str, Any]:
    node = _node(data, path, _ENTRY_KEYS, seen)
    try:
        prescription = Prescription.from_dict(node.get("prescription"))
    except InvalidValue as error:
        raise error.within(f"{path}.prescription") from None
    exercise_id = _nested(fields.uuid, node.get("exercise_id"), path, "exercise_id")
    name = node.get("exercise_name")
    return {
        "id": node["id"],
        "exercise_id": str(exercise_id),
        "exercise_name": _nested(
            fields.name, name, path, "exercise_name", fields.EXERCISE_NAME_MAX
        ),
        "prescription": prescription.to_dict(),
        "notes": _nested(fields.text, node.get("notes", ""), path, "notes", fields.TEXT_MAX),
    }


def _node(data: Any, path: str, keys: tuple[str, ...], seen: set[UUID]) -> dict[str, Any]:
    """Check the dict's keys and claim its id; return it with the id as a canonical string."""
    if not isinstance(data, dict):
        raise InvalidValue(path, "not-object")
    for key in data:
        if key not in keys:
            raise InvalidValue(f"{path}.{key}", "unknown-field")
    node_id = fields.uuid(data.get("id"), f"{path}.id")
    if node_id in seen:
        raise DuplicateIdError(node_id)
    seen.add(node_id)
    return {**data, "id": str(node_id)}


def _children(data: Any, path: str, limit: int, what: str) -> list[Any]:
    if not isinstance(data, list):
        raise InvalidValue(path, "not-list")
    if len(data) > limit:
        raise LimitExceededError(what, limit)
    return data


def _nested(check: Any, value: Any, path: str, field: str, *args: Any) -> Any:
    """Run a field check, naming the field by its full path in any error."""
    try:
        return check(value, field, *args)
    except InvalidValue as error:
        raise error.within(path) from None
