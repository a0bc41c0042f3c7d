"""The named refusals of the domain, in families the API maps to HTTP in one place.

Each refusal has a stable `code` and the `params` its message names; the API shows the
message of the code in the reader's language, the domain keeps it in English for logs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Self
from uuid import UUID

from builder.domain.field_errors import FIELD_ERRORS


class BuilderError(Exception):
    """Base of every error the domain raises on purpose.

    A concrete error has a `code` (kebab-case; clients and translations rely on it staying)
    and its message in English as a `%(name)s` template of its `params`. A param whose value
    is one of the error's `words` (a limit, a link's state, a reason) is a phrase translated
    with the message; such a phrase may name the error's other params too.
    """

    code: ClassVar[str]
    english: ClassVar[str]
    words: ClassVar[tuple[str, ...]] = ()

    def __init__(self, **params: Any) -> None:
        super().__init__()
        self.params = params

    @property
    def message(self) -> str:
        """The message in English, its params and words filled in."""
        return self.filled(self.english)

    def filled(self, template: str, phrase: Callable[[str], str] = str) -> str:
        """`template` with the params filled in, each word as `phrase` gives it (then with the
        params it names filled in too)."""
        return template % {
            key: phrase(value) % self.params if value in self.words else value
            for key, value in self.params.items()
        }

    def __str__(self) -> str:
        return self.message


class NotFoundError(BuilderError):
    """Something the command names does not exist (HTTP 404)."""


class RuleViolation(BuilderError):
    """The command is well formed but a domain rule refuses it (HTTP 409)."""


class NotAllowedError(BuilderError):
    """The actor may see the thing but not do this to it (HTTP 403); the message says why."""


class InvalidValue(BuilderError):
    """A value is malformed or out of bounds (HTTP 400); `field` names it, e.g. "reps.min",
    and `code` (one of FIELD_ERRORS) says what is wrong with it."""

    def __init__(self, field: str, code: str, **params: Any) -> None:
        if code not in FIELD_ERRORS:
            raise ValueError(f"{code!r} is not a code of builder/domain/field_errors.py")
        super().__init__(**params)
        self.field = field
        self.code = code

    @property
    def english(self) -> str:
        return FIELD_ERRORS[self.code]

    def within(self, prefix: str) -> Self:
        """The same error with its field placed under `prefix` (for nested structures)."""
        return type(self)(f"{prefix}.{self.field}", self.code, **self.params)

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class InvalidPrescriptionError(InvalidValue):
    """A prescription field is malformed or out of bounds."""


class StaleVersion(BuilderError):
    """The caller edited a version of a `kind` ("program") that is no longer the current one
    (HTTP 412); `current` is the version now stored, None when it could not be read."""

    code = "stale-version"
    english = "the %(kind)s is at version %(current)s; reload it and retry"

    def __init__(self, kind: str, aggregate_id: UUID, current: int | None) -> None:
        super().__init__(kind=kind, id=aggregate_id, current=current)
        self.kind = kind
        self.aggregate_id = aggregate_id
        self.current = current


class MissingActorError(BuilderError):
    """An event was about to be recorded without knowing who acts (a programming error)."""

    code = "missing-actor"
    english = "no actor is set: wrap the command in `acting(Actor(...))` so events record who acted"


class UnknownChildError(NotFoundError):
    """No week, day, group or entry with this id in the program."""

    code = "unknown-child"
    english = "this program has no %(level)s with id %(id)s"
    words = ("week", "day", "group", "entry", "child")

    def __init__(self, level: str, child_id: object) -> None:
        super().__init__(level=level, id=child_id)


class UnknownVersionError(NotFoundError):
    """The program has no published version with this number."""

    code = "unknown-version"
    english = "this program has no published version %(number)s"

    def __init__(self, number: object) -> None:
        super().__init__(number=number)


class DuplicateIdError(RuleViolation):
    """A new child id is already used somewhere in the program."""

    code = "duplicate-id"
    english = "id %(id)s is already used in this program"

    def __init__(self, child_id: UUID) -> None:
        super().__init__(id=child_id)


class IdTakenError(RuleViolation):
    """A new program or exercise was given an id that another stream already has."""

    code = "id-taken"
    english = "id %(id)s is already in use"

    def __init__(self, stream_id: UUID) -> None:
        super().__init__(id=stream_id)


class PositionOutOfRangeError(RuleViolation):
    """A position lies outside the allowed range of its parent."""

    FULL = "no position (the parent is full)"

    code = "position-out-of-range"
    english = "position %(position)s is out of range; allowed: %(allowed)s"
    words = (FULL,)

    def __init__(self, position: int, highest: int) -> None:
        super().__init__(position=position, allowed=self.FULL if highest < 0 else f"0..{highest}")


class RestDayHasGroupsError(RuleViolation):
    """A rest day cannot hold groups of exercises."""

    code = "rest-day-has-groups"
    english = "day %(id)s is a rest day and cannot hold exercises"

    def __init__(self, day_id: object) -> None:
        super().__init__(id=day_id)


class ProgramArchivedError(RuleViolation):
    """An archived program cannot be edited (restore it first)."""

    code = "program-archived"
    english = "the program is archived; restore it before changing it"


class ProgramNotArchivedError(RuleViolation):
    """Only an archived program can be restored."""

    code = "program-not-archived"
    english = "the program is not archived"


class NotPublishableError(RuleViolation):
    """The draft is not complete enough to publish; `reason` (one of the words) says why."""

    NO_WEEKS = "it has no weeks"
    EMPTY_DAY = "day %(day)s%(title)s of week %(week)s has no exercises (day id %(id)s)"

    code = "not-publishable"
    english = "the program cannot be published: %(reason)s"
    words = (NO_WEEKS, EMPTY_DAY)

    def __init__(self, reason: str, **details: Any) -> None:
        super().__init__(reason=reason, **details)


class TooManyEntriesError(RuleViolation):
    """A program would hold more entries than a program may (PROGRAM_MAX_ENTRIES)."""

    code = "too-many-entries"
    english = "a program holds at most %(limit)s entries"

    def __init__(self, limit: int) -> None:
        super().__init__(limit=limit)


class ProgramTooLargeError(RuleViolation):
    """A program's document would be larger than a program's may be (PROGRAM_MAX_BYTES)."""

    code = "program-too-large"
    english = "a program's document holds at most %(limit)s bytes"

    def __init__(self, limit: int) -> None:
        super().__init__(limit=limit)


class LimitExceededError(RuleViolation):
    """A parent would hold more children than allowed."""

    code = "limit-exceeded"
    english = "at most %(limit)s %(what)s"
    words = (
        "weeks in a program",
        "days a week",
        "groups a day",
        "entries a group",
        "languages",
        "media links an exercise",
    )

    def __init__(self, what: str, limit: int) -> None:
        super().__init__(what=what, limit=limit)


class ExerciseNotFoundError(NotFoundError):
    """No exercise has this id."""

    code = "exercise-not-found"
    english = "no exercise with id %(id)s"

    def __init__(self, exercise_id: object) -> None:
        super().__init__(id=exercise_id)


class UnknownTranslationError(NotFoundError):
    """The exercise has no name in this language."""

    code = "unknown-translation"
    english = "this exercise has no name in %(locale)r"

    def __init__(self, locale: str) -> None:
        super().__init__(locale=locale)


class UnknownMediaError(NotFoundError):
    """The exercise has no media link with this id."""

    code = "unknown-media"
    english = "this exercise has no media link with id %(id)s"

    def __init__(self, media_id: object) -> None:
        super().__init__(id=media_id)


class ExerciseArchivedError(RuleViolation):
    """An archived exercise cannot be changed, used in programs or merged into."""

    code = "exercise-archived"
    english = "the exercise is archived"


class ExerciseMergedError(RuleViolation):
    """A merged exercise lives on only as its replacement; it cannot be changed."""

    code = "exercise-merged"
    english = "the exercise was merged into %(id)s"

    def __init__(self, into_id: object) -> None:
        super().__init__(id=into_id)


class EnglishNameRequiredError(RuleViolation):
    """Every exercise keeps an English name (the fallback of every other language)."""

    code = "english-name-required"
    english = "the English name cannot be removed"


class DuplicateMediaError(RuleViolation):
    """The exercise already links this video, or already uses this media id."""

    VIDEO = "a link to this video"
    MEDIA_ID = "a media link with id %(id)s"

    code = "duplicate-media"
    english = "the exercise already has %(what)s"
    words = (VIDEO, MEDIA_ID)

    def __init__(self, what: str, **details: Any) -> None:
        super().__init__(what=what, **details)


class MergeRefusedError(RuleViolation):
    """This exercise cannot be merged into that one; `reason` (one of the words) says why."""

    ITSELF = "an exercise cannot be merged into itself"
    TARGET_RETIRED = "the target is archived or merged itself"
    TARGET_HIDDEN = "the target is not visible to everyone who uses this one"

    code = "merge-refused"
    english = "the exercise cannot be merged: %(reason)s"
    words = (ITSELF, TARGET_RETIRED, TARGET_HIDDEN)

    def __init__(self, reason: str) -> None:
        super().__init__(reason=reason)
