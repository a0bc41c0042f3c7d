"""Random but valid program edits through the application, touching every part of the tree.

Used where a test needs many events of every kind (adds, moves, swaps, removals, duplicated
weeks, forks) and a truth to compare read models with: the program documents, which the
inline projection writes in each command's transaction.
"""

from __future__ import annotations

import random
import uuid
from collections import Counter
from typing import Any

from django.db import connection

from builder.domain import Actor
from builder.wiring import builder

EXERCISES = [uuid.UUID(int=n, version=4) for n in range(1, 7)]
RX = {"sets": 3, "reps": {"min": 5, "max": 5}}


class Editor:
    """One coach editing programs at random; every command is valid for the program's state."""

    def __init__(self, owner_id: uuid.UUID, seed: int) -> None:
        self.actor = Actor(user_id=owner_id, correlation_id=f"workload-{seed}")
        self.random = random.Random(seed)
        self.programs: dict[uuid.UUID, Any] = {}

    def edit(self) -> int:
        """One command on a random program (sometimes a new one); the position of its events."""
        if not self.programs or self.random.random() < 0.05:
            return self._remember(self._create())
        program_id = self.random.choice(list(self.programs))
        program = self.programs[program_id]
        command, arguments = self._choose(program)
        saved = command(program_id, actor=self.actor, expected_version=program.version, **arguments)
        return self._remember(saved)

    def _remember(self, saved: Any) -> int:
        self.programs[saved.aggregate.id] = saved.aggregate
        return saved.position

    def _create(self) -> Any:
        app = builder()
        if self.programs and self.random.random() < 0.3:
            return app.fork_program(
                self.random.choice(list(self.programs)),
                actor=self.actor,
                program_id=uuid.uuid4(),
                version=None,
                title=None,
            )
        return app.create_program(actor=self.actor, program_id=uuid.uuid4(), title="Block")

    def _choose(self, program: Any) -> tuple[Any, dict[str, Any]]:
        app, pick = builder(), self.random.choice
        weeks = program.weeks
        days = [d for w in weeks for d in w.days]
        groups = [g for d in days for g in d.groups]
        entries = [e for g in groups for e in g.entries]
        options: list[tuple[Any, dict[str, Any]]] = []
        if len(weeks) < 4:
            options.append((app.add_week, {"week_id": uuid.uuid4(), "position": 0}))
        if weeks and len(weeks) < 4:
            options.append(
                (
                    app.duplicate_week,
                    {"source_week_id": pick(weeks).id, "week_id": uuid.uuid4(), "position": 0},
                )
            )
        room = [w for w in weeks if len(w.days) < 3]
        if room:
            day = {"week_id": pick(room).id, "day_id": uuid.uuid4(), "position": 0}
            options += [(app.add_day, {**day, "title": "Day", "is_rest": False})] * 2
        if days:
            options.append((app.add_group, {"day_id": pick(days).id, "group_id": uuid.uuid4()}))
        if groups:
            entry = {"group_id": pick(groups).id, "entry_id": uuid.uuid4(), "position": 0}
            new_entry = {**entry, "exercise_id": pick(EXERCISES), "exercise_name": "Lift"}
            options += [(app.add_entry, {**new_entry, "prescription": RX})] * 4
        if entries:
            entry_id = pick(entries).id
            swap = {"entry_id": entry_id, "exercise_id": pick(EXERCISES), "exercise_name": "Lift"}
            options.append((app.change_entry, swap))
            options.append((app.remove_entry, {"entry_id": pick(entries).id}))
            move = {"entry_id": entry_id, "group_id": pick(groups).id, "position": 0}
            options.append((app.move_entry, move))
        if len(groups) > 1:
            options.append((app.remove_group, {"group_id": pick(groups).id}))
            move = {"group_id": pick(groups).id, "day_id": pick(days).id, "position": 0}
            options.append((app.move_group, move))
        if len(days) > 1:
            options.append((app.remove_day, {"day_id": pick(days).id}))
            options.append(
                (app.move_day, {"day_id": pick(days).id, "week_id": pick(weeks).id, "position": 0})
            )
        if len(weeks) > 2:
            options.append((app.remove_week, {"week_id": pick(weeks).id}))
        options.append((app.rename_program, {"title": f"Block {self.random.randint(1, 99)}"}))
        return pick(options)


def edit_programs(owner_id: uuid.UUID, commands: int, seed: int = 1) -> int:
    """Run `commands` random commands; the position of the last one's events."""
    editor, position = Editor(owner_id, seed), 0
    for _ in range(commands):
        position = editor.edit()
    return position


def usage_from_documents() -> Counter[uuid.UUID]:
    """The truth: how many entries of the program documents record each exercise."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (entry->>'exercise_id')::uuid, count(*) FROM projections_program_week week,"
            " jsonb_array_elements(week.document::jsonb->'days') day,"
            " jsonb_array_elements(day->'groups') grp,"
            " jsonb_array_elements(grp->'entries') entry GROUP BY 1"
        )
        return Counter(dict(cursor.fetchall()))


def usage_from_projection() -> Counter[uuid.UUID]:
    """What the exercise usage projection counts."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT exercise_id, count(*) FROM projections_usage_node"
            " WHERE exercise_id IS NOT NULL GROUP BY 1"
        )
        return Counter(dict(cursor.fetchall()))
