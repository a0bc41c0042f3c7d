"""The rules for a program's plain values: choices, text lengths, tags, notes, group settings."""

from __future__ import annotations

import re
from contextlib import suppress
from typing import Any
from uuid import UUID

from builder.domain.errors import InvalidValue

UNITS = ("kg", "lb")
PROGRAM_KINDS = ("template", "personal")
STATUSES = ("draft", "archived")
# A small enum rather than free text so lists can filter by level; "" means not stated.
LEVELS = ("", "beginner", "intermediate", "advanced")
GROUP_KINDS = ("straight", "superset", "circuit", "emom", "amrap", "interval", "warmup", "cooldown")
NOTE_KEYS = ("focus", "phase", "considerations", "notes")

MAX_WEEKS = 104
MAX_DAYS_PER_WEEK = 14
MAX_GROUPS_PER_DAY = 20
MAX_ENTRIES_PER_GROUP = 30

TITLE_MAX = 200
GOAL_MAX = 200
LABEL_MAX = 80
TEXT_MAX = 5000
EXERCISE_NAME_MAX = 200
MAX_TAGS = 20
TAG_MAX = 40
MAX_ROUNDS = 100


# Characters that change how the text around them is shown rather than what it says. Embeddings,
# overrides and isolates reorder what follows them: "Block\u202egnp.exe" shows as "Blockexe.png".
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Zero-width characters and direction marks hide inside a line: two names that look the same
# differ. Several lines keep them, for the joiners of emoji and of scripts such as Persian.
_INVISIBLE = re.compile("[\u200b-\u200f\u061c\ufeff]")


class _Keep:
    """The type of KEEP."""

    def __repr__(self) -> str:
        return "KEEP"


# Default of the optional arguments of change_* commands: "leave this value as it is".
# None cannot play that part, because None is a meaningful value (e.g. no time cap).
KEEP: Any = _Keep()


def uuid(value: Any, field: str) -> UUID:
    if isinstance(value, UUID):
        return value
    if isinstance(value, str):
        with suppress(ValueError):
            return UUID(value)
    raise InvalidValue(field, "not-uuid")


def optional_uuid(value: Any, field: str) -> UUID | None:
    return None if value is None else uuid(value, field)


def choice(value: Any, field: str, choices: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in choices:
        shown = ", ".join(repr(c) for c in choices)
        raise InvalidValue(field, "not-a-choice", choices=shown)
    return value


def text(value: Any, field: str, max_length: int) -> str:
    """Free text (kept as written) of at most `max_length` characters."""
    if not isinstance(value, str):
        raise InvalidValue(field, "not-text")
    if len(value) > max_length:
        raise InvalidValue(field, "too-long", count=max_length)
    return shown_as_written(value, field, one_line=False)


def line(value: Any, field: str, max_length: int = LABEL_MAX) -> str:
    """One line of text, outer whitespace trimmed, possibly empty."""
    if not isinstance(value, str):
        raise InvalidValue(field, "not-text")
    return shown_as_written(text(value.strip(), field, max_length), field, one_line=True)


def shown_as_written(value: str, field: str, *, one_line: bool) -> str:
    """`value`, refused if it holds characters that reorder it or, on one line, hide in it."""
    if _BIDI_CONTROLS.search(value):
        raise InvalidValue(field, "reordering-characters")
    if one_line and _INVISIBLE.search(value):
        raise InvalidValue(field, "invisible-characters")
    return value


def name(value: Any, field: str, max_length: int) -> str:
    """A required line of text: not blank once trimmed."""
    trimmed = line(value, field, max_length)
    if not trimmed:
        raise InvalidValue(field, "blank")
    return trimmed


def title(value: Any) -> str:
    return name(value, "title", TITLE_MAX)


def tags(value: Any) -> list[str]:
    """At most MAX_TAGS non-blank tags of at most TAG_MAX characters; repeats dropped."""
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise InvalidValue("tags", "not-text-list")
    unique = list(dict.fromkeys(name(tag, "tags", TAG_MAX) for tag in value))
    if len(unique) > MAX_TAGS:
        raise InvalidValue("tags", "too-many-tags", count=MAX_TAGS)
    return unique


def notes(value: Any, current: dict[str, str] | None = None) -> dict[str, str]:
    """All four note texts: the ones given replace `current` (or empty), the rest stay."""
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise InvalidValue("notes", "not-object")
    for key in value:
        if key not in NOTE_KEYS:
            raise InvalidValue(f"notes.{key}", "not-notes-field")
    base = current or dict.fromkeys(NOTE_KEYS, "")
    return {key: text(value.get(key, base[key]), f"notes.{key}", TEXT_MAX) for key in NOTE_KEYS}


def flag(value: Any, field: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidValue(field, "not-boolean")
    return value


def whole(value: Any, field: str, low: int, high: int, *, optional: bool = False) -> Any:
    """A whole number in low..high (bools refused: True is an int in Python)."""
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValue(field, "not-whole-number")
    if not low <= value <= high:
        raise InvalidValue(field, "out-of-range", low=low, high=high)
    return value


def position(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValue("position", "not-whole-number")
    return value


def group_settings(
    *,
    kind: Any,
    label: Any,
    rounds: Any,
    rest_between_rounds_s: Any,
    time_cap_s: Any,
    interval_s: Any,
) -> dict[str, Any]:
    """The validated settings of a group, keyed as the Group events name them."""
    return {
        "kind": choice(kind, "kind", GROUP_KINDS),
        "label": line(label, "label"),
        "rounds": whole(rounds, "rounds", 1, MAX_ROUNDS),
        "rest_between_rounds_s": whole(
            rest_between_rounds_s, "rest_between_rounds_s", 0, 3600, optional=True
        ),
        "time_cap_s": whole(time_cap_s, "time_cap_s", 1, 86_400, optional=True),
        "interval_s": whole(interval_s, "interval_s", 1, 3600, optional=True),
    }
