"""The Program aggregate: a training program's tree, its rules, and the events that record it."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from builder.domain import fields, personal
from builder.domain.audit import AuditedAggregate, current_actor
from builder.domain.errors import (
    DuplicateIdError,
    InvalidValue,
    NotPublishableError,
    ProgramArchivedError,
    ProgramNotArchivedError,
    RestDayHasGroupsError,
    TooManyEntriesError,
    UnknownChildError,
    UnknownVersionError,
)
from builder.domain.fields import KEEP
from builder.domain.prescription import Prescription
from builder.domain.snapshot import ProgramSnapshot
from builder.domain.structure import parse_week, parse_weeks
from builder.domain.tree import (
    DAYS,
    ENTRIES,
    GROUPS,
    WEEKS,
    Day,
    Entry,
    Group,
    NodeIndex,
    TreeChanges,
    Week,
    child_ids,
    without_ids,
)


class Program(AuditedAggregate):
    """A coach's training program: program -> weeks -> days -> groups -> entries.

    Each public command validates, then calls a private `@event` method whose body only
    mutates; that body runs again on replay, so it is deterministic and never refuses.
    Child ids are chosen by the caller and unique within the program (a fork keeps its
    source's ids: they are scoped per program). Positions are 0-based within the parent.
    """

    Snapshot = ProgramSnapshot
    # Kept beside the state for speed, never stored: rebuilt from the tree when needed.
    TRANSIENT = ("_node_index", "_tree_changes")

    def __init__(
        self,
        *,
        owner_id: UUID,
        title: str,
        description: str,
        goal: str,
        level: str,
        tags: list[str],
        units: str,
        notes: dict[str, str],
        kind: str,
        athlete_id: UUID | None,
        forked_from: dict[str, Any] | None,
        weeks: list[dict[str, Any]],
    ) -> None:
        self.owner_id = owner_id
        self.title = title
        self.description = description
        self.goal = goal
        self.level = level
        # Copies, so that changing the aggregate never changes the event it came from.
        self.tags = list(tags)
        self.units = units
        self.notes = dict(notes)
        self.kind = kind
        self.athlete_id = athlete_id
        self.forked_from = dict(forked_from) if forked_from is not None else None
        self.status = "draft"
        self.published_versions: list[int] = []
        self.weeks = self.weeks_from_structure(weeks)
        self._changed(*self.weeks, reshaped=True)

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self._state() == other._state()  # type: ignore[attr-defined]

    def __repr__(self) -> str:
        attrs = ", ".join(f"{k.lstrip('_')}={v!r}" for k, v in self._state().items())
        return f"{type(self).__name__}({attrs})"

    def _state(self) -> dict[str, Any]:
        """What the program is: its attributes but the transient ones and pending events."""
        hidden = (*self.TRANSIENT, "_pending_events")
        return {k: v for k, v in self.__dict__.items() if k not in hidden}

    # -- creation -----------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        *,
        program_id: UUID,
        owner_id: UUID,
        title: str,
        description: str = "",
        goal: str = "",
        level: str = "",
        tags: list[str] | tuple[str, ...] = (),
        units: str = "kg",
        notes: dict[str, str] | None = None,
        kind: str = "template",
        athlete_id: UUID | None = None,
        forked_from: dict[str, Any] | None = None,
        weeks: list[dict[str, Any]] | None = None,
    ) -> Program:
        """A new draft: empty, or holding a copy of `weeks` (a structure) when forked.

        `forked_from` is the lineage {"program_id": ..., "version": n, or None for a draft};
        `weeks` is e.g. the source's `structure()` and is validated here in full.
        """
        kind = fields.choice(kind, "kind", fields.PROGRAM_KINDS)
        return cls._create(
            cls.Created,
            id=fields.uuid(program_id, "program_id"),
            owner_id=fields.uuid(owner_id, "owner_id"),
            title=fields.title(title),
            **_details(description, goal, level, tags),
            units=fields.choice(units, "units", fields.UNITS),
            notes=fields.notes(notes),
            kind=kind,
            athlete_id=_athlete(kind, athlete_id),
            forked_from=_lineage(forked_from),
            weeks=parse_weeks([] if weeks is None else weeks),
        )

    @classmethod
    def fork(
        cls,
        *,
        program_id: UUID,
        owner_id: UUID,
        title: str,
        forked_from: dict[str, Any] | None,
        weeks: list[dict[str, Any]],
        **details: Any,
    ) -> Program:
        """`create` with the lineage and structure required (same single Created event)."""
        return cls.create(
            program_id=program_id,
            owner_id=owner_id,
            title=title,
            forked_from=forked_from,
            weeks=weeks,
            **details,
        )

    @staticmethod
    def weeks_from_structure(structure: list[dict[str, Any]]) -> list[Week]:
        """Weeks rebuilt from a structure that was validated when it was recorded."""
        return [Week.from_dict(week) for week in structure]

    # -- whose data --------------------------------------------------------------------------

    @classmethod
    def _creation_subject(cls, fields: dict[str, Any]) -> UUID | None:
        return _subject(fields["kind"], fields["athlete_id"])

    def data_subject(self) -> UUID | None:
        """The athlete of a personal program; otherwise whoever writes (the text is theirs)."""
        return _subject(self.kind, self.athlete_id)

    def owner_subject(self) -> UUID:
        """Whose key a snapshot of the whole program is kept under: its athlete, else its owner."""
        return self.athlete_id if self.kind == "personal" else self.owner_id

    # -- reading ------------------------------------------------------------------------

    def structure(self) -> list[dict[str, Any]]:
        """The current weeks as JSON-safe dicts (ids as strings, prescriptions as dicts)."""
        return [week.to_dict() for week in self.weeks]

    @property
    def is_archived(self) -> bool:
        return self.status == "archived"

    @property
    def entry_count(self) -> int:
        return sum(day.entry_count for week in self.weeks for day in week.days)

    def find_week(self, week_id: UUID) -> Week:
        return self._find(week_id, Week, "week")[2]

    def find_day(self, day_id: UUID) -> Day:
        return self._find(day_id, Day, "day")[2]

    def find_group(self, group_id: UUID) -> Group:
        return self._find(group_id, Group, "group")[2]

    def find_entry(self, entry_id: UUID) -> Entry:
        return self._find(entry_id, Entry, "entry")[2]

    def place(self, node_id: UUID) -> tuple[Week, Day | None, Group | None, Any] | None:
        """The week, day and group holding a node (None above its level) and the node itself;
        None for an id the program does not hold."""
        found = self._nodes.get(node_id)
        if found is None:
            return None
        week, parent, node = found
        if isinstance(node, Week):
            return week, None, None, node
        if isinstance(node, Day):
            return week, node, None, node
        if isinstance(node, Group):
            return week, parent, node, node
        _, day, _ = self._nodes.find(parent.id, Group)
        return week, day, parent, node

    def require_published_version(self, number: int) -> int:
        """`number` if it is a published version of this program, else UnknownVersionError."""
        if number not in self.published_versions:
            raise UnknownVersionError(number)
        return number

    def ensure_entries_at_most(self, limit: int) -> None:
        """Refuse a program of more than `limit` entries (checked before each save, so a
        duplicated week or a fork never makes one that large)."""
        if self.entry_count > limit:
            raise TooManyEntriesError(limit)

    def take_tree_changes(self) -> TreeChanges:
        """The weeks that events changed since the last call, for the read model to rewrite."""
        return self.__dict__.pop("_tree_changes", None) or TreeChanges()

    # -- program fields -----------------------------------------------------------------

    def rename(self, title: str) -> None:
        self._ensure_editable()
        self._renamed(title=fields.title(title))

    @event("Renamed")
    def _renamed(self, title: str) -> None:
        self.title = title

    def change_details(
        self, *, description: Any = KEEP, goal: Any = KEEP, level: Any = KEEP, tags: Any = KEEP
    ) -> None:
        """Change description, goal, level and tags; an omitted argument keeps its value."""
        self._ensure_editable()
        self._details_changed(
            **_details(
                self.description if description is KEEP else description,
                self.goal if goal is KEEP else goal,
                self.level if level is KEEP else level,
                self.tags if tags is KEEP else tags,
            )
        )

    @event("DetailsChanged")
    def _details_changed(self, description: str, goal: str, level: str, tags: list[str]) -> None:
        self.description = description
        self.goal = goal
        self.level = level
        self.tags = list(tags)

    def change_units(self, units: str) -> None:
        self._ensure_editable()
        self._units_changed(units=fields.choice(units, "units", fields.UNITS))

    @event("UnitsChanged")
    def _units_changed(self, units: str) -> None:
        self.units = units

    def change_notes(self, notes: dict[str, str]) -> None:
        """Replace the note texts given (focus, phase, considerations, notes); others stay."""
        self._ensure_editable()
        self._notes_changed(notes=fields.notes(notes, self.notes))

    @event("NotesChanged")
    def _notes_changed(self, notes: dict[str, str]) -> None:
        self.notes = dict(notes)

    # -- weeks --------------------------------------------------------------------------

    def add_week(
        self, *, week_id: UUID, position: int | None = None, label: str = "", phase: str = ""
    ) -> None:
        """Insert an empty week at `position` (0..number of weeks; None appends)."""
        self._ensure_editable()
        week_id = self._new_id(week_id, "week_id")
        self._week_added(
            week_id=week_id,
            position=WEEKS.insert_position(self, position),
            label=fields.line(label, "label"),
            phase=fields.line(phase, "phase"),
        )

    @event("WeekAdded")
    def _week_added(self, week_id: UUID, position: int, label: str, phase: str) -> None:
        week = Week(id=week_id, label=label, phase=phase)
        self.weeks.insert(position, week)
        self._nodes.add_week(week)
        self._changed(week, reshaped=True)

    def change_week(self, week_id: UUID, *, label: Any = KEEP, phase: Any = KEEP) -> None:
        self._ensure_editable()
        week = self.find_week(week_id)
        self._week_changed(
            week_id=week.id,
            label=week.label if label is KEEP else fields.line(label, "label"),
            phase=week.phase if phase is KEEP else fields.line(phase, "phase"),
        )

    @event("WeekChanged")
    def _week_changed(self, week_id: UUID, label: str, phase: str) -> None:
        week = self.find_week(week_id)
        week.label = label
        week.phase = phase
        self._changed(week)

    def remove_week(self, week_id: UUID) -> None:
        """Remove a week with everything in it."""
        self._ensure_editable()
        self._week_removed(week_id=self.find_week(week_id).id)

    @event("WeekRemoved")
    def _week_removed(self, week_id: UUID) -> None:
        self._nodes.forget(WEEKS.detach(self, week_id))
        self._changed(reshaped=True)

    def move_week(self, week_id: UUID, position: int) -> None:
        """Move a week so that it ends up at `position` (0..number of weeks - 1)."""
        self._ensure_editable()
        week = self.find_week(week_id)
        self._week_moved(week_id=week.id, position=WEEKS.move_position(self, self, position))

    @event("WeekMoved")
    def _week_moved(self, week_id: UUID, position: int) -> None:
        WEEKS.move(self, self, week_id, position)
        self._changed(reshaped=True)

    def duplicate_week(
        self, *, source_week_id: UUID, position: int | None = None, week: dict[str, Any]
    ) -> None:
        """Insert `week`, a copy of the source week with new ids (see copy_week_with_new_ids)."""
        self._ensure_editable()
        source = self.find_week(source_week_id)
        position = WEEKS.insert_position(self, position)
        copy = parse_week(week)
        if without_ids(copy) != without_ids(source.to_dict()):
            raise InvalidValue("week", "not-week-copy")
        self._ensure_unused(child_ids([Week.from_dict(copy)]))
        self._week_duplicated(
            source_week_id=source.id,
            position=position,
            week=copy,
        )

    @event("WeekDuplicated")
    def _week_duplicated(self, source_week_id: UUID, position: int, week: dict[str, Any]) -> None:
        copy = Week.from_dict(week)
        self.weeks.insert(position, copy)
        self._nodes.add_week(copy)
        self._changed(copy, reshaped=True)

    # -- days ---------------------------------------------------------------------------

    def add_day(
        self,
        *,
        week_id: UUID,
        day_id: UUID,
        position: int | None = None,
        title: str = "",
        is_rest: bool = False,
    ) -> None:
        self._ensure_editable()
        week = self.find_week(week_id)
        day_id = self._new_id(day_id, "day_id")
        self._day_added(
            week_id=week.id,
            day_id=day_id,
            position=DAYS.insert_position(week, position),
            title=fields.line(title, "title"),
            is_rest=fields.flag(is_rest, "is_rest"),
        )

    @event("DayAdded")
    def _day_added(
        self, week_id: UUID, day_id: UUID, position: int, title: str, is_rest: bool
    ) -> None:
        week, day = self.find_week(week_id), Day(id=day_id, title=title, is_rest=is_rest)
        week.days.insert(position, day)
        self._nodes.add_day(week, day)
        self._changed(week)

    def change_day(self, day_id: UUID, *, title: Any = KEEP, is_rest: Any = KEEP) -> None:
        """Retitle a day or make it a rest day (only when it holds no groups)."""
        self._ensure_editable()
        day = self.find_day(day_id)
        is_rest = day.is_rest if is_rest is KEEP else fields.flag(is_rest, "is_rest")
        if is_rest and day.groups:
            raise RestDayHasGroupsError(day.id)
        self._day_changed(
            day_id=day.id,
            title=day.title if title is KEEP else fields.line(title, "title"),
            is_rest=is_rest,
        )

    @event("DayChanged")
    def _day_changed(self, day_id: UUID, title: str, is_rest: bool) -> None:
        week, _, day = self._find(day_id, Day, "day")
        day.title = title
        day.is_rest = is_rest
        self._changed(week)

    def remove_day(self, day_id: UUID) -> None:
        self._ensure_editable()
        self._day_removed(day_id=self.find_day(day_id).id)

    @event("DayRemoved")
    def _day_removed(self, day_id: UUID) -> None:
        week, _, _ = self._find(day_id, Day, "day")
        self._nodes.forget(DAYS.detach(week, day_id))
        self._changed(week)

    def move_day(self, day_id: UUID, week_id: UUID, position: int) -> None:
        """Move a day to `position` in the week `week_id` (which may be its own week).

        `position` is the day's index after the move: 0..len-1 within its own week,
        0..len in another week (which must have room).
        """
        self._ensure_editable()
        source, _, day = self._find(day_id, Day, "day")
        target = self.find_week(week_id)
        self._day_moved(
            day_id=day.id, week_id=target.id, position=DAYS.move_position(source, target, position)
        )

    @event("DayMoved")
    def _day_moved(self, day_id: UUID, week_id: UUID, position: int) -> None:
        source, _, _ = self._find(day_id, Day, "day")
        target = self.find_week(week_id)
        day = DAYS.move(source, target, day_id, position)
        self._nodes.add_day(target, day)
        self._changed(source, target)

    # -- groups -------------------------------------------------------------------------

    def add_group(
        self,
        *,
        day_id: UUID,
        group_id: UUID,
        position: int | None = None,
        kind: str = "straight",
        label: str = "",
        rounds: int = 1,
        rest_between_rounds_s: int | None = None,
        time_cap_s: int | None = None,
        interval_s: int | None = None,
    ) -> None:
        self._ensure_editable()
        day = self.find_day(day_id)
        group_id = self._new_id(group_id, "group_id")
        if day.is_rest:
            raise RestDayHasGroupsError(day.id)
        position = GROUPS.insert_position(day, position)
        settings = fields.group_settings(
            kind=kind,
            label=label,
            rounds=rounds,
            rest_between_rounds_s=rest_between_rounds_s,
            time_cap_s=time_cap_s,
            interval_s=interval_s,
        )
        self._group_added(
            day_id=day.id,
            group_id=group_id,
            position=position,
            **settings,
        )

    @event("GroupAdded")
    def _group_added(
        self,
        day_id: UUID,
        group_id: UUID,
        position: int,
        kind: str,
        label: str,
        rounds: int,
        rest_between_rounds_s: int | None,
        time_cap_s: int | None,
        interval_s: int | None,
    ) -> None:
        group = Group(
            id=group_id,
            kind=kind,
            label=label,
            rounds=rounds,
            rest_between_rounds_s=rest_between_rounds_s,
            time_cap_s=time_cap_s,
            interval_s=interval_s,
        )
        week, _, day = self._find(day_id, Day, "day")
        day.groups.insert(position, group)
        self._nodes.add_group(week, day, group)
        self._changed(week)

    def change_group(
        self,
        group_id: UUID,
        *,
        kind: Any = KEEP,
        label: Any = KEEP,
        rounds: Any = KEEP,
        rest_between_rounds_s: Any = KEEP,
        time_cap_s: Any = KEEP,
        interval_s: Any = KEEP,
    ) -> None:
        """Change a group's settings; an omitted argument keeps its value (None clears)."""
        self._ensure_editable()
        group = self.find_group(group_id)
        given = {
            "kind": kind,
            "label": label,
            "rounds": rounds,
            "rest_between_rounds_s": rest_between_rounds_s,
            "time_cap_s": time_cap_s,
            "interval_s": interval_s,
        }
        merged = {k: getattr(group, k) if v is KEEP else v for k, v in given.items()}
        self._group_changed(group_id=group.id, **fields.group_settings(**merged))

    @event("GroupChanged")
    def _group_changed(
        self,
        group_id: UUID,
        kind: str,
        label: str,
        rounds: int,
        rest_between_rounds_s: int | None,
        time_cap_s: int | None,
        interval_s: int | None,
    ) -> None:
        week, _, group = self._find(group_id, Group, "group")
        group.kind = kind
        group.label = label
        group.rounds = rounds
        group.rest_between_rounds_s = rest_between_rounds_s
        group.time_cap_s = time_cap_s
        group.interval_s = interval_s
        self._changed(week)

    def remove_group(self, group_id: UUID) -> None:
        self._ensure_editable()
        self._group_removed(group_id=self.find_group(group_id).id)

    @event("GroupRemoved")
    def _group_removed(self, group_id: UUID) -> None:
        week, day, _ = self._find(group_id, Group, "group")
        self._nodes.forget(GROUPS.detach(day, group_id))
        self._changed(week)

    def move_group(self, group_id: UUID, day_id: UUID, position: int) -> None:
        """Move a group to `position` in day `day_id` (index after the move, as move_day)."""
        self._ensure_editable()
        _, source, group = self._find(group_id, Group, "group")
        target = self.find_day(day_id)
        if target.is_rest:
            raise RestDayHasGroupsError(target.id)
        self._group_moved(
            group_id=group.id,
            day_id=target.id,
            position=GROUPS.move_position(source, target, position),
        )

    @event("GroupMoved")
    def _group_moved(self, group_id: UUID, day_id: UUID, position: int) -> None:
        source_week, source, _ = self._find(group_id, Group, "group")
        week, _, target = self._find(day_id, Day, "day")
        group = GROUPS.move(source, target, group_id, position)
        self._nodes.add_group(week, target, group)
        self._changed(source_week, week)

    # -- entries ------------------------------------------------------------------------

    def add_entry(
        self,
        *,
        group_id: UUID,
        entry_id: UUID,
        position: int | None = None,
        exercise_id: UUID,
        exercise_name: str,
        prescription: Prescription | dict[str, Any],
        notes: str = "",
    ) -> None:
        self._ensure_editable()
        group = self.find_group(group_id)
        entry_id = self._new_id(entry_id, "entry_id")
        self._entry_added(
            group_id=group.id,
            entry_id=entry_id,
            position=ENTRIES.insert_position(group, position),
            exercise_id=fields.uuid(exercise_id, "exercise_id"),
            exercise_name=_exercise_name(exercise_name),
            prescription=_prescription(prescription),
            notes=fields.text(notes, "notes", fields.TEXT_MAX),
        )

    @event("EntryAdded")
    def _entry_added(
        self,
        group_id: UUID,
        entry_id: UUID,
        position: int,
        exercise_id: UUID,
        exercise_name: str,
        prescription: dict[str, Any],
        notes: str,
    ) -> None:
        entry = Entry(
            id=entry_id,
            exercise_id=exercise_id,
            exercise_name=exercise_name,
            prescription=Prescription.restore(prescription),
            notes=notes,
        )
        week, _, group = self._find(group_id, Group, "group")
        group.entries.insert(position, entry)
        self._nodes.add_entry(week, group, entry)
        self._changed(week)

    def change_prescription(
        self, entry_id: UUID, prescription: Prescription | dict[str, Any]
    ) -> None:
        self._ensure_editable()
        entry = self.find_entry(entry_id)
        self._prescription_changed(
            entry_id=entry.id,
            prescription=_prescription(prescription),
            previous=entry.prescription.to_dict(),
        )

    class PrescriptionChanged(AuditedAggregate.Event):
        """An entry's prescription was replaced; since v2 the event also keeps the old one.

        The history and audit readers show a change as old -> new; with the replaced
        prescription in the event they need not replay the stream to say what it was.
        """

        class_version = 2

        entry_id: UUID
        prescription: dict[str, Any]
        previous: dict[str, Any] | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            # A v1 event never recorded the replaced prescription: None says "not recorded".
            state["previous"] = None

    @event(PrescriptionChanged)
    def _prescription_changed(
        self, entry_id: UUID, prescription: dict[str, Any], previous: dict[str, Any] | None
    ) -> None:
        week, _, entry = self._find(entry_id, Entry, "entry")
        entry.prescription = Prescription.restore(prescription)
        self._changed(week)

    def change_entry_notes(self, entry_id: UUID, notes: str) -> None:
        self._ensure_editable()
        entry = self.find_entry(entry_id)
        self._entry_notes_changed(
            entry_id=entry.id, notes=fields.text(notes, "notes", fields.TEXT_MAX)
        )

    @event("EntryNotesChanged")
    def _entry_notes_changed(self, entry_id: UUID, notes: str) -> None:
        week, _, entry = self._find(entry_id, Entry, "entry")
        entry.notes = notes
        self._changed(week)

    def swap_exercise(self, entry_id: UUID, exercise_id: UUID, exercise_name: str) -> None:
        """Put another exercise in an entry, keeping its prescription and notes."""
        self._ensure_editable()
        entry = self.find_entry(entry_id)
        self._exercise_swapped(
            entry_id=entry.id,
            exercise_id=fields.uuid(exercise_id, "exercise_id"),
            exercise_name=_exercise_name(exercise_name),
        )

    @event("ExerciseSwapped")
    def _exercise_swapped(self, entry_id: UUID, exercise_id: UUID, exercise_name: str) -> None:
        week, _, entry = self._find(entry_id, Entry, "entry")
        entry.exercise_id = exercise_id
        entry.exercise_name = exercise_name
        self._changed(week)

    def remove_entry(self, entry_id: UUID) -> None:
        self._ensure_editable()
        self._entry_removed(entry_id=self.find_entry(entry_id).id)

    @event("EntryRemoved")
    def _entry_removed(self, entry_id: UUID) -> None:
        week, group, _ = self._find(entry_id, Entry, "entry")
        self._nodes.forget(ENTRIES.detach(group, entry_id))
        self._changed(week)

    def move_entry(self, entry_id: UUID, group_id: UUID, position: int) -> None:
        """Move an entry to `position` in group `group_id` (index after the move, as move_day)."""
        self._ensure_editable()
        _, source, entry = self._find(entry_id, Entry, "entry")
        target = self.find_group(group_id)
        self._entry_moved(
            entry_id=entry.id,
            group_id=target.id,
            position=ENTRIES.move_position(source, target, position),
        )

    @event("EntryMoved")
    def _entry_moved(self, entry_id: UUID, group_id: UUID, position: int) -> None:
        source_week, source, _ = self._find(entry_id, Entry, "entry")
        week, _, target = self._find(group_id, Group, "group")
        entry = ENTRIES.move(source, target, entry_id, position)
        self._nodes.add_entry(week, target, entry)
        self._changed(source_week, week)

    # -- lifecycle ----------------------------------------------------------------------

    def publish(self) -> None:
        """Freeze the draft as the next version (1, 2, ...); edits continue on the draft."""
        self._ensure_editable()
        self._ensure_publishable()
        self._published(number=len(self.published_versions) + 1)

    @event("Published")
    def _published(self, number: int) -> None:
        self.published_versions.append(number)

    def archive(self) -> None:
        self._ensure_editable()
        self._archived()

    @event("Archived")
    def _archived(self) -> None:
        self.status = "archived"

    def restore(self) -> None:
        if not self.is_archived:
            raise ProgramNotArchivedError()
        self._restored()

    @event("Restored")
    def _restored(self) -> None:
        self.status = "draft"

    # -- rules --------------------------------------------------------------------------

    def _ensure_editable(self) -> None:
        if self.is_archived:
            raise ProgramArchivedError()

    def _ensure_publishable(self) -> None:
        if not self.weeks:
            raise NotPublishableError(NotPublishableError.NO_WEEKS)
        for w, week in enumerate(self.weeks, start=1):
            for d, day in enumerate(week.days, start=1):
                if not day.is_rest and day.entry_count == 0:
                    title = f" ({day.title})" if day.title else ""
                    raise NotPublishableError(
                        NotPublishableError.EMPTY_DAY, day=d, title=title, week=w, id=day.id
                    )

    def _new_id(self, value: Any, field: str) -> UUID:
        child_id = fields.uuid(value, field)
        self._ensure_unused([child_id])
        return child_id

    def _ensure_unused(self, new_ids: Any) -> None:
        for child_id in new_ids:
            if child_id in self._nodes:
                raise DuplicateIdError(child_id)

    # -- where nodes are --------------------------------------------------------------------

    @property
    def _nodes(self) -> NodeIndex:
        # Built on first use: a program restored from a snapshot arrives without it.
        nodes = self.__dict__.get("_node_index")
        if nodes is None:
            nodes = self.__dict__["_node_index"] = NodeIndex(self.weeks)
        return nodes

    def _find(self, node_id: UUID, kind: type[Any], name: str) -> tuple[Week, Any, Any]:
        """(week, parent, node) of the `kind` node `node_id`, else UnknownChildError."""
        try:
            return self._nodes.find(node_id, kind)
        except KeyError:
            raise UnknownChildError(name, node_id) from None

    def _changed(self, *weeks: Week, reshaped: bool = False) -> None:
        """Note the weeks an event changed (and whether the list of weeks did)."""
        changes = self.__dict__.setdefault("_tree_changes", TreeChanges())
        changes.weeks.update(week.id for week in weeks)
        changes.reshaped = changes.reshaped or reshaped


personal.declare(
    Program,
    {
        "Created": (
            "title",
            "description",
            "goal",
            "tags.*",
            "notes.*",
            *personal.within("weeks.*", personal.WEEK_TEXT),
        ),
        "Renamed": ("title",),
        "DetailsChanged": ("description", "goal", "tags.*"),
        "NotesChanged": ("notes.*",),
        "WeekAdded": ("label", "phase"),
        "WeekChanged": ("label", "phase"),
        "WeekDuplicated": personal.within("week", personal.WEEK_TEXT),
        "DayAdded": ("title",),
        "DayChanged": ("title",),
        "GroupAdded": ("label",),
        "GroupChanged": ("label",),
        "EntryAdded": ("exercise_name", "notes"),
        "EntryNotesChanged": ("notes",),
        "ExerciseSwapped": ("exercise_name",),
    },
)
personal.declare_person_ids(Program, {"Created": ("owner_id", "athlete_id")})


def _subject(kind: str, athlete_id: UUID | None) -> UUID:
    """Text in a personal program is about its athlete; in a template, it is its author's."""
    return athlete_id if kind == "personal" and athlete_id else current_actor().user_id


def _details(description: Any, goal: Any, level: Any, tags: Any) -> dict[str, Any]:
    return {
        "description": fields.text(description, "description", fields.TEXT_MAX),
        "goal": fields.line(goal, "goal", fields.GOAL_MAX),
        "level": fields.choice(level, "level", fields.LEVELS),
        "tags": fields.tags(tags),
    }


def _athlete(kind: str, athlete_id: Any) -> UUID | None:
    athlete = fields.optional_uuid(athlete_id, "athlete_id")
    if kind == "personal" and athlete is None:
        raise InvalidValue("athlete_id", "athlete-required")
    if kind == "template" and athlete is not None:
        raise InvalidValue("athlete_id", "athlete-not-allowed")
    return athlete


def _lineage(forked_from: Any) -> dict[str, Any] | None:
    if forked_from is None:
        return None
    if not isinstance(forked_from, dict) or set(forked_from) != {"program_id", "version"}:
        raise InvalidValue("forked_from", "not-fork-source")
    version = fields.whole(forked_from["version"], "forked_from.version", 1, 10**9, optional=True)
    source_id = fields.uuid(forked_from["program_id"], "forked_from.program_id")
    return {"program_id": str(source_id), "version": version}


def _exercise_name(value: Any) -> str:
    return fields.name(value, "exercise_name", fields.EXERCISE_NAME_MAX)


def _prescription(value: Prescription | dict[str, Any]) -> dict[str, Any]:
    """The canonical dict an event stores (a dict is validated first)."""
    if isinstance(value, dict):
        value = Prescription.from_dict(value)
    if not isinstance(value, Prescription):
        raise InvalidValue("prescription", "not-prescription")
    return value.to_dict()
