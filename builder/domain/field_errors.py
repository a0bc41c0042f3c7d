"""The codes of InvalidValue, each with its message in English as a `%(name)s` template.

A code names what is wrong with a value whatever the field; the API shows each code's message
in the reader's language, so a code is added here before any InvalidValue raises it.
"""

from __future__ import annotations

FIELD_ERRORS: dict[str, str] = {
    # Plain values
    "not-text": "must be text",
    "blank": "must not be blank",
    "not-uuid": "must be a UUID",
    "not-whole-number": "must be a whole number",
    "not-number": "must be a number",
    "not-finite": "must be a finite number",
    "not-boolean": "must be true or false",
    "not-object": "must be an object",
    "not-list": "must be a list",
    "not-text-list": "must be a list of text",
    "required": "is required",
    "unknown-field": "is not an allowed field",
    "not-a-choice": "must be one of %(choices)s",
    "out-of-range": "must be between %(low)s and %(high)s",
    "too-long": "must be at most %(count)s characters",
    "too-many-tags": "must be at most %(count)s tags",
    "reordering-characters": "must not contain characters that reorder text",
    "invisible-characters": "must not contain invisible characters",
    "not-notes-field": "is not a notes field",
    # Programs
    "not-week-copy": "must be a copy of the source week with new ids",
    "athlete-required": "a personal program needs its athlete",
    "athlete-not-allowed": "a template has no athlete",
    "not-fork-source": "must be {program_id, version}",
    "not-prescription": "must be a prescription",
    "unknown-exercise": "no such exercise",
    "archived-exercise": "this exercise is archived; choose another",
    # Prescriptions
    "not-prescription-field": "is not a prescription field",
    "no-amount": "give reps, duration_s or distance_m",
    "not-reps": 'must be {"min", "max"} or "amrap"',
    "below-minimum": "must not be below %(minimum)s",
    "out-of-range-from": "must be at least %(low)s and at most %(high)s",
    "out-of-range-above": "must be greater than %(low)s and at most %(high)s",
    "rpe-and-rir": "give rpe or rir, not both",
    "no-effort": "give rpe or rir",
    "not-rpe-step": "must be 1 to 10 in steps of 0.5",
    "not-tempo": "must be four digits or X, e.g. 30X1",
    # The exercise library
    "not-language-code": "must be a language code such as 'en' or 'de'",
    "too-many-aliases": "must be at most %(count)s aliases",
    "too-many-languages": "must be at most %(count)s languages",
    "english-name-missing": "an English name is required",
    "alias-without-name": "has no name in this language",
    "not-names-object": "must be an object of names by language",
    "not-aliases-object": "must be an object of alias lists by language",
    "repeated-primary-muscle": "must not repeat a primary muscle",
    "not-classification-field": "is not a classification field",
    "owner-required": "a coach's exercise needs its owner",
    "owner-not-allowed": "a system exercise has no owner",
    # Video links
    "not-plain-url": "must be a plain URL: no spaces, backslashes or non-ASCII",
    "not-url": "is not a valid URL",
    "not-https": "must be an https link",
    "has-credentials": "must not contain a user name or password",
    "no-host": "must name a host",
    "ip-address-host": "must name a host, not an IP address",
    "has-port": "must not name a port",
    "host-not-allowed": "must link to YouTube, Vimeo or another allowed video host",
    "dot-segments": "must not contain '.' or '..' path segments",
    "not-youtube-video": "is not a link to one YouTube video",
    "not-vimeo-video": "is not a link to one Vimeo video",
    "not-a-video": "must link to a video, not to the site",
    # Coaching
    "not-terms-version": "must be a terms version such as '2026-01'",
    "not-a-date": "must be a date such as 2026-12-01",
    "unpublished-terms": "is not a published version of the terms",
    "not-your-link": "is not a link of yours",
    "not-your-program": "is not a program of yours",
    "unpublished-version": "is not a published version of the program",
    "no-programming-consent": "is not an athlete who allows you programming",
}
