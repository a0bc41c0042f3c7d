"""How the exercise library classifies an exercise: small vocabularies a catalogue filters by."""

from __future__ import annotations

from typing import Any

from builder.domain import fields
from builder.domain.errors import InvalidValue

SCOPES = ("system", "coach")
CATEGORIES = (
    "squat",
    "hinge",
    "lunge",
    "push",
    "pull",
    "carry",
    "core",
    "isolation",
    "olympic",
    "plyometric",
    "conditioning",
    "mobility",
)
EQUIPMENT = (
    "barbell",
    "dumbbell",
    "kettlebell",
    "machine",
    "cable",
    "bodyweight",
    "band",
    "bench",
    "pull_up_bar",
    "trap_bar",
    "ez_bar",
    "smith_machine",
    "sled",
    "medicine_ball",
    "box",
    "rings",
    "landmine",
    "rower",
    "bike",
    "other",
)
MUSCLES = (
    "quadriceps",
    "hamstrings",
    "glutes",
    "adductors",
    "abductors",
    "calves",
    "hip_flexors",
    "lower_back",
    "lats",
    "upper_back",
    "traps",
    "chest",
    "front_delts",
    "side_delts",
    "rear_delts",
    "biceps",
    "triceps",
    "forearms",
    "abs",
    "obliques",
    "neck",
)
LATERALITIES = ("bilateral", "unilateral")
TRACKING_TYPES = ("reps_load", "time", "distance")

CLASSIFICATION_FIELDS = (
    "category",
    "equipment",
    "primary_muscles",
    "secondary_muscles",
    "laterality",
    "tracking",
)


def choices(value: Any, field: str, allowed: tuple[str, ...]) -> list[str]:
    """A list of distinct values from `allowed`, in the order given (repeats dropped)."""
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise InvalidValue(field, "not-list")
    return list(dict.fromkeys(fields.choice(item, field, allowed) for item in value))


def classification(
    *,
    category: Any,
    equipment: Any,
    primary_muscles: Any,
    secondary_muscles: Any,
    laterality: Any,
    tracking: Any,
) -> dict[str, Any]:
    """The validated classification, keyed as the Created and ClassificationChanged events."""
    primary = choices(primary_muscles, "primary_muscles", MUSCLES)
    secondary = choices(secondary_muscles, "secondary_muscles", MUSCLES)
    if set(primary) & set(secondary):
        raise InvalidValue("secondary_muscles", "repeated-primary-muscle")
    return {
        "category": fields.choice(category, "category", CATEGORIES),
        "equipment": choices(equipment, "equipment", EQUIPMENT),
        "primary_muscles": primary,
        "secondary_muscles": secondary,
        "laterality": fields.choice(laterality, "laterality", LATERALITIES),
        "tracking": fields.choice(tracking, "tracking", TRACKING_TYPES),
    }
