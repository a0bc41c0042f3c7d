"""Renaming a program and changing its details, units and notes."""

from __future__ import annotations

import pytest

from builder.domain import InvalidValue, Program
from tests.unit.examples import a_program, last_event


def test_renaming_records_the_trimmed_title():
    program = a_program()

    program.rename(" Peaking ")

    assert program.title == "Peaking"
    assert type(last_event(program)) is Program.Renamed
    assert last_event(program).title == "Peaking"


def test_a_blank_title_is_refused():
    program = a_program()

    with pytest.raises(InvalidValue) as caught:
        program.rename(" ")

    assert caught.value.field == "title"
    assert program.pending_events == []


@pytest.mark.parametrize("character", ["\u202e", "\u2067", "\u200b", "\u200f", "\ufeff"], ids=ascii)
def test_a_title_that_would_show_other_than_as_written_is_refused(character):
    program = a_program()

    with pytest.raises(InvalidValue) as caught:
        program.rename(f"Peak{character}ing")

    assert caught.value.field == "title"
    assert program.pending_events == []


def test_notes_keep_invisible_joiners_but_refuse_what_reorders_them():
    program = a_program()

    program.change_notes({"focus": "Family \U0001f468\u200d\U0001f469"})
    with pytest.raises(InvalidValue) as caught:
        program.change_notes({"notes": "Legs \u202edaer"})

    assert program.notes["focus"] == "Family \U0001f468\u200d\U0001f469"
    assert caught.value.field == "notes.notes"


def test_changing_details_keeps_what_is_not_given():
    program = a_program(description="Old", goal="Goal", level="beginner", tags=["a"])

    program.change_details(level="intermediate", tags=["b", "c"])

    assert (program.description, program.goal) == ("Old", "Goal")
    assert (program.level, program.tags) == ("intermediate", ["b", "c"])
    event = last_event(program)
    assert type(event) is Program.DetailsChanged
    assert (event.description, event.goal, event.level, event.tags) == (
        "Old",
        "Goal",
        "intermediate",
        ["b", "c"],
    )


def test_changing_details_refuses_an_unknown_level():
    program = a_program()

    with pytest.raises(InvalidValue, match="level"):
        program.change_details(level="pro")


def test_changing_units_records_the_new_units():
    program = a_program()

    program.change_units("lb")

    assert program.units == "lb"
    assert type(last_event(program)) is Program.UnitsChanged


def test_units_are_kilograms_or_pounds():
    program = a_program()

    with pytest.raises(InvalidValue, match="units"):
        program.change_units("stone")


def test_changing_notes_replaces_the_texts_given_and_keeps_the_others():
    program = a_program(notes={"focus": "squat", "phase": "base"})

    program.change_notes({"focus": "bench", "considerations": "knee"})

    expected = {"focus": "bench", "phase": "base", "considerations": "knee", "notes": ""}
    assert program.notes == expected
    assert last_event(program).notes == expected
    assert type(last_event(program)) is Program.NotesChanged


def test_notes_are_only_focus_phase_considerations_and_notes():
    program = a_program()

    with pytest.raises(InvalidValue) as caught:
        program.change_notes({"diet": "more protein"})

    assert caught.value.field == "notes.diet"


def test_changing_the_aggregate_never_changes_a_recorded_event():
    program = a_program()
    program.change_details(tags=["a"])
    program.change_notes({"focus": "x"})
    details_changed, notes_changed = program.pending_events

    program.tags.append("b")
    program.notes["focus"] = "y"

    assert details_changed.tags == ["a"]
    assert notes_changed.notes["focus"] == "x"
