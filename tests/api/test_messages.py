"""Every error the domain and its use cases raise has a code with a message in the API's table,
in English and in German, and so has every word its params may take."""

from __future__ import annotations

import importlib
import pkgutil
import re
from uuid import UUID

from django.utils import translation

import builder.applications
import builder.domain
import builder.services
from builder.api.messages import MESSAGES, WORDS, message
from builder.domain import BuilderError, InvalidValue, LimitExceededError, NotPublishableError
from builder.domain.field_errors import FIELD_ERRORS

SOME_ID = UUID(int=7)


def error_classes() -> list[type[BuilderError]]:
    """Every subclass of BuilderError the domain, the applications and the services define."""
    for package in (builder.domain, builder.applications, builder.services):
        for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            importlib.import_module(module.name)
    found, pending = [], [BuilderError]
    while pending:
        subclasses = pending.pop().__subclasses__()
        found += subclasses
        pending += subclasses
    return found


def codes() -> list[str]:
    """The codes of the error classes, then those of InvalidValue."""
    return [cls.code for cls in error_classes() if "code" in vars(cls)] + list(FIELD_ERRORS)


def words() -> set[str]:
    return {word for cls in error_classes() for word in cls.words}


def in_german(text) -> str:
    with translation.override("de"):
        return str(text)


def in_english(text) -> str:
    with translation.override("en"):
        return str(text)


def test_every_error_that_is_no_family_has_its_own_code_and_english_message():
    errors = [cls for cls in error_classes() if not cls.__subclasses__()]
    named = [cls for cls in errors if issubclass(cls, InvalidValue) or "code" in vars(cls)]

    assert named == errors
    assert [cls for cls in named if "english" not in vars(cls)] == [
        cls for cls in named if issubclass(cls, InvalidValue)
    ]


def test_the_codes_are_distinct_and_kebab_case():
    every = codes()

    assert sorted(every) == sorted(set(every))
    assert [code for code in every if not re.fullmatch(r"[a-z]+(-[a-z]+)*", code)] == []


def test_every_code_has_a_message_in_english_and_in_german():
    every = codes()
    without = [code for code in every if code not in MESSAGES]
    untranslated = [
        code
        for code in every
        if code in MESSAGES and in_german(MESSAGES[code]) == in_english(MESSAGES[code])
    ]

    assert without == []
    assert untranslated == []


def test_every_word_of_a_message_has_its_phrase_in_english_and_in_german():
    every = words()
    without = [word for word in every if word not in WORDS]
    untranslated = [
        word
        for word in every
        if word in WORDS and in_german(WORDS[word]) == in_english(WORDS[word])
    ]

    assert without == []
    assert untranslated == []


def test_the_tables_hold_only_codes_and_words_the_errors_have():
    assert set(MESSAGES) - set(codes()) == set()
    assert set(WORDS) - words() == set()


def test_a_message_fills_in_its_params_and_its_words_in_the_readers_language():
    limit = LimitExceededError("days a week", 14)
    empty_day = NotPublishableError(
        NotPublishableError.EMPTY_DAY, day=2, title=" (Upper)", week=1, id=SOME_ID
    )

    with translation.override("de"):
        assert message(limit) == "höchstens 14 Tage pro Woche"
        assert message(empty_day) == (
            "das Programm kann nicht veröffentlicht werden:"
            f" Tag 2 (Upper) von Woche 1 hat keine Übungen (Tag-ID {SOME_ID})"
        )
    assert message(empty_day) == str(empty_day)


def test_a_value_error_reads_in_the_readers_language_whatever_its_field():
    error = InvalidValue("sets", "out-of-range", low=1, high=50)

    with translation.override("de"):
        assert message(error) == "muss zwischen 1 und 50 liegen"
    assert str(error) == "sets: must be between 1 and 50"
