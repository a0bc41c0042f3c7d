"""The prescription of one exercise entry: a validated, JSON-safe value object."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from builder.domain.errors import InvalidPrescriptionError

Number = int | float
SET_TYPES = ("normal", "warmup", "dropset", "backoff", "amrap")
LOAD_TYPES = ("none", "absolute", "percent_1rm", "bodyweight")
LOAD_UNITS = ("kg", "lb")
KEYS = (
    "sets",
    "reps",
    "each_side",
    "load",
    "effort",
    "tempo",
    "rest_s",
    "duration_s",
    "distance_m",
    "set_type",
)
_TEMPO = re.compile(r"[0-9X]{4}")


@dataclass(frozen=True)
class RepRange:
    """Reps per set, `min` to `max` (equal for a fixed number)."""

    min: int
    max: int


@dataclass(frozen=True)
class Load:
    """What is lifted: none, an absolute weight, a percentage of 1RM, or bodyweight plus added."""

    type: str = "none"
    value: Number | None = None
    unit: str | None = None
    percent: Number | None = None
    added: Number | None = None

    def to_dict(self) -> dict[str, Any]:
        if self.type == "absolute":
            return {"type": self.type, "value": self.value, "unit": self.unit}
        if self.type == "percent_1rm":
            return {"type": self.type, "percent": self.percent}
        if self.type == "bodyweight":
            return {"type": self.type, "added": self.added}
        return {"type": "none"}


@dataclass(frozen=True)
class Effort:
    """How hard: an RPE (1-10 in halves) or reps in reserve (0-10), never both."""

    scale: Literal["rpe", "rir"]
    value: Number

    def to_dict(self) -> dict[str, Any]:
        return {self.scale: self.value}


@dataclass(frozen=True)
class Prescription:
    """Sets, reps or time or distance, load, effort, tempo, rest and set type of an entry.

    Build it with `from_dict`, which validates; `to_dict` gives the canonical JSON-safe form
    with every key present (absent optional values are null).
    """

    sets: int
    reps: RepRange | Literal["amrap"] | None = None
    each_side: bool = False
    load: Load = Load()
    effort: Effort | None = None
    tempo: str | None = None
    rest_s: int | None = None
    duration_s: int | None = None
    distance_m: Number | None = None
    set_type: str = "normal"

    @classmethod
    def from_dict(cls, data: Any) -> Prescription:
        """Validate `data` (e.g. a request body) and build the prescription."""
        if not isinstance(data, dict):
            raise InvalidPrescriptionError("prescription", "not-object")
        for key in data:
            if key not in KEYS:
                raise InvalidPrescriptionError(str(key), "not-prescription-field")
        prescription = cls(
            sets=_integer(data.get("sets"), "sets", 1, 50, required=True),
            reps=_reps(data.get("reps")),
            each_side=_flag(data.get("each_side", False), "each_side"),
            load=_load(data.get("load")),
            effort=_effort(data.get("effort")),
            tempo=_tempo(data.get("tempo")),
            rest_s=_integer(data.get("rest_s"), "rest_s", 0, 3600),
            duration_s=_integer(data.get("duration_s"), "duration_s", 1, 86_400),
            distance_m=_number(data.get("distance_m"), "distance_m", 0, 1_000_000, above=True),
            set_type=_choice(data.get("set_type", "normal"), "set_type", SET_TYPES),
        )
        if (prescription.reps, prescription.duration_s, prescription.distance_m) == (
            None,
            None,
            None,
        ):
            raise InvalidPrescriptionError("reps", "no-amount")
        return prescription

    @classmethod
    def restore(cls, data: dict[str, Any]) -> Prescription:
        """Rebuild from a canonical dict that was validated when it was recorded.

        Replay must not judge recorded facts again: a rule tightened later would otherwise
        make old streams unreadable.
        """
        reps = data.get("reps")
        load = data.get("load") or {"type": "none"}
        effort = data.get("effort")
        return cls(
            sets=data["sets"],
            reps=RepRange(reps["min"], reps["max"]) if isinstance(reps, dict) else reps,
            each_side=data.get("each_side", False),
            load=Load(**load),
            effort=Effort(*next(iter(effort.items()))) if effort else None,
            tempo=data.get("tempo"),
            rest_s=data.get("rest_s"),
            duration_s=data.get("duration_s"),
            distance_m=data.get("distance_m"),
            set_type=data.get("set_type", "normal"),
        )

    def to_dict(self) -> dict[str, Any]:
        """The canonical JSON-safe form: `from_dict(p.to_dict()) == p`."""
        reps = self.reps
        return {
            "sets": self.sets,
            "reps": {"min": reps.min, "max": reps.max} if isinstance(reps, RepRange) else reps,
            "each_side": self.each_side,
            "load": self.load.to_dict(),
            "effort": self.effort.to_dict() if self.effort else None,
            "tempo": self.tempo,
            "rest_s": self.rest_s,
            "duration_s": self.duration_s,
            "distance_m": self.distance_m,
            "set_type": self.set_type,
        }


def _only_keys(data: Any, field: str, allowed: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise InvalidPrescriptionError(field, "not-object")
    for key in data:
        if key not in allowed:
            raise InvalidPrescriptionError(f"{field}.{key}", "unknown-field")
    return data


def _integer(value: Any, field: str, low: int, high: int, *, required: bool = False) -> Any:
    if value is None:
        if required:
            raise InvalidPrescriptionError(field, "required")
        return None
    # bool is a subclass of int, and True must never pass as 1.
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidPrescriptionError(field, "not-whole-number")
    if not low <= value <= high:
        raise InvalidPrescriptionError(field, "out-of-range", low=low, high=high)
    return value


def _number(value: Any, field: str, low: Number, high: Number, *, above: bool = False) -> Any:
    """A finite number in range, canonical: integral values become int, others float."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise InvalidPrescriptionError(field, "not-number")
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise InvalidPrescriptionError(field, "not-finite")
    too_low = number <= low if above else number < low
    if too_low or number > high:
        code = "out-of-range-above" if above else "out-of-range-from"
        raise InvalidPrescriptionError(field, code, low=low, high=high)
    return int(number) if number.is_integer() else number


