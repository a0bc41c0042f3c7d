"""A prescription accepts what a coach can mean and refuses everything else, naming the field."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from builder.domain import (
    Effort,
    InvalidPrescriptionError,
    InvalidValue,
    Load,
    Prescription,
    RepRange,
)


def refused(data: Any) -> InvalidPrescriptionError:
    with pytest.raises(InvalidPrescriptionError) as caught:
        Prescription.from_dict(data)
    return caught.value


def test_a_minimal_prescription_takes_the_defaults():
    prescription = Prescription.from_dict({"sets": 3, "reps": {"min": 8, "max": 12}})

    assert prescription == Prescription(sets=3, reps=RepRange(8, 12))
    assert prescription.load == Load("none")
    assert prescription.set_type == "normal"
    assert prescription.each_side is False
    assert prescription.effort is None


def test_the_canonical_dict_names_every_field():
    prescription = Prescription.from_dict({"sets": 3, "reps": "amrap"})

    assert prescription.to_dict() == {
        "sets": 3,
        "reps": "amrap",
        "each_side": False,
        "load": {"type": "none"},
        "effort": None,
        "tempo": None,
        "rest_s": None,
        "duration_s": None,
        "distance_m": None,
        "set_type": "normal",
    }


def amrap(**fields: Any) -> dict[str, Any]:
    return {"sets": 3, "reps": "amrap", **fields}


def absolute(**fields: Any) -> dict[str, Any]:
    return {"type": "absolute", "value": 100, "unit": "kg", **fields}


def five_reps(**fields: Any) -> dict[str, Any]:
    return {"sets": 3, "reps": {"min": 5, "max": 5}, **fields}


@pytest.mark.parametrize(
    "data",
    [
        five_reps(load=absolute()),
        five_reps(reps={"min": 1, "max": 1000}, load=absolute(value=2000, unit="lb")),
        amrap(sets=1, load={"type": "bodyweight"}),
        five_reps(reps={"min": 6, "max": 8}, load={"type": "bodyweight", "added": 12.5}),
        five_reps(sets=50, load={"type": "percent_1rm", "percent": 120}),
        five_reps(load={"type": "percent_1rm", "percent": 72.5}),
        five_reps(each_side=True, effort={"rir": 0}),
        five_reps(effort={"rpe": 9.5}, tempo="30X1"),
        {"sets": 1, "duration_s": 1200, "set_type": "warmup"},
        {"sets": 1, "distance_m": 5000, "rest_s": 0},
        {"sets": 8, "distance_m": 0.4, "rest_s": 3600},
        five_reps(duration_s=86400, set_type="dropset"),
        amrap(set_type="amrap", effort=None, tempo=None),
    ],
)
def test_a_valid_prescription_survives_a_round_trip_through_json(data: dict[str, Any]):
    prescription = Prescription.from_dict(data)

    stored = json.loads(json.dumps(prescription.to_dict()))

    assert Prescription.from_dict(stored) == prescription
    assert Prescription.restore(stored) == prescription


def test_whole_floats_become_ints_and_decimals_become_plain_numbers():
    prescription = Prescription.from_dict(
        {
            "sets": 3,
            "reps": {"min": 5, "max": 5},
            "load": {"type": "absolute", "value": Decimal("102.5"), "unit": "kg"},
            "effort": {"rpe": 8.0},
        }
    )

    assert prescription.load.value == 102.5
    assert type(prescription.load.value) is float
    assert prescription.effort == Effort("rpe", 8)
    assert type(prescription.to_dict()["effort"]["rpe"]) is int


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ("3x5", "prescription"),
        ({"reps": {"min": 5, "max": 5}}, "sets"),
        (amrap(sets=0), "sets"),
        (amrap(sets=51), "sets"),
        (amrap(sets=2.5), "sets"),
        (amrap(sets="3"), "sets"),
        (amrap(sets=True), "sets"),
        ({"sets": 3}, "reps"),
        (amrap(reps="many"), "reps"),
        (amrap(reps=5), "reps"),
        (amrap(reps={"min": 0, "max": 5}), "reps.min"),
        (amrap(reps={"min": 5}), "reps.max"),
        (amrap(reps={"min": 6, "max": 5}), "reps.max"),
        (amrap(reps={"min": 5, "max": 1001}), "reps.max"),
        (amrap(reps={"min": True, "max": 5}), "reps.min"),
        (amrap(reps={"min": 5, "max": 5, "avg": 5}), "reps.avg"),
        (amrap(each_side=1), "each_side"),
        (amrap(load="heavy"), "load"),
        (amrap(load={"type": "kettlebell"}), "load.type"),
        (amrap(load={"type": "absolute", "unit": "kg"}), "load.value"),
        (amrap(load=absolute(value=0)), "load.value"),
        (amrap(load=absolute(value=2000.5)), "load.value"),
        (amrap(load=absolute(value=True)), "load.value"),
        (amrap(load=absolute(value=float("nan"))), "load.value"),
        (amrap(load=absolute(value=float("inf"))), "load.value"),
        (amrap(load={"type": "absolute", "value": 60}), "load.unit"),
        (amrap(load=absolute(unit="stone")), "load.unit"),
        (amrap(load={"type": "percent_1rm", "percent": 0.5}), "load.percent"),
        (amrap(load={"type": "percent_1rm", "percent": 121}), "load.percent"),
        (amrap(load={"type": "percent_1rm"}), "load.percent"),
        (amrap(load={"type": "percent_1rm", "percent": 80, "unit": "kg"}), "load.unit"),
        (amrap(load={"type": "bodyweight", "added": -5}), "load.added"),
        (amrap(load={"type": "bodyweight", "added": 500.5}), "load.added"),
        (amrap(load={"type": "none", "value": 5}), "load.value"),
        (amrap(effort={"rpe": 8, "rir": 2}), "effort"),
        (amrap(effort={}), "effort"),
        (amrap(effort=8), "effort"),
        (amrap(effort={"rpe": 8.25}), "effort.rpe"),
        (amrap(effort={"rpe": 0.5}), "effort.rpe"),
        (amrap(effort={"rpe": 10.5}), "effort.rpe"),
        (amrap(effort={"rpe": True}), "effort.rpe"),
        (amrap(effort={"rir": 11}), "effort.rir"),
        (amrap(effort={"rir": 1.5}), "effort.rir"),
        (amrap(effort={"rir": False}), "effort.rir"),
        (amrap(effort={"rpe": 8, "feel": "good"}), "effort.feel"),
        (amrap(tempo="3011x"), "tempo"),
        (amrap(tempo="301"), "tempo"),
        (amrap(tempo="30x1"), "tempo"),
        (amrap(tempo="3011\n"), "tempo"),
        (amrap(tempo=3011), "tempo"),
        (amrap(rest_s=-1), "rest_s"),
        (amrap(rest_s=3601), "rest_s"),
        (amrap(rest_s=True), "rest_s"),
        ({"sets": 3, "duration_s": 0}, "duration_s"),
        ({"sets": 3, "duration_s": 86401}, "duration_s"),
        ({"sets": 3, "duration_s": 60.5}, "duration_s"),
        ({"sets": 3, "distance_m": 0}, "distance_m"),
        ({"sets": 3, "distance_m": 1_000_000.5}, "distance_m"),
        ({"sets": 3, "distance_m": 10**400}, "distance_m"),
        ({"sets": 3, "distance_m": "5k"}, "distance_m"),
        ({"sets": 3, "distance_m": False}, "distance_m"),
        (amrap(set_type="giant"), "set_type"),
        (amrap(set_type=None), "set_type"),
        (amrap(weight=100), "weight"),
    ],
)
def test_an_invalid_prescription_is_refused_naming_the_field(data: Any, field: str):
    error = refused(data)

    assert error.field == field
    assert isinstance(error, InvalidValue)
    assert field in str(error)


def test_effort_cannot_be_both_rpe_and_rir():
    error = refused(amrap(effort={"rpe": 8, "rir": 2}))

    assert "not both" in error.message


def test_a_prescription_needs_reps_or_a_duration_or_a_distance():
    error = refused({"sets": 3, "load": {"type": "bodyweight"}})

    assert "duration_s" in error.message


def test_a_prescription_is_immutable():
    prescription = Prescription.from_dict({"sets": 3, "reps": "amrap"})

    with pytest.raises(AttributeError):
        prescription.sets = 4  # type: ignore[misc]


loads = st.one_of(
    st.none(),
    st.just({"type": "none"}),
    st.builds(
        lambda value, unit: {"type": "absolute", "value": value, "unit": unit},
        st.one_of(st.integers(1, 2000), st.floats(0.5, 2000, allow_nan=False)),
        st.sampled_from(["kg", "lb"]),
    ),
    st.builds(lambda p: {"type": "percent_1rm", "percent": p}, st.floats(1, 120)),
    st.builds(lambda a: {"type": "bodyweight", "added": a}, st.integers(0, 500)),
)
efforts = st.one_of(
    st.none(),
    st.builds(lambda halves: {"rpe": halves / 2}, st.integers(2, 20)),
    st.builds(lambda rir: {"rir": rir}, st.integers(0, 10)),
)
reps = st.one_of(
    st.just("amrap"),
    st.integers(1, 1000).flatmap(
        lambda low: st.builds(lambda high: {"min": low, "max": high}, st.integers(low, 1000))
    ),
)
valid_prescriptions = st.fixed_dictionaries(
    {"sets": st.integers(1, 50), "reps": reps},
    optional={
        "each_side": st.booleans(),
        "load": loads,
        "effort": efforts,
        "tempo": st.from_regex(r"[0-9X]{4}", fullmatch=True),
        "rest_s": st.integers(0, 3600),
        "duration_s": st.integers(1, 86400),
        "distance_m": st.floats(0.1, 1_000_000),
        "set_type": st.sampled_from(["normal", "warmup", "dropset", "backoff", "amrap"]),
    },
)


@given(valid_prescriptions)
def test_every_valid_prescription_is_rebuilt_equal_from_its_canonical_json(data: dict[str, Any]):
    prescription = Prescription.from_dict(data)

    canonical = prescription.to_dict()

    assert json.loads(json.dumps(canonical)) == canonical
    assert Prescription.from_dict(canonical) == prescription
    assert Prescription.from_dict(canonical).to_dict() == canonical
