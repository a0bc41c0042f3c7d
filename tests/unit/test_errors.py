"""The domain's errors fall into three families the API maps to 404, 409 and 400."""

from __future__ import annotations

from uuid import UUID

import pytest

from builder.domain import (
    BuilderError,
    DuplicateIdError,
    DuplicateMediaError,
    EnglishNameRequiredError,
    ExerciseArchivedError,
    ExerciseMergedError,
    ExerciseNotFoundError,
    InvalidPrescriptionError,
    InvalidValue,
    LimitExceededError,
    MergeRefusedError,
    MissingActorError,
    NotFoundError,
    NotPublishableError,
    PositionOutOfRangeError,
    ProgramArchivedError,
    ProgramNotArchivedError,
    RestDayHasGroupsError,
    RuleViolation,
    UnknownChildError,
    UnknownMediaError,
    UnknownTranslationError,
    UnknownVersionError,
)

SOME_ID = UUID(int=7)


@pytest.mark.parametrize(
    ("error", "family", "message"),
    [
        (UnknownChildError("day", SOME_ID), NotFoundError, f"no day with id {SOME_ID}"),
        (UnknownVersionError(3), NotFoundError, "no published version 3"),
        (DuplicateIdError(SOME_ID), RuleViolation, f"id {SOME_ID} is already used"),
        (PositionOutOfRangeError(5, 3), RuleViolation, "position 5 is out of range; allowed: 0..3"),
        (RestDayHasGroupsError(SOME_ID), RuleViolation, "rest day"),
        (ProgramArchivedError(), RuleViolation, "archived"),
        (ProgramNotArchivedError(), RuleViolation, "not archived"),
        (NotPublishableError("it has no weeks"), RuleViolation, "cannot be published: it has no"),
        (LimitExceededError("days a week", 14), RuleViolation, "at most 14 days a week"),
        (InvalidValue("title", "blank"), InvalidValue, "title: must not be blank"),
        (
            InvalidPrescriptionError("reps.min", "out-of-range", low=1, high=1000),
            InvalidValue,
            "reps.min: must be between 1 and 1000",
        ),
        (ExerciseNotFoundError(SOME_ID), NotFoundError, f"no exercise with id {SOME_ID}"),
        (UnknownTranslationError("fr"), NotFoundError, "no name in 'fr'"),
        (UnknownMediaError(SOME_ID), NotFoundError, f"no media link with id {SOME_ID}"),
        (ExerciseArchivedError(), RuleViolation, "exercise is archived"),
        (ExerciseMergedError(SOME_ID), RuleViolation, f"merged into {SOME_ID}"),
        (EnglishNameRequiredError(), RuleViolation, "English name cannot be removed"),
        (DuplicateMediaError("a link to this video"), RuleViolation, "already has a link"),
        (MergeRefusedError("why"), RuleViolation, "cannot be merged: why"),
    ],
)
def test_each_error_belongs_to_its_family_and_says_what_went_wrong(
    error: BuilderError, family: type[BuilderError], message: str
):
    assert isinstance(error, family)
    assert isinstance(error, BuilderError)
    assert message in str(error)


def test_the_families_are_distinct():
    families = [NotFoundError, RuleViolation, InvalidValue]

    for family in families:
        assert [issubclass(family, other) for other in families].count(True) == 1


def test_a_missing_actor_is_a_builder_error_of_no_family():
    error = MissingActorError()

    assert isinstance(error, BuilderError)
    assert not isinstance(error, NotFoundError | RuleViolation | InvalidValue)


def test_a_nested_value_error_keeps_its_type_under_a_path():
    error = InvalidPrescriptionError("reps.min", "required").within("weeks.0.prescription")

    assert type(error) is InvalidPrescriptionError
    assert (error.field, error.message) == ("weeks.0.prescription.reps.min", "is required")
