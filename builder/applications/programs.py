"""ProgramBuilder: the program use cases (one method per command) and the past of a program."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.domain import DomainEventProtocol

from builder.applications.base import CommandApplication, Kind, Saved
from builder.domain import (
    Actor,
    InvalidValue,
    NotFoundError,
    Prescription,
    Program,
    UnknownVersionError,
    acting,
    copy_week_with_new_ids,
)


class ProgramNotFoundError(NotFoundError):
    """No program has this id."""

    code = "program-not-found"
    english = "no program with id %(id)s"

    def __init__(self, program_id: UUID) -> None:
        super().__init__(id=program_id)


class NoSuchVersionError(NotFoundError):
    """The program's history has no event with this version number."""

    code = "no-such-version"
    english = "the program has no version %(version)s"

    def __init__(self, version: int) -> None:
        super().__init__(version=version)


class NotYetCreatedError(NotFoundError):
    """The program was created after the moment asked about."""

    code = "not-yet-created"
    english = "the program did not exist at %(moment)s"

    def __init__(self, moment: datetime) -> None:
        super().__init__(moment=moment.isoformat())


PROGRAM = Kind(Program, "program", ProgramNotFoundError)


def _prescription(data: dict[str, Any]) -> Prescription:
    try:
        return Prescription.from_dict(data)
    except InvalidValue as error:
        raise error.within("prescription") from None


_DETAILS = ("description", "goal", "level", "tags")


# More entries than a coach writes into two years of training, six days a week; a bound on
# what one command (a duplicated week, a fork) can make a program hold.
DEFAULT_MAX_ENTRIES = 10_000


