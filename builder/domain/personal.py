"""Which event fields hold personal data, and whose: free text a person wrote about themselves
or about the athlete a program is for; and which fields hold the ids of the people an event
concerns.

An event class's `personal_fields` are paths into its fields (steps joined by dots, `*` for
every item of a list or value of a dict); the event's `subject_id` says whose data they are.
The event store encrypts the text found there under that person's key, so that destroying the
key erases it everywhere in the history at once (docs/decisions/0003-crypto-shredding.md).

An event class's `person_id_fields` (same paths) hold ids of people: the event store indexes
the event under each of them and its subject, which is how a person's export and erasure find
every event about them.
"""

from __future__ import annotations

from collections.abc import Mapping

# The text inside a week's structure (weeks.*, WeekDuplicated.week): labels, titles and notes.
WEEK_TEXT = (
    "label",
    "phase",
    "days.*.title",
    "days.*.groups.*.label",
    "days.*.groups.*.entries.*.exercise_name",
    "days.*.groups.*.entries.*.notes",
)


def within(prefix: str, paths: tuple[str, ...]) -> tuple[str, ...]:
    """`paths` below the field `prefix` (e.g. every week of `weeks`: within("weeks.*", ...))."""
    return tuple(f"{prefix}.{path}" for path in paths)


def declare(aggregate: type, fields_by_event: Mapping[str, tuple[str, ...]]) -> None:
    """Set `personal_fields` on the aggregate's event classes, named as nested in it."""
    for name, paths in fields_by_event.items():
        event_class = getattr(aggregate, name)
        event_class.personal_fields = tuple(paths)


def declare_person_ids(aggregate: type, fields_by_event: Mapping[str, tuple[str, ...]]) -> None:
    """Add `paths` to the `person_id_fields` of the aggregate's event classes (named as nested
    in it): those every audited event has (the actor) stay."""
    for name, paths in fields_by_event.items():
        event_class = getattr(aggregate, name)
        event_class.person_id_fields = (*event_class.person_id_fields, *paths)
