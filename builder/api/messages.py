"""The domain's errors in the request's language, translated at the API edge.

The domain names each error by a code with params and keeps an English message for its logs;
here each code has its translatable template (`%(name)s` for the params), and each word a
param may take (a limit, a link's state, a reason) its translatable phrase.
"""

from __future__ import annotations

import logging
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from builder.domain import BuilderError, StaleVersion

logger = logging.getLogger(__name__)

MESSAGES: dict[str, Any] = {
    # Values (builder/domain/field_errors.py)
    "not-text": _("must be text"),
    "blank": _("must not be blank"),
    "not-uuid": _("must be a UUID"),
    "not-whole-number": _("must be a whole number"),
    "not-number": _("must be a number"),
    "not-finite": _("must be a finite number"),
    "not-boolean": _("must be true or false"),
    "not-object": _("must be an object"),
    "not-list": _("must be a list"),
    "not-text-list": _("must be a list of text"),
    "required": _("is required"),
    "unknown-field": _("is not an allowed field"),
    "not-a-choice": _("must be one of %(choices)s"),
    "out-of-range": _("must be between %(low)s and %(high)s"),
    "too-long": _("must be at most %(count)s characters"),
    "too-many-tags": _("must be at most %(count)s tags"),
    "reordering-characters": _("must not contain characters that reorder text"),
    "invisible-characters": _("must not contain invisible characters"),
    "not-notes-field": _("is not a notes field"),
    "not-week-copy": _("must be a copy of the source week with new ids"),
    "athlete-required": _("a personal program needs its athlete"),
    "athlete-not-allowed": _("a template has no athlete"),
    "not-fork-source": _("must be {program_id, version}"),
    "not-prescription": _("must be a prescription"),
    "unknown-exercise": _("No such exercise."),
    "archived-exercise": _("This exercise is archived; choose another."),
    "not-prescription-field": _("is not a prescription field"),
    "no-amount": _("give reps, duration_s or distance_m"),
    "not-reps": _('must be {"min", "max"} or "amrap"'),
    "below-minimum": _("must not be below %(minimum)s"),
    "out-of-range-from": _("must be at least %(low)s and at most %(high)s"),
    "out-of-range-above": _("must be greater than %(low)s and at most %(high)s"),
    "rpe-and-rir": _("give rpe or rir, not both"),
    "no-effort": _("give rpe or rir"),
    "not-rpe-step": _("must be 1 to 10 in steps of 0.5"),
    "not-tempo": _("must be four digits or X, e.g. 30X1"),
    "not-language-code": _("must be a language code such as 'en' or 'de'"),
    "too-many-aliases": _("must be at most %(count)s aliases"),
    "too-many-languages": _("must be at most %(count)s languages"),
    "english-name-missing": _("an English name is required"),
    "alias-without-name": _("has no name in this language"),
    "not-names-object": _("must be an object of names by language"),
    "not-aliases-object": _("must be an object of alias lists by language"),
    "repeated-primary-muscle": _("must not repeat a primary muscle"),
    "not-classification-field": _("is not a classification field"),
    "owner-required": _("a coach's exercise needs its owner"),
    "owner-not-allowed": _("a system exercise has no owner"),
    "not-plain-url": _("must be a plain URL: no spaces, backslashes or non-ASCII"),
    "not-url": _("is not a valid URL"),
    "not-https": _("must be an https link"),
    "has-credentials": _("must not contain a user name or password"),
    "no-host": _("must name a host"),
    "ip-address-host": _("must name a host, not an IP address"),
    "has-port": _("must not name a port"),
    "host-not-allowed": _("must link to YouTube, Vimeo or another allowed video host"),
    "dot-segments": _("must not contain '.' or '..' path segments"),
    "not-youtube-video": _("is not a link to one YouTube video"),
    "not-vimeo-video": _("is not a link to one Vimeo video"),
    "not-a-video": _("must link to a video, not to the site"),
    "not-terms-version": _("must be a terms version such as '2026-01'"),
    "not-a-date": _("must be a date such as 2026-12-01"),
    "unpublished-terms": _("is not a published version of the terms"),
    "not-your-link": _("is not a link of yours"),
    "not-your-program": _("is not a program of yours"),
    "unpublished-version": _("is not a published version of the program"),
    "no-programming-consent": _("is not an athlete who allows you programming"),
    # Programs
    "program-not-found": _("no program with id %(id)s"),
    "no-such-version": _("the program has no version %(version)s"),
    "not-yet-created": _("the program did not exist at %(moment)s"),
    "unknown-child": _("this program has no %(level)s with id %(id)s"),
    "unknown-version": _("this program has no published version %(number)s"),
    "duplicate-id": _("id %(id)s is already used in this program"),
    "id-taken": _("id %(id)s is already in use"),
    "position-out-of-range": _("position %(position)s is out of range; allowed: %(allowed)s"),
    "rest-day-has-groups": _("day %(id)s is a rest day and cannot hold exercises"),
    "program-archived": _("the program is archived; restore it before changing it"),
    "program-not-archived": _("the program is not archived"),
    "not-publishable": _("the program cannot be published: %(reason)s"),
    "limit-exceeded": _("at most %(limit)s %(what)s"),
    "stale-version": _("It changed since you read it; reload it and apply your step again."),
    "missing-actor": _("no one is named as acting, so nothing was recorded"),
    # The exercise library
    "exercise-not-found": _("no exercise with id %(id)s"),
    "unknown-translation": _("this exercise has no name in %(locale)s"),
    "unknown-media": _("this exercise has no media link with id %(id)s"),
    "exercise-archived": _("the exercise is archived"),
    "exercise-merged": _("the exercise was merged into %(id)s"),
    "english-name-required": _("the English name cannot be removed"),
    "duplicate-media": _("the exercise already has %(what)s"),
    "merge-refused": _("the exercise cannot be merged: %(reason)s"),
    # Accounts and personal data
    "unknown-user": _("no user with id %(id)s"),
    "person-not-found": _("no user with id %(id)s"),
    "last-admin": _("the last admin cannot give up the admin role"),
    "account-erased": _("this person's data was erased"),
    "person-erased": _("this person's data was erased"),
    # Coaching
    "unknown-link": _("no coaching link with id %(id)s"),
    "unknown-assignment": _("no assignment with id %(id)s"),
    "link-state": _("a link that is %(status)s cannot be %(step)s"),
    "assignment-state": _("the assignment is cancelled"),
    "not-newer-version": _("upgrade to a published version after %(current)s"),
    "consent-required": _("the athlete has not consented to programming"),
    "own-invitation": _("a coach cannot accept their own invitation"),
    "not-a-party": _("only the coach or the athlete of a link ends it"),
    "athlete-only": _("only the athlete gives or withdraws consent"),
    "not-an-athlete": _("only athletes accept a coach's invitation"),
    "already-linked": _("you already have an active link with this coach"),
    "personal-program-elsewhere": _("a personal program is assigned only to its own athlete"),
    "too-many-entries": _("a program holds at most %(limit)s entries"),
    "program-too-large": _("a program's document holds at most %(limit)s bytes"),
}

