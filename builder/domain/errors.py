"""The named refusals of the domain, in families the API maps to HTTP in one place."""

from __future__ import annotations

from typing import Self
from uuid import UUID


class BuilderError(Exception):
    """Base of every error the domain raises on purpose."""


class NotFoundError(BuilderError):
    """Something the command names does not exist (HTTP 404)."""


class RuleViolation(BuilderError):
    """The command is well formed but a domain rule refuses it (HTTP 409)."""


class NotAllowedError(BuilderError):
    """The actor may see the thing but not do this to it (HTTP 403); the message says why."""


class InvalidValue(BuilderError):
    """A value is malformed or out of bounds (HTTP 400); `field` names it, e.g. "reps.min"."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message

    def within(self, prefix: str) -> Self:
        """The same error with its field placed under `prefix` (for nested structures)."""
        return type(self)(f"{prefix}.{self.field}", self.message)


class InvalidPrescriptionError(InvalidValue):
    """A prescription field is malformed or out of bounds."""


class StaleVersion(BuilderError):
    """The caller edited a version of a `kind` ("program") that is no longer the current one
    (HTTP 412); `current` is the version now stored, None when it could not be read."""

    def __init__(self, kind: str, aggregate_id: UUID, current: int | None) -> None:
        super().__init__(f"The {kind} is at version {current}; reload it and retry.")
        self.kind = kind
        self.aggregate_id = aggregate_id
        self.current = current


class MissingActorError(BuilderError):
    """An event was about to be recorded without knowing who acts (a programming error)."""

    def __init__(self) -> None:
        super().__init__(
            "no actor is set: wrap the command in `acting(Actor(...))` so events record who acted"
        )


class UnknownChildError(NotFoundError):
    """No week, day, group or entry with this id in the program."""

    def __init__(self, level: str, child_id: object) -> None:
        super().__init__(f"this program has no {level} with id {child_id}")
        self.level = level
        self.child_id = child_id


class UnknownVersionError(NotFoundError):
    """The program has no published version with this number."""

    def __init__(self, number: object) -> None:
        super().__init__(f"this program has no published version {number}")
        self.number = number


class DuplicateIdError(RuleViolation):
    """A new child id is already used somewhere in the program."""

    def __init__(self, child_id: UUID) -> None:
        super().__init__(f"id {child_id} is already used in this program")
        self.child_id = child_id


class IdTakenError(RuleViolation):
    """A new program or exercise was given an id that another stream already has."""

    def __init__(self, stream_id: UUID) -> None:
        super().__init__(f"id {stream_id} is already in use")
        self.stream_id = stream_id


class PositionOutOfRangeError(RuleViolation):
    """A position lies outside the allowed range of its parent."""

    def __init__(self, position: int, highest: int) -> None:
        allowed = "no position (the parent is full)" if highest < 0 else f"0..{highest}"
        super().__init__(f"position {position} is out of range; allowed: {allowed}")
        self.position = position
        self.highest = highest


class RestDayHasGroupsError(RuleViolation):
    """A rest day cannot hold groups of exercises."""

    def __init__(self, day_id: object) -> None:
        super().__init__(f"day {day_id} is a rest day and cannot hold exercises")
        self.day_id = day_id


class ProgramArchivedError(RuleViolation):
    """An archived program cannot be edited (restore it first)."""

    def __init__(self) -> None:
        super().__init__("the program is archived; restore it before changing it")


class ProgramNotArchivedError(RuleViolation):
    """Only an archived program can be restored."""

    def __init__(self) -> None:
        super().__init__("the program is not archived")


class NotPublishableError(RuleViolation):
    """The draft is not complete enough to publish; the message says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"the program cannot be published: {reason}")
        self.reason = reason


class LimitExceededError(RuleViolation):
    """A parent would hold more children than allowed."""

    def __init__(self, what: str, limit: int) -> None:
        super().__init__(f"at most {limit} {what}")
        self.what = what
        self.limit = limit


class ExerciseNotFoundError(NotFoundError):
    """No exercise has this id."""

    def __init__(self, exercise_id: object) -> None:
        super().__init__(f"no exercise with id {exercise_id}")
        self.exercise_id = exercise_id


class UnknownTranslationError(NotFoundError):
    """The exercise has no name in this language."""

    def __init__(self, locale: str) -> None:
        super().__init__(f"this exercise has no name in {locale!r}")
        self.locale = locale


class UnknownMediaError(NotFoundError):
    """The exercise has no media link with this id."""

    def __init__(self, media_id: object) -> None:
        super().__init__(f"this exercise has no media link with id {media_id}")
        self.media_id = media_id


class ExerciseArchivedError(RuleViolation):
    """An archived exercise cannot be changed, used in programs or merged into."""

    def __init__(self) -> None:
        super().__init__("the exercise is archived")


class ExerciseMergedError(RuleViolation):
    """A merged exercise lives on only as its replacement; it cannot be changed."""

    def __init__(self, into_id: object) -> None:
        super().__init__(f"the exercise was merged into {into_id}")
        self.into_id = into_id


class EnglishNameRequiredError(RuleViolation):
    """Every exercise keeps an English name (the fallback of every other language)."""

    def __init__(self) -> None:
        super().__init__("the English name cannot be removed")


class DuplicateMediaError(RuleViolation):
    """The exercise already links this video, or already uses this media id."""

    def __init__(self, what: str) -> None:
        super().__init__(f"the exercise already has {what}")
        self.what = what


class MergeRefusedError(RuleViolation):
    """This exercise cannot be merged into that one; the message says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"the exercise cannot be merged: {reason}")
        self.reason = reason
