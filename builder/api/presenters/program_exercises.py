"""A program's weeks with each entry's exercise as the catalogue has it now, as JSON text."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from builder.api.json_text import JSONText
from builder.api.presenters.exercises import localised
from builder.domain.translations import ENGLISH
from projections.queries import exercises as exercise_queries

# In the weeks' JSON every object key is one of the tree's fixed names, so `"exercise_id"` before
# a colon can only be an entry's key (inside a string its quotes would be escaped). Each entry
# has one exercise id and one name; the n-th id and the n-th name belong to the same entry,
# whatever order and spacing the members were written in (weeks split from jsonb by migration
# 0006 have PostgreSQL's, with a space after each colon).
_EXERCISE_ID = re.compile(r'"exercise_id"\s*:\s*"([^"]*)"')
_EXERCISE_NAME = re.compile(r'"exercise_name"\s*:\s*("[^"\\]*(?:\\.[^"\\]*)*")')  # a JSON string


def presented_weeks(weeks_json: str, language: str) -> JSONText:
    """The weeks with each entry's exercise in `language`, one query for all their exercises."""
    return JSONText(with_exercises(weeks_json, lambda ids: _exercise_displays(ids, language)))


def with_exercises(
    weeks_json: str, displays: Callable[[set[str]], dict[str, dict[str, Any]]]
) -> str:
    """The weeks' JSON with each entry's `exercise` added and its `exercise_name` shown as
    `displays` (exercise id -> display, for the ids asked) has it; an exercise it does not
    know is shown as the entry recorded it.

    Text in, text out: decoding 3,120 entries to set two members on each, then encoding them
    again, was most of the time of reading a 52-week program.
    """
    exercise_ids = _EXERCISE_ID.findall(weeks_json)
    parts = _EXERCISE_NAME.split(weeks_json)  # text, recorded name, text, ..., text
    recorded_names = parts[1::2]
    if len(recorded_names) != len(exercise_ids):
        raise ValueError("A program document's entries do not each have one exercise and name.")
    shown = {
        exercise_id: _exercise_members(display)
        for exercise_id, display in displays(set(exercise_ids)).items()
    }
    parts[1::2] = [
        shown.get(exercise_id) or _exercise_members(_unknown(exercise_id, json.loads(name)))
        for exercise_id, name in zip(exercise_ids, recorded_names, strict=True)
    ]
    return "".join(parts)


def _exercise_members(display: dict[str, Any]) -> str:
    """An entry's `exercise` and `exercise_name` members, as JSON text.

    The standard encoder, as the stored weeks were written: it escapes any text (a lone
    surrogate in a name included) and there are only as many displays as distinct exercises.
    """
    return f'"exercise":{_compact(display)},"exercise_name":{_compact(display["name"])}'


def _compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


def _exercise_displays(ids: set[str], language: str) -> dict[str, dict[str, Any]]:
    rows = exercise_queries.exercises_and_replacements(ids)
    return {
        exercise_id: _display(rows[exercise_id], rows, language)
        for exercise_id in ids
        if exercise_id in rows
    }


def _display(row: Any, rows: dict[str, Any], language: str) -> dict[str, Any]:
    """How an entry shows its exercise: a merged one as the exercise that replaced it."""
    shown = rows.get(str(row.replaced_by), row) if row.replaced_by else row
    name, served = localised(shown.names, language)
    return {
        "id": str(shown.id),
        "name": name,
        "name_language": served,
        "status": shown.status,
        "merged_from": str(row.id) if shown is not row else None,
        "video": shown.primary_media,
    }


def _unknown(exercise_id: str, recorded_name: str) -> dict[str, Any]:
    """An entry whose exercise the catalogue does not hold: shown as recorded."""
    return {
        "id": exercise_id,
        "name": recorded_name,
        "name_language": ENGLISH,
        "status": "unknown",
        "merged_from": None,
        "video": None,
    }