# The words the errors' params may take, so "at most 10 media links an exercise" reads in
# German too. Some carry the words around them that only they decide ("keinen Tag").
WORDS: dict[str, Any] = {
    # What a program has none of (UnknownChildError).
    "week": pgettext_lazy("program has no", "week"),
    "day": pgettext_lazy("program has no", "day"),
    "group": pgettext_lazy("program has no", "group"),
    "entry": pgettext_lazy("program has no", "entry"),
    "child": pgettext_lazy("program has no", "child"),
    "no position (the parent is full)": pgettext_lazy(
        "position", "no position (the parent is full)"
    ),
    # Why a program cannot be published.
    "it has no weeks": pgettext_lazy("not publishable", "it has no weeks"),
    "day %(day)s%(title)s of week %(week)s has no exercises (day id %(id)s)": pgettext_lazy(
        "not publishable", "day %(day)s%(title)s of week %(week)s has no exercises (day id %(id)s)"
    ),
    # The limits.
    "weeks in a program": pgettext_lazy("limit", "weeks in a program"),
    "days a week": pgettext_lazy("limit", "days a week"),
    "groups a day": pgettext_lazy("limit", "groups a day"),
    "entries a group": pgettext_lazy("limit", "entries a group"),
    "languages": pgettext_lazy("limit", "languages"),
    "media links an exercise": pgettext_lazy("limit", "media links an exercise"),
    # What an exercise already has, and why it cannot be merged.
    "a link to this video": pgettext_lazy("already has", "a link to this video"),
    "a media link with id %(id)s": pgettext_lazy("already has", "a media link with id %(id)s"),
    "an exercise cannot be merged into itself": pgettext_lazy(
        "merge", "an exercise cannot be merged into itself"
    ),
    "the target is archived or merged itself": pgettext_lazy(
        "merge", "the target is archived or merged itself"
    ),
    "the target is not visible to everyone who uses this one": pgettext_lazy(
        "merge", "the target is not visible to everyone who uses this one"
    ),
    # The states and steps of a coaching link.
    "invited": pgettext_lazy("link", "invited"),
    "active": pgettext_lazy("link", "active"),
    "ended": pgettext_lazy("link", "ended"),
    "accepted": pgettext_lazy("link", "accepted"),
    "declined": pgettext_lazy("link", "declined"),
    "given consent": pgettext_lazy("link", "given consent"),
    "used to assign programs": pgettext_lazy("link", "used to assign programs"),
}

# A stale edit of these kinds says what changed; of the others, "it".
_STALE: dict[str, Any] = {
    "program": _("The program changed since you read it; reload it and apply your edit again."),
    "exercise": _("The exercise changed since you read it; reload it and apply your edit again."),
}


def message(error: BuilderError) -> str:
    """The error's message in the active language, its params and words filled in."""
    template = MESSAGES.get(error.code)
    if template is None:  # a code added without its message: English rather than nothing
        logger.warning("no message for the error code %s", error.code)
        return error.message
    return error.filled(str(template), lambda word: str(WORDS.get(word, word)))


def stale_message(error: StaleVersion) -> str:
    """What a stale edit of the error's kind tells the caller, in the active language."""
    return str(_STALE.get(error.kind) or message(error))
