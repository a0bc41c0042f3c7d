"""An exercise's names and aliases per language: English always, any other language optional."""

from __future__ import annotations

import re
from typing import Any

from builder.domain import fields
from builder.domain.errors import InvalidValue

ENGLISH = "en"
MAX_LOCALES = 30
MAX_ALIASES = 20
ALIAS_MAX = 120
# A language tag as Django writes it: "de", "pt-br", "zh-hans".
_LOCALE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})?")


def locale(value: Any, field: str = "locale") -> str:
    """A language tag, lower-cased with "-" ("pt_BR" -> "pt-br")."""
    if not isinstance(value, str):
        raise InvalidValue(field, "not-language-code")
    tag = value.strip().lower().replace("_", "-")
    if not _LOCALE.fullmatch(tag):
        raise InvalidValue(field, "not-language-code")
    return tag


def name(value: Any, field: str) -> str:
    return fields.name(value, field, fields.EXERCISE_NAME_MAX)


def alias_list(value: Any, field: str) -> list[str]:
    """At most MAX_ALIASES distinct, non-blank aliases."""
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise InvalidValue(field, "not-text-list")
    unique = list(dict.fromkeys(fields.name(alias, field, ALIAS_MAX) for alias in value))
    if len(unique) > MAX_ALIASES:
        raise InvalidValue(field, "too-many-aliases", count=MAX_ALIASES)
    return unique


def names(value: Any) -> dict[str, str]:
    """{language: name}, English required; sorted by language so equal input stores equally."""
    if not isinstance(value, dict):
        raise InvalidValue("names", "not-names-object")
    if len(value) > MAX_LOCALES:
        raise InvalidValue("names", "too-many-languages", count=MAX_LOCALES)
    checked = {locale(key, "names"): name(text, f"names.{key}") for key, text in value.items()}
    if ENGLISH not in checked:
        raise InvalidValue("names.en", "english-name-missing")
    return dict(sorted(checked.items()))


def aliases(value: Any, named: dict[str, str]) -> dict[str, list[str]]:
    """{language: [alias, ...]} for languages that have a name; empty lists dropped."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InvalidValue("aliases", "not-aliases-object")
    checked = {}
    for key, items in value.items():
        tag = locale(key, "aliases")
        if tag not in named:
            raise InvalidValue(f"aliases.{key}", "alias-without-name")
        if found := alias_list(items, f"aliases.{key}"):
            checked[tag] = found
    return dict(sorted(checked.items()))
