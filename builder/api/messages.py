"""The domain's English messages in the request's language, translated at the API edge.

The domain speaks English only (it knows no Django); each of its message shapes is listed here
once as a pattern with a translatable template. A message without a pattern stays English.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# (pattern, template): named groups of the pattern fill the template's %(name)s.
_FIELD_MESSAGES: list[tuple[str, Any]] = [
    (r"must be text", _("must be text")),
    (r"must not be blank", _("must not be blank")),
    (r"must be a UUID", _("must be a UUID")),
    (r"must be a whole number", _("must be a whole number")),
    (r"must be a number", _("must be a number")),
    (r"must be a finite number", _("must be a finite number")),
    (r"must be true or false", _("must be true or false")),
    (r"must be an object", _("must be an object")),
    (r"must be a list", _("must be a list")),
    (r"must be a list of text", _("must be a list of text")),
    (
        r"must not contain characters that reorder text",
        _("must not contain characters that reorder text"),
    ),
    (r"must not contain invisible characters", _("must not contain invisible characters")),
    (r"is required", _("is required")),
    (r"is not an allowed field", _("is not an allowed field")),
    (r"must be one of (?P<choices>.+)", _("must be one of %(choices)s")),
    (
        r"must be between (?P<low>\S+) and (?P<high>\S+)",
        _("must be between %(low)s and %(high)s"),
    ),
    (
        r"must be at most (?P<count>\d+) characters",
        _("must be at most %(count)s characters"),
    ),
    (r"must be at most (?P<count>\d+) tags", _("must be at most %(count)s tags")),
    (r"must be at most (?P<count>\d+) aliases", _("must be at most %(count)s aliases")),
    (r"must be at most (?P<count>\d+) languages", _("must be at most %(count)s languages")),
    (r"no such exercise", _("No such exercise.")),
    (r"is archived; choose another", _("This exercise is archived; choose another.")),
    # The exercise library
    (
        r"must be a language code such as 'en' or 'de'",
        _("must be a language code such as 'en' or 'de'"),
    ),
    (r"an English name is required", _("an English name is required")),
    (r"has no name in this language", _("has no name in this language")),
    (r"must not repeat a primary muscle", _("must not repeat a primary muscle")),
    (r"is not a classification field", _("is not a classification field")),
    (r"must be an object of names by language", _("must be an object of names by language")),
    (
        r"must be an object of alias lists by language",
        _("must be an object of alias lists by language"),
    ),
    # Video links
    (
        r"must be a plain URL: no spaces, backslashes or non-ASCII",
        _("must be a plain URL: no spaces, backslashes or non-ASCII"),
    ),
    (r"is not a valid URL", _("is not a valid URL")),
    (r"must be an https link", _("must be an https link")),
    (
        r"must not contain a user name or password",
        _("must not contain a user name or password"),
    ),
    (r"must name a host", _("must name a host")),
    (r"must name a host, not an IP address", _("must name a host, not an IP address")),
    (r"must not name a port", _("must not name a port")),
    (
        r"must link to YouTube, Vimeo or another allowed video host",
        _("must link to YouTube, Vimeo or another allowed video host"),
    ),
    (
        r"must not contain '\.' or '\.\.' path segments",
        _("must not contain '.' or '..' path segments"),
    ),
    (r"is not a link to one YouTube video", _("is not a link to one YouTube video")),
    (r"is not a link to one Vimeo video", _("is not a link to one Vimeo video")),
    (r"must link to a video, not to the site", _("must link to a video, not to the site")),
    # Coaching
    (
        r"must be a terms version such as '2026-01'",
        _("must be a terms version such as '2026-01'"),
    ),
    (r"must be a date such as 2026-12-01", _("must be a date such as 2026-12-01")),
    (r"is not a link of yours", _("is not a link of yours")),
    (
        r"is not a published version of the terms",
        _("is not a published version of the terms"),
    ),
    (r"is not a program of yours", _("is not a program of yours")),
    (
        r"is not a published version of the program",
        _("is not a published version of the program"),
    ),
    (
        r"is not an athlete who allows you programming",
        _("is not an athlete who allows you programming"),
    ),
]

_RULE_MESSAGES: list[tuple[str, Any]] = [
    (
        r"the program is archived; restore it before changing it",
        _("the program is archived; restore it before changing it"),
    ),
    (r"the program is not archived", _("the program is not archived")),
    (r"at most (?P<limit>\d+) (?P<what>.+)", _("at most %(limit)s %(what)s")),
    (r"the exercise is archived", _("the exercise is archived")),
    (r"the exercise was merged into (?P<id>\S+)", _("the exercise was merged into %(id)s")),
    (r"the English name cannot be removed", _("the English name cannot be removed")),
    (r"the exercise already has a link to this video", _("the exercise already has this video")),
    (
        r"the exercise cannot be merged: an exercise cannot be merged into itself",
        _("the exercise cannot be merged into itself"),
    ),
    (
        r"the exercise cannot be merged: the target is archived or merged itself",
        _("the exercise cannot be merged: the target is archived or merged itself"),
    ),
    (
        r"the exercise cannot be merged: the target is not visible to everyone who uses this one",
        _("the exercise cannot be merged: the target is not visible to everyone who uses it"),
    ),
    (r"no exercise with id (?P<id>\S+)", _("no exercise with id %(id)s")),
    # Accounts
    (
        r"the last admin cannot give up the admin role",
        _("the last admin cannot give up the admin role"),
    ),
    (r"no user with id (?P<id>\S+)", _("no user with id %(id)s")),
    # Coaching
    (
        r"a link that is (?P<status>invited|active|ended) cannot be (?P<step>.+)",
        _("a link that is %(status)s cannot be %(step)s"),
    ),
    (r"the assignment is cancelled", _("the assignment is cancelled")),
    (
        r"upgrade to a published version after (?P<current>\d+)",
        _("upgrade to a published version after %(current)s"),
    ),
    (
        r"the athlete has not consented to programming",
        _("the athlete has not consented to programming"),
    ),
    (
        r"only the athlete gives or withdraws consent",
        _("only the athlete gives or withdraws consent"),
    ),
    (
        r"only the coach or the athlete of a link ends it",
        _("only the coach or the athlete of a link ends it"),
    ),
    (
        r"a coach cannot accept their own invitation",
        _("a coach cannot accept their own invitation"),
    ),
    (
        r"only athletes accept a coach's invitation",
        _("only athletes accept a coach's invitation"),
    ),
    (
        r"you already have an active link with this coach",
        _("you already have an active link with this coach"),
    ),
    (
        r"a personal program is assigned only to its own athlete",
        _("a personal program is assigned only to its own athlete"),
    ),
    (r"no coaching link with id (?P<id>\S+)", _("no coaching link with id %(id)s")),
    (r"no assignment with id (?P<id>\S+)", _("no assignment with id %(id)s")),
    (
        r"this exercise has no name in '(?P<locale>[^']+)'",
        _("this exercise has no name in %(locale)s"),
    ),
    (
        r"this exercise has no media link with id (?P<id>\S+)",
        _("this exercise has no media link with id %(id)s"),
    ),
]

# Words the messages above name, so "at most 10 media links an exercise" reads in German too.
_LIMIT_WORDS: dict[str, Any] = {
    "weeks in a program": pgettext_lazy("limit", "weeks in a program"),
    "days a week": pgettext_lazy("limit", "days a week"),
    "groups a day": pgettext_lazy("limit", "groups a day"),
    "entries a group": pgettext_lazy("limit", "entries a group"),
    "languages": pgettext_lazy("limit", "languages"),
    "media links an exercise": pgettext_lazy("limit", "media links an exercise"),
    # The states and steps of a coaching link.
    "invited": pgettext_lazy("link", "invited"),
    "active": pgettext_lazy("link", "active"),
    "ended": pgettext_lazy("link", "ended"),
    "accepted": pgettext_lazy("link", "accepted"),
    "declined": pgettext_lazy("link", "declined"),
    "given consent": pgettext_lazy("link", "given consent"),
    "used to assign programs": pgettext_lazy("link", "used to assign programs"),
}


@cache
def _compiled(rules: str) -> list[tuple[re.Pattern[str], Any]]:
    table = _FIELD_MESSAGES if rules == "field" else _RULE_MESSAGES
    return [(re.compile(pattern), template) for pattern, template in table]


def field_message(message: str) -> str:
    """A field error of the domain ("must be between 1 and 50") in the active language."""
    return _translate(message, "field")


def rule_message(message: str) -> str:
    """A whole refusal of the domain ("the exercise is archived") in the active language."""
    return _translate(message, "rule")


def _translate(message: str, rules: str) -> str:
    for pattern, template in _compiled(rules):
        if match := pattern.fullmatch(message):
            values = {
                key: str(_LIMIT_WORDS.get(value, value)) for key, value in match.groupdict().items()
            }
            return str(template) % values if values else str(template)
    return message
