"""Realistic benchmark data: coaches, exercises and programs built by the domain's commands.

A program is built as a coach would build it, one event per week, day, group and entry (plus
optional prescription changes), and saved in one transaction so that building a 3,000-entry
program takes seconds. Events are those the service records: a prescription change is ~400
bytes of JSON.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from typing import Any

PRESCRIPTIONS: list[dict[str, Any]] = [
    {
        "sets": 5,
        "reps": {"min": 3, "max": 5},
        "load": {"type": "percent_1rm", "percent": 85},
        "effort": {"rpe": 8.5},
        "tempo": "31X1",
        "rest_s": 180,
    },
    {
        "sets": 4,
        "reps": {"min": 8, "max": 10},
        "load": {"type": "absolute", "value": 60, "unit": "kg"},
        "effort": {"rir": 2},
        "tempo": "2010",
        "rest_s": 120,
    },
    {
        "sets": 3,
        "reps": {"min": 10, "max": 12},
        "each_side": True,
        "load": {"type": "bodyweight", "added": 10},
        "effort": {"rpe": 7},
        "rest_s": 90,
        "set_type": "normal",
    },
    {"sets": 3, "reps": "amrap", "load": {"type": "none"}, "rest_s": 60, "set_type": "amrap"},
]
EXERCISES = [
    ("Back Squat", "squat"),
    ("Front Squat", "squat"),
    ("Bench Press", "push"),
    ("Overhead Press", "push"),
    ("Deadlift", "hinge"),
    ("Romanian Deadlift", "hinge"),
    ("Pull-up", "pull"),
    ("Barbell Row", "pull"),
    ("Split Squat", "squat"),
    ("Hip Thrust", "hinge"),
    ("Dip", "push"),
    ("Chin-up", "pull"),
]


@dataclass(frozen=True)
class Shape:
    """How big a program is: weeks x days x groups x entries."""

    weeks: int
    days: int
    groups: int
    entries: int

    @property
    def entry_count(self) -> int:
        return self.weeks * self.days * self.groups * self.entries

    @property
    def event_count(self) -> int:
        """Created + one event per week, day, group and entry."""
        w, d, g, e = self.weeks, self.days, self.groups, self.entries
        return 1 + w * (1 + d * (1 + g * (1 + e)))

    def __str__(self) -> str:
        return (
            f"{self.weeks} weeks x {self.days} days x {self.groups} groups x {self.entries}"
            f" entries = {self.entry_count} entries, {self.event_count} events"
        )


TWELVE_WEEKS = Shape(12, 4, 4, 2)  # 384 entries
FIFTY_TWO_WEEKS = Shape(52, 4, 5, 3)  # 3,120 entries


def a_coach(name: str = "coach") -> tuple[Any, str]:
    """A coach with an API token: (user, token key)."""
    from rest_framework.authtoken.models import Token

    from builder.models import Role, User

    user = User.objects.create_user(
        f"{name}-{uuid.uuid4().hex[:8]}@example.com", None, display_name=name, roles=[Role.COACH]
    )
    token, _ = Token.objects.get_or_create(user=user)
    return user, token.key


def actor_for(user: Any) -> Any:
    from builder.domain import Actor

    return Actor(user_id=user.id, correlation_id="benchmark")


def system_exercises(admin_id: uuid.UUID) -> list[tuple[uuid.UUID, str]]:
    """The exercise library the programs draw on, made through the library's commands."""
    from builder.bootstrap import library
    from builder.domain import Actor

    actor = Actor(user_id=admin_id, correlation_id="benchmark")
    made = []
    for name, category in EXERCISES:
        saved = library().create_exercise(
            actor=actor,
            exercise_id=uuid.uuid4(),
            scope="system",
            names={"en": name, "de": f"{name} (de)"},
            category=category,
        )
        made.append((saved.exercise.id, name))
    return made


def build_program(
    owner: Any,
    shape: Shape,
    exercises: list[tuple[uuid.UUID, str]],
    *,
    edits: int = 0,
    seed: int = 0,
    title: str = "Strength block",
) -> Any:
    """A program of `shape` plus `edits` prescription changes, not yet saved."""
    from builder.domain import Program, acting

    rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
    with acting(actor_for(owner)):
        program = Program.create(
            program_id=uuid.uuid4(),
            owner_id=owner.id,
            title=title,
            description="Linear progression with a deload every fourth week.",
            goal="Strength",
            tags=["strength", "barbell"],
        )
        entry_ids = _add_tree(program, shape, exercises, rng)
        for _ in range(edits):
            program.change_prescription(rng.choice(entry_ids), rng.choice(PRESCRIPTIONS))
    return program


def _add_tree(program: Any, shape: Shape, exercises: list[Any], rng: random.Random) -> list[Any]:
    entry_ids = []
    for w in range(shape.weeks):
        week_id = uuid.uuid4()
        program.add_week(week_id=week_id, label=f"Week {w + 1}", phase="Accumulation")
        for d in range(shape.days):
            day_id = uuid.uuid4()
            program.add_day(week_id=week_id, day_id=day_id, title=f"Day {d + 1}")
            for g in range(shape.groups):
                group_id = uuid.uuid4()
                kind = "superset" if g % 2 else "straight"
                program.add_group(day_id=day_id, group_id=group_id, kind=kind, label=chr(65 + g))
                for _ in range(shape.entries):
                    exercise_id, name = rng.choice(exercises)
                    entry_id = uuid.uuid4()
                    program.add_entry(
                        group_id=group_id,
                        entry_id=entry_id,
                        exercise_id=exercise_id,
                        exercise_name=name,
                        prescription=rng.choice(PRESCRIPTIONS),
                        notes="Brace hard; pause at the bottom.",
                    )
                    entry_ids.append(entry_id)
    return entry_ids


def saved_program(owner: Any, shape: Shape, exercises: list[Any], **kwargs: Any) -> Any:
    """A program built and saved through the application (events, inline projections)."""
    from builder.bootstrap import builder

    program = build_program(owner, shape, exercises, **kwargs)
    builder().save(program)
    return program


def entry_ids(program: Any) -> list[uuid.UUID]:
    return [
        entry.id
        for week in program.weeks
        for day in week.days
        for group in day.groups
        for entry in group.entries
    ]
