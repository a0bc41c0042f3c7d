"""The applications' one shape: each loads only its own kind of stream, refuses a stale version,
and turns a lost race into a StaleVersion naming the version now stored."""

from __future__ import annotations

from uuid import uuid4

import pytest

from builder.applications.coaching import Coaching, UnknownLinkError
from builder.applications.exercises import ExerciseLibrary
from builder.applications.programs import ProgramBuilder, ProgramNotFoundError
from builder.domain import Exercise, ExerciseNotFoundError, IdTakenError, Program, StaleVersion
from tests.unit.conftest import COACH


def a_program(app: ProgramBuilder):
    return app.create_program(actor=COACH, program_id=uuid4(), title="Strength").aggregate


def an_exercise() -> Exercise:
    return Exercise.create(
        exercise_id=uuid4(), scope="system", owner_id=None, names={"en": "Squat"}, category="squat"
    )


def test_a_program_command_on_another_kinds_stream_finds_no_program():
    app = ProgramBuilder()
    exercise = an_exercise()
    app.save(exercise)

    with pytest.raises(ProgramNotFoundError):
        app.rename_program(exercise.id, actor=COACH, expected_version=1, title="Hijacked")
    with pytest.raises(ProgramNotFoundError):
        app.fork_program(exercise.id, actor=COACH, program_id=uuid4(), version=None, title=None)


def test_a_merge_into_a_program_finds_no_exercise():
    library = ExerciseLibrary()
    exercise = an_exercise()
    program = Program.create(program_id=uuid4(), owner_id=COACH.user_id, title="Strength")
    library.save(exercise, program)
    assert list(library.events.get(program.id))

    with pytest.raises(ExerciseNotFoundError):
        library.merge_exercise(exercise.id, actor=COACH, expected_version=1, into_id=program.id)


def test_a_link_step_on_an_unknown_id_is_an_unknown_link():
    with pytest.raises(UnknownLinkError):
        Coaching().accept(uuid4(), actor=COACH, expected_version=1)


def test_an_edit_of_an_older_version_is_stale_with_the_current_one():
    app = ProgramBuilder()
    program = a_program(app)
    app.rename_program(program.id, actor=COACH, expected_version=1, title="Power")

    with pytest.raises(StaleVersion) as stale:
        app.rename_program(program.id, actor=COACH, expected_version=1, title="Late")

    assert (stale.value.kind, stale.value.aggregate_id, stale.value.current) == (
        "program",
        program.id,
        2,
    )


def test_an_edit_that_loses_a_race_to_another_commit_is_stale_with_the_version_stored(
    monkeypatch,
):
    app = ProgramBuilder()
    program = a_program(app)
    loaded_before = app.repository.get(program.id)
    app.rename_program(program.id, actor=COACH, expected_version=1, title="Meanwhile")
    monkeypatch.setattr(app.repository, "get", lambda *args, **kwargs: loaded_before)

    with pytest.raises(StaleVersion) as stale:
        app.rename_program(program.id, actor=COACH, expected_version=1, title="Late")

    assert (stale.value.kind, stale.value.current) == ("program", 2)


def test_creating_onto_an_id_another_stream_has_is_refused_as_taken():
    app = ProgramBuilder()
    program = a_program(app)

    with pytest.raises(IdTakenError):
        app.create_program(actor=COACH, program_id=program.id, title="Again")


def test_every_command_answers_with_the_aggregate_and_the_position_of_its_last_event():
    app = ProgramBuilder()
    created = app.create_program(actor=COACH, program_id=uuid4(), title="Strength")

    renamed = app.rename_program(
        created.aggregate.id, actor=COACH, expected_version=1, title="Power"
    )

    assert renamed.aggregate.title == "Power"
    assert renamed.position == created.position + 1