def _flag(value: Any, field: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidPrescriptionError(field, "not-boolean")
    return value


def _choice(value: Any, field: str, choices: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in choices:
        raise InvalidPrescriptionError(field, "not-a-choice", choices=", ".join(choices))
    return value


def _reps(value: Any) -> RepRange | Literal["amrap"] | None:
    if value is None or value == "amrap":
        return value
    if isinstance(value, str):
        raise InvalidPrescriptionError("reps", "not-reps")
    data = _only_keys(value, "reps", ("min", "max"))
    low = _integer(data.get("min"), "reps.min", 1, 1000, required=True)
    high = _integer(data.get("max"), "reps.max", 1, 1000, required=True)
    if low > high:
        raise InvalidPrescriptionError("reps.max", "below-minimum", minimum="reps.min")
    return RepRange(low, high)


def _load(value: Any) -> Load:
    if value is None:
        return Load()
    if not isinstance(value, dict):
        raise InvalidPrescriptionError("load", "not-object")
    kind = _choice(value.get("type"), "load.type", LOAD_TYPES)
    data = _only_keys(value, "load", ("type", *_LOAD_KEYS[kind]))
    if kind == "absolute":
        amount = _number(data.get("value"), "load.value", 0, 2000, above=True)
        if amount is None:
            raise InvalidPrescriptionError("load.value", "required")
        return Load(kind, value=amount, unit=_choice(data.get("unit"), "load.unit", LOAD_UNITS))
    if kind == "percent_1rm":
        percent = _number(data.get("percent"), "load.percent", 1, 120)
        if percent is None:
            raise InvalidPrescriptionError("load.percent", "required")
        return Load(kind, percent=percent)
    if kind == "bodyweight":
        added = _number(data.get("added", 0), "load.added", 0, 500)
        return Load(kind, added=0 if added is None else added)
    return Load()


_LOAD_KEYS: dict[str, tuple[str, ...]] = {
    "none": (),
    "absolute": ("value", "unit"),
    "percent_1rm": ("percent",),
    "bodyweight": ("added",),
}


def _effort(value: Any) -> Effort | None:
    if value is None:
        return None
    data = _only_keys(value, "effort", ("rpe", "rir"))
    if "rpe" in data and "rir" in data:
        raise InvalidPrescriptionError("effort", "rpe-and-rir")
    if "rpe" in data:
        rpe = _number(data["rpe"], "effort.rpe", 1, 10)
        if rpe is None or not float(rpe * 2).is_integer():
            raise InvalidPrescriptionError("effort.rpe", "not-rpe-step")
        return Effort("rpe", rpe)
    if "rir" in data:
        return Effort("rir", _integer(data["rir"], "effort.rir", 0, 10, required=True))
    raise InvalidPrescriptionError("effort", "no-effort")


def _tempo(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _TEMPO.fullmatch(value):
        raise InvalidPrescriptionError("tempo", "not-tempo")
    return value
