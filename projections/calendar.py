"""An assignment's calendar: the days of a program version laid onto dates from a start date.

Each week begins on its own calendar week: its days fall on consecutive dates from the week's
first date, and a week of fewer than seven days is filled up with rest days, so each week starts
seven days after the one before. A week of more than seven days (two sessions a day, say) takes
as many dates as it has days and moves the following weeks on.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

DAYS_A_WEEK = 7


def program_days(document: dict[str, Any], start: date) -> Iterator[dict[str, Any]]:
    """Every date of the program from `start`, with its day or a filled-in rest day."""
    first = start
    for week_number, week in enumerate(document.get("weeks", []), start=1):
        days = week["days"]
        for index in range(max(DAYS_A_WEEK, len(days))):
            day = days[index] if index < len(days) else None
            yield _calendar_day(first + timedelta(days=index), week_number, week, index, day)
        first += timedelta(days=max(DAYS_A_WEEK, len(days)))


def _calendar_day(
    on: date, week_number: int, week: dict[str, Any], index: int, day: dict[str, Any] | None
) -> dict[str, Any]:
    return {
        "date": on.isoformat(),
        "week": week_number,
        "week_label": week.get("label", ""),
        "day": index + 1,
        "day_id": day["id"] if day else None,
        "title": day["title"] if day else "",
        "is_rest": day["is_rest"] if day else True,
        "planned": day is not None,
        "groups": day["groups"] if day else [],
    }


def between(days: Iterator[dict[str, Any]], first: date, last: date) -> list[dict[str, Any]]:
    """The days dated from `first` to `last`, both included."""
    low, high = first.isoformat(), last.isoformat()
    out = []
    for day in days:
        if day["date"] > high:
            break
        if day["date"] >= low:
            out.append(day)
    return out