class ProgramBuilder(CommandApplication):
    """The program builder's use cases: load, decide, save."""

    name = "programs"
    kinds = (PROGRAM,)
    # Loads start from snapshots; the worker takes them (projections/program_snapshots.py), so
    # that no command pays for one.
    is_snapshotting_enabled = True

    def __init__(self, env: Any = None) -> None:
        super().__init__(env)
        self.max_entries = int(self.env.get("PROGRAM_MAX_ENTRIES") or DEFAULT_MAX_ENTRIES)

    # Creating and forking

    def create_program(self, *, actor: Actor, program_id: UUID, **fields: Any) -> Saved:
        with acting(actor):
            return self._save(
                Program.create(program_id=program_id, owner_id=actor.user_id, **fields)
            )

    def fork_program(
        self,
        source_id: UUID,
        *,
        actor: Actor,
        program_id: UUID,
        version: int | None,
        title: str | None,
    ) -> Saved:
        source = self._load(source_id, PROGRAM)
        weeks = self.published_structure(source_id, version) if version else source.structure()
        with acting(actor):
            fork = Program.create(
                program_id=program_id,
                owner_id=actor.user_id,
                title=title or source.title,
                description=source.description,
                goal=source.goal,
                level=source.level,
                tags=source.tags,
                units=source.units,
                notes=source.notes,
                forked_from={"program_id": str(source_id), "version": version},
                weeks=weeks,
            )
            return self._save(fork)

    # Program details

    def rename_program(
        self, program_id: UUID, *, actor: Actor, expected_version: int, title: str
    ) -> Saved:
        return self._edit(program_id, actor, expected_version, lambda p: p.rename(title))

    def change_details(
        self, program_id: UUID, *, actor: Actor, expected_version: int, changes: dict[str, Any]
    ) -> Saved:
        """Apply a partial update of the details: one specific event per kind of change."""

        def decide(program: Program) -> None:
            if "title" in changes:
                program.rename(changes["title"])
            details = {key: changes[key] for key in _DETAILS if key in changes}
            if details:
                program.change_details(**details)
            if "units" in changes:
                program.change_units(changes["units"])
            if "notes" in changes:
                program.change_notes(changes["notes"])

        return self._edit(program_id, actor, expected_version, decide)

    # Weeks

    def add_week(
        self, program_id: UUID, *, actor: Actor, expected_version: int, **week: Any
    ) -> Saved:
        return self._edit(program_id, actor, expected_version, lambda p: p.add_week(**week))

    def change_week(
        self,
        program_id: UUID,
        *,
        actor: Actor,
        expected_version: int,
        week_id: UUID,
        **changes: Any,
    ) -> Saved:
        return self._edit(
            program_id, actor, expected_version, lambda p: p.change_week(week_id, **changes)
        )

    def remove_week(
        self, program_id: UUID, *, actor: Actor, expected_version: int, week_id: UUID
    ) -> Saved:
        return self._edit(program_id, actor, expected_version, lambda p: p.remove_week(week_id))

    def move_week(
        self, program_id: UUID, *, actor: Actor, expected_version: int, week_id: UUID, position: int
    ) -> Saved:
        return self._edit(
            program_id, actor, expected_version, lambda p: p.move_week(week_id, position)
        )

    def duplicate_week(
        self,
        program_id: UUID,
        *,
        actor: Actor,
        expected_version: int,
        source_week_id: UUID,
        week_id: UUID,
        position: int,
    ) -> Saved:
        """Copy a week with fresh ids for every child; the client chose the new week's id."""

        def decide(program: Program) -> None:
            fresh_ids = iter([week_id])
            copy = copy_week_with_new_ids(
                program.find_week(source_week_id), lambda: next(fresh_ids, None) or uuid4()
            )
            program.duplicate_week(source_week_id=source_week_id, position=position, week=copy)

        return self._edit(program_id, actor, expected_version, decide)

    # Days

    def add_day(
        self, program_id: UUID, *, actor: Actor, expected_version: int, **day: Any
    ) -> Saved:
        return self._edit(program_id, actor, expected_version, lambda p: p.add_day(**day))

    def change_day(
        self, program_id: UUID, *, actor: Actor, expected_version: int, day_id: UUID, **changes: Any
    ) -> Saved:
        return self._edit(
            program_id, actor, expected_version, lambda p: p.change_day(day_id, **changes)
        )

    def remove_day(
        self, program_id: UUID, *, actor: Actor, expected_version: int, day_id: UUID
    ) -> Saved:
        return self._edit(program_id, actor, expected_version, lambda p: p.remove_day(day_id))

    def move_day(
        self,
        program_id: UUID,
        *,
        actor: Actor,
        expected_version: int,
        day_id: UUID,
        week_id: UUID,
        position: int,
    ) -> Saved:
        return self._edit(
            program_id, actor, expected_version, lambda p: p.move_day(day_id, week_id, position)
        )

    # Groups

    def add_group(
        self, program_id: UUID, *, actor: Actor, expected_version: int, **group: Any
    ) -> Saved:
        return self._edit(program_id, actor, expected_version, lambda p: p.add_group(**group))

    def change_group(
        self,
        program_id: UUID,
        *,
        actor: Actor,
        expected_version: int,
        group_id: UUID,
        **changes: Any,
    ) -> Saved:
        return self._edit(
            program_id, actor, expected_version, lambda p: p.change_group(group_id, **changes)
        )

    def remove_group(
        self, program_id: UUID, *, actor: Actor, expected_version: int, group_id: UUID
    ) -> Saved:
        return self._edit(program_id, actor, expected_version, lambda p: p.remove_group(group_id))

    def move_group(
        self,
        program_id: UUID,
        *,
        actor: Actor,
        expected_version: int,
        group_id: UUID,
        day_id: UUID,
        position: int,
    ) -> Saved:
        return self._edit(
            program_id, actor, expected_version, lambda p: p.move_group(group_id, day_id, position)
        )

    # Entries

    def add_entry(
        self,
        program_id: UUID,
        *,
        actor: Actor,
        expected_version: int,
        prescription: dict[str, Any],
        **entry: Any,
    ) -> Saved:
        rx = _prescription(prescription)
        return self._edit(
            program_id, actor, expected_version, lambda p: p.add_entry(prescription=rx, **entry)
        )

    def change_entry(
        self,
        program_id: UUID,
        *,
        actor: Actor,
        expected_version: int,
        entry_id: UUID,
        **changes: Any,
    ) -> Saved:
        """Change an entry's prescription, notes or exercise: one specific event for each."""
        rx = _prescription(changes["prescription"]) if "prescription" in changes else None

        def decide(program: Program) -> None:
            if rx is not None:
                program.change_prescription(entry_id, rx)
            if "notes" in changes:
                program.change_entry_notes(entry_id, changes["notes"])
            if "exercise_id" in changes:
                program.swap_exercise(entry_id, changes["exercise_id"], changes["exercise_name"])

        return self._edit(program_id, actor, expected_version, decide)

    def change_prescription(
        self,
        program_id: UUID,
        *,
        actor: Actor,
        expected_version: int,
        entry_id: UUID,
        prescription: dict[str, Any],
    ) -> Saved:
        return self.change_entry(
            program_id,
            actor=actor,
            expected_version=expected_version,
            entry_id=entry_id,
            prescription=prescription,
        )

    def remove_entry(
        self, program_id: UUID, *, actor: Actor, expected_version: int, entry_id: UUID
    ) -> Saved:
        return self._edit(program_id, actor, expected_version, lambda p: p.remove_entry(entry_id))

    def move_entry(
        self,
        program_id: UUID,
        *,
        actor: Actor,
        expected_version: int,
        entry_id: UUID,
        group_id: UUID,
        position: int,
    ) -> Saved:
        return self._edit(
            program_id,
            actor,
            expected_version,
            lambda p: p.move_entry(entry_id, group_id, position),
        )

    # Lifecycle

    def publish_program(self, program_id: UUID, *, actor: Actor, expected_version: int) -> Saved:
        return self._edit(program_id, actor, expected_version, lambda p: p.publish())

    def archive_program(self, program_id: UUID, *, actor: Actor, expected_version: int) -> Saved:
        return self._edit(program_id, actor, expected_version, lambda p: p.archive())

    def restore_program(self, program_id: UUID, *, actor: Actor, expected_version: int) -> Saved:
        return self._edit(program_id, actor, expected_version, lambda p: p.restore())

    # Audit queries

    def program_as_of(self, program_id: UUID, version: int) -> Program:
        """The program as it was right after its event number `version`."""
        program = self._load(program_id, PROGRAM, version)
        if program.version != version:
            raise NoSuchVersionError(version)
        return program

    def program_at(self, program_id: UUID, moment: datetime) -> Program:
        """The program as it was at `moment`: after its last event recorded at or before it."""
        version = None
        for event in self._events(program_id):
            if event.timestamp > moment:
                break
            version = event.originator_version
        if version is None:
            raise NotYetCreatedError(moment)
        return self.program_as_of(program_id, version)

    def published_structure(self, program_id: UUID, number: int) -> list[dict[str, Any]]:
        """The frozen structure of published version `number`, replayed from the events."""
        program = None
        for event in self._events(program_id):
            program = event.mutate(program)
            if isinstance(event, Program.Published) and event.number == number:
                return program.structure()
        raise UnknownVersionError(number)

    # Internals

    def _save(self, *aggregates: Any) -> Saved[Any]:
        for program in aggregates:
            program.ensure_entries_at_most(self.max_entries)
        return super()._save(*aggregates)

    def _events(self, program_id: UUID) -> Iterator[DomainEventProtocol]:
        """The program's events in order, else ProgramNotFoundError (another kind's stream too)."""
        events = iter(self.events.get(program_id))
        first = next(events, None)
        if not isinstance(first, Program.Event):
            raise ProgramNotFoundError(program_id)
        yield first
        yield from events
