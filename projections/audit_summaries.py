"""Human summaries of audit timeline rows, rendered when read, in the active language.

Rows keep facts (the event's change and its context), never sentences, so one row reads in
every language the service speaks. Account summaries name roles only: no personal data.
An event type without a summary here reads as "Recorded <type> (<kind>)".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.formats import localize
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from builder.domain.prescription import KEYS

ARROW = "\N{RIGHTWARDS ARROW}"
NONE = "\N{EN DASH}"  # an absent value
TIMES = "\N{MULTIPLICATION SIGN}"


def summary(kind: str, event_type: str, change: dict[str, Any], context: dict[str, Any]) -> str:
    """One sentence saying what the event did, e.g. "Removed week 3"."""
    render = _SUMMARIES.get((kind, event_type))
    if render is None:
        return _("Recorded %(type)s (%(kind)s)") % {"type": event_type, "kind": kind}
    return render(change, context)


# -- values -------------------------------------------------------------------------------


def _number(value: Any) -> str:
    return localize(value) if isinstance(value, int | float) else str(value)


def _value(value: Any) -> str:
    if value is None or value == "":
        return NONE
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list | tuple):
        return ", ".join(_value(item) for item in value) or NONE
    if isinstance(value, str):
        return f'"{value}"'
    return _number(value)


# A group's kind and a video's host as readers call them: the stored values are codes.
_GROUP_KINDS = {
    "straight": pgettext_lazy("group kind", "straight"),
    "superset": pgettext_lazy("group kind", "superset"),
    "circuit": pgettext_lazy("group kind", "circuit"),
    "emom": pgettext_lazy("group kind", "EMOM"),
    "amrap": pgettext_lazy("group kind", "AMRAP"),
    "interval": pgettext_lazy("group kind", "interval"),
    "warmup": pgettext_lazy("group kind", "warm-up"),
    "cooldown": pgettext_lazy("group kind", "cool-down"),
}
_PROVIDERS = {"youtube": "YouTube", "vimeo": "Vimeo"}


def _group_kind(kind: Any) -> str:
    return str(_GROUP_KINDS.get(kind, kind or NONE))


def _provider(provider: Any) -> str:
    return _PROVIDERS.get(provider, provider or NONE)


def _place(place: dict[str, Any]) -> str:
    if "day" in place:
        return _("week %(week)s, day %(day)s") % place
    if "week" in place:
        return _("week %(week)s") % place
    return _("an unknown place")


def _fields(names: list[str], labels: Callable[[str], str]) -> str:
    return ", ".join(labels(name) for name in names) or _("nothing")


def _roles(roles: list[str]) -> str:
    return ", ".join(roles) or _("no roles")


# -- prescriptions ------------------------------------------------------------------------


def _prescription_label(key: str) -> str:
    labels = {
        "sets": pgettext("prescription", "sets"),
        "reps": pgettext("prescription", "reps"),
        "each_side": pgettext("prescription", "each side"),
        "load": pgettext("prescription", "load"),
        "effort": pgettext("prescription", "effort"),
        "tempo": pgettext("prescription", "tempo"),
        "rest_s": pgettext("prescription", "rest"),
        "duration_s": pgettext("prescription", "duration"),
        "distance_m": pgettext("prescription", "distance"),
        "set_type": pgettext("prescription", "set type"),
    }
    return labels.get(key, key)


def _reps(reps: Any) -> str:
    if reps == "amrap":
        return "AMRAP"
    if isinstance(reps, dict):
        low, high = reps.get("min"), reps.get("max")
        return _number(low) if low == high else f"{_number(low)}{NONE}{_number(high)}"
    return NONE


def _load(load: Any) -> str:
    kind = (load or {}).get("type", "none")
    if kind == "absolute":
        return f"{_number(load['value'])} {load['unit']}"
    if kind == "percent_1rm":
        return f"{_number(load['percent'])} % 1RM"
    if kind == "bodyweight":
        return _("bodyweight + %(added)s") % {"added": _number(load.get("added") or 0)}
    return pgettext("load", "none")


def _effort(effort: Any) -> str:
    if not effort:
        return NONE
    scale, value = next(iter(effort.items()))
    return f"{scale.upper()} {_number(value)}"


def _seconds(value: Any) -> str:
    return NONE if value is None else f"{_number(value)} s"


_PRESCRIPTION_VALUES: dict[str, Callable[[Any], str]] = {
    "reps": _reps,
    "load": _load,
    "effort": _effort,
    "rest_s": _seconds,
    "duration_s": _seconds,
    "distance_m": lambda value: NONE if value is None else f"{_number(value)} m",
    "tempo": lambda value: value or NONE,
    "set_type": lambda value: value or NONE,
}


def _prescription_value(key: str, value: Any) -> str:
    return _PRESCRIPTION_VALUES.get(key, _value)(value)


def prescription_changes(old: dict[str, Any] | None, new: dict[str, Any]) -> str:
    """ "reps 5 → 3, load 75 % 1RM → 80 % 1RM": each field that differs, old and new."""
    if old is None:
        return prescription_text(new)
    # In the prescription's own order: stored JSON does not keep the order of keys.
    keys = [*KEYS, *sorted(set(new) - set(KEYS))]
    parts = [
        f"{_prescription_label(key)} {_prescription_value(key, old.get(key))} {ARROW} "
        f"{_prescription_value(key, new.get(key))}"
        for key in keys
        if old.get(key) != new.get(key)
    ]
    return ", ".join(parts) or _("unchanged")


def prescription_text(rx: dict[str, Any]) -> str:
    """Sets by reps (or time or distance), then the load when there is one: "5 x 5, 75 % 1RM"."""
    if rx.get("reps") is not None:
        work = _reps(rx["reps"])
    elif rx.get("duration_s") is not None:
        work = _seconds(rx["duration_s"])
    else:
        work = _prescription_value("distance_m", rx.get("distance_m"))
    text = f"{_number(rx.get('sets'))} {TIMES} {work}"
    if (rx.get("load") or {}).get("type", "none") != "none":
        text += f", {_load(rx['load'])}"
    return text


# -- programs -----------------------------------------------------------------------------


def _detail_label(key: str) -> str:
    labels = {
        "description": pgettext("program", "description"),
        "goal": pgettext("program", "goal"),
        "level": pgettext("program", "level"),
        "tags": pgettext("program", "tags"),
        "focus": pgettext("program", "focus"),
        "phase": pgettext("program", "phase"),
        "considerations": pgettext("program", "considerations"),
        "notes": pgettext("program", "notes"),
        "label": pgettext("program", "label"),
        "title": pgettext("program", "title"),
        "is_rest": pgettext("program", "rest day"),
        "kind": pgettext("program", "kind"),
        "rounds": pgettext("program", "rounds"),
        "rest_between_rounds_s": pgettext("program", "rest between rounds"),
        "time_cap_s": pgettext("program", "time cap"),
        "interval_s": pgettext("program", "interval"),
    }
    return labels.get(key, key)


def _changes(pairs: dict[str, list[Any]]) -> str:
    """ "label "A" → "B", rounds 3 → 4"."""
    return ", ".join(
        f"{_detail_label(key)} {_shown(key, old)} {ARROW} {_shown(key, new)}"
        for key, (old, new) in pairs.items()
    ) or _("unchanged")


def _shown(key: str, value: Any) -> str:
    """A changed value as readers call it: a group's kind by its name, the rest as stored."""
    return _group_kind(value) if key == "kind" else _value(value)


def _changed_from(previous: dict[str, Any], change: dict[str, Any]) -> str:
    return _changes(
        {key: [old, change.get(key)] for key, old in previous.items() if old != change.get(key)}
    )


def _created(change: dict[str, Any], context: dict[str, Any]) -> str:
    values = {"title": context.get("title", change.get("title", ""))}
    if change.get("forked_from"):
        return _('Created the program "%(title)s" as a copy of another program') % values
    return _('Created the program "%(title)s"') % values


def _group(context: dict[str, Any]) -> str:
    return context.get("group") or NONE


_PROGRAM: dict[str, Callable[[dict[str, Any], dict[str, Any]], str]] = {
    "Created": _created,
    "Renamed": lambda c, x: (
        _('Renamed the program from "%(old)s" to "%(new)s"')
        % {"old": x.get("previous", ""), "new": c["title"]}
    ),
    "DetailsChanged": lambda c, x: (
        _("Changed the program's %(fields)s")
        % {"fields": _fields(x.get("changed", []), _detail_label)}
    ),
    "UnitsChanged": lambda c, x: (
        _("Changed the units from %(old)s to %(new)s")
        % {"old": x.get("previous", NONE), "new": c["units"]}
    ),
    "NotesChanged": lambda c, x: (
        _("Changed the program's notes: %(fields)s")
        % {"fields": _fields(x.get("changed", []), _detail_label)}
    ),
    "WeekAdded": lambda c, x: _("Added week %(week)s") % {"week": c["position"] + 1},
    "WeekChanged": lambda c, x: (
        _("Changed %(place)s: %(changes)s")
        % {"place": _place(x), "changes": _changed_from(x.get("previous", {}), c)}
    ),
    "WeekRemoved": lambda c, x: _("Removed %(place)s") % {"place": _place(x)},
    "WeekMoved": lambda c, x: (
        _("Moved week %(old)s to position %(new)s")
        % {"old": x.get("from", {}).get("week", "?"), "new": c["position"] + 1}
    ),
    "WeekDuplicated": lambda c, x: (
        _("Duplicated week %(old)s as week %(new)s")
        % {"old": x.get("from", {}).get("week", "?"), "new": c["position"] + 1}
    ),
    "DayAdded": lambda c, x: (
        (_("Added a rest day as %(place)s") if c.get("is_rest") else _("Added %(place)s"))
        % {"place": _place(x)}
    ),
    "DayChanged": lambda c, x: (
        _("Changed %(place)s: %(changes)s")
        % {"place": _place(x), "changes": _changed_from(x.get("previous", {}), c)}
    ),
    "DayRemoved": lambda c, x: _("Removed %(place)s") % {"place": _place(x)},
    "DayMoved": lambda c, x: (
        _("Moved %(old)s to %(new)s")
        % {"old": _place(x.get("from", {})), "new": _place(x.get("to", {}))}
    ),
    "GroupAdded": lambda c, x: (
        _("Added group %(group)s (%(kind)s) to %(place)s")
        % {"group": c.get("label") or NONE, "kind": _group_kind(c.get("kind")), "place": _place(x)}
    ),
    "GroupChanged": lambda c, x: (
        _("Changed group %(group)s in %(place)s: %(changes)s")
        % {"group": _group(x), "place": _place(x), "changes": _changes(x.get("changes", {}))}
    ),
    "GroupRemoved": lambda c, x: (
        _("Removed group %(group)s from %(place)s") % {"group": _group(x), "place": _place(x)}
    ),
    "GroupMoved": lambda c, x: (
        _("Moved group %(group)s from %(old)s to %(new)s")
        % {
            "group": _group(x.get("from", {})),
            "old": _place(x.get("from", {})),
            "new": _place(x.get("to", {})),
        }
    ),
    "EntryAdded": lambda c, x: (
        _("Added %(exercise)s to %(place)s: %(prescription)s")
        % {
            "exercise": c["exercise_name"],
            "place": _place(x),
            "prescription": prescription_text(c["prescription"]),
        }
    ),
    "PrescriptionChanged": lambda c, x: (
        _("Changed the prescription of %(exercise)s in %(place)s: %(changes)s")
        % {
            "exercise": x.get("exercise", NONE),
            "place": _place(x),
            "changes": prescription_changes(
                x.get("previous", c.get("previous")), c["prescription"]
            ),
        }
    ),
    "EntryNotesChanged": lambda c, x: (
        _("Changed the notes on %(exercise)s in %(place)s")
        % {"exercise": x.get("exercise", NONE), "place": _place(x)}
    ),
    "ExerciseSwapped": lambda c, x: (
        _("Swapped %(old)s for %(new)s in %(place)s")
        % {"old": x.get("exercise", NONE), "new": c["exercise_name"], "place": _place(x)}
    ),
    "EntryRemoved": lambda c, x: (
        _("Removed %(exercise)s from %(place)s")
        % {"exercise": x.get("exercise", NONE), "place": _place(x)}
    ),
    "EntryMoved": lambda c, x: (
        _("Moved %(exercise)s from %(old)s to %(new)s")
        % {
            "exercise": x.get("from", {}).get("exercise", NONE),
            "old": _place(x.get("from", {})),
            "new": _place(x.get("to", {})),
        }
    ),
    "Published": lambda c, x: _("Published version %(number)s") % {"number": c["number"]},
    "Archived": lambda c, x: _("Archived the program"),
    "Restored": lambda c, x: _("Restored the program"),
}

# -- exercises ----------------------------------------------------------------------------


def _classification_label(key: str) -> str:
    labels = {
        "category": pgettext("exercise", "category"),
        "equipment": pgettext("exercise", "equipment"),
        "primary_muscles": pgettext("exercise", "primary muscles"),
        "secondary_muscles": pgettext("exercise", "secondary muscles"),
        "laterality": pgettext("exercise", "laterality"),
        "tracking": pgettext("exercise", "tracking"),
    }
    return labels.get(key, key)


def _translation_set(change: dict[str, Any], context: dict[str, Any]) -> str:
    values = {
        "exercise": context.get("exercise", NONE),
        "name": change["name"],
        "language": change["locale"],
    }
    if context.get("previous"):
        return _('Renamed %(exercise)s in %(language)s to "%(name)s"') % values
    return _('Named %(exercise)s "%(name)s" in %(language)s') % values


_EXERCISE: dict[str, Callable[[dict[str, Any], dict[str, Any]], str]] = {
    "Created": lambda c, x: (
        _("Created the exercise %(exercise)s") % {"exercise": x.get("exercise", NONE)}
    ),
    "TranslationSet": _translation_set,
    "TranslationRemoved": lambda c, x: (
        _("Removed the %(language)s name of %(exercise)s")
        % {"language": c["locale"], "exercise": x.get("exercise", NONE)}
    ),
    "ClassificationChanged": lambda c, x: (
        _("Changed the classification of %(exercise)s: %(fields)s")
        % {
            "exercise": x.get("exercise", NONE),
            "fields": _fields(x.get("changed", []), _classification_label),
        }
    ),
    "MediaLinked": lambda c, x: (
        _("Linked a %(provider)s video to %(exercise)s")
        % {"provider": _provider(c["media"].get("provider")), "exercise": x.get("exercise", NONE)}
    ),
    "MediaUnlinked": lambda c, x: (
        _("Unlinked a %(provider)s video from %(exercise)s")
        % {"provider": _provider(x.get("provider")), "exercise": x.get("exercise", NONE)}
    ),
    "MediaMadePrimary": lambda c, x: (
        _("Made a %(provider)s video the main one of %(exercise)s")
        % {"provider": _provider(x.get("provider")), "exercise": x.get("exercise", NONE)}
    ),
    "Archived": lambda c, x: (
        _("Archived the exercise %(exercise)s") % {"exercise": x.get("exercise", NONE)}
    ),
    "Merged": lambda c, x: (
        _("Merged %(exercise)s into %(into)s")
        % {"exercise": x.get("exercise", NONE), "into": x.get("into") or NONE}
    ),
}

# -- accounts (roles only: an account's events carry no personal data) --------------------

_ACCOUNT: dict[str, Callable[[dict[str, Any], dict[str, Any]], str]] = {
    "Opened": lambda c, x: (
        _("Opened the account with the roles %(roles)s") % {"roles": _roles(c.get("roles", []))}
    ),
    "RolesChanged": lambda c, x: (
        _("Changed the roles to %(roles)s (granted: %(granted)s; revoked: %(revoked)s)")
        % {
            "roles": _roles(c.get("roles", [])),
            "granted": _roles(c.get("granted", [])),
            "revoked": _roles(c.get("revoked", [])),
        }
    ),
    # Admin actions on a person's data: who and when are the event's actor and time.
    "DataExported": lambda c, x: _("Exported the person's data"),
    "Erased": lambda c, x: (
        _("Erased the person's data (%(streams)s event streams re-rendered)")
        % {"streams": c.get("streams", 0)}
    ),
}

# -- coaching (ids, purposes, versions and dates only) -------------------------------------


def _purpose(name: str) -> str:
    labels = {
        "programming": pgettext("consent", "programming"),
        "schedule": pgettext("consent", "the schedule"),
    }
    return labels.get(name, name)


def _link_ended(change: dict[str, Any], context: dict[str, Any]) -> str:
    by = change.get("ended_by")
    if by == "invitee":
        return _("Declined the invitation")
    if by == "erasure":
        return _("Closed the coaching link because a person's data was erased")
    if by == "coach":
        return _("Ended the coaching link as the coach")
    return _("Ended the coaching link as the athlete")


_LINK: dict[str, Callable[[dict[str, Any], dict[str, Any]], str]] = {
    "Invited": lambda c, x: _("Invited an athlete to a coaching link"),
    "Accepted": lambda c, x: _("Accepted the coaching link"),
    "ConsentGranted": lambda c, x: (
        _("Allowed %(purpose)s under the terms of %(terms)s")
        % {"purpose": _purpose(c["purpose"]), "terms": c["terms_version"]}
    ),
    "ConsentWithdrawn": lambda c, x: (
        _("Withdrew consent to %(purpose)s") % {"purpose": _purpose(c["purpose"])}
    ),
    "Ended": _link_ended,
}

_ASSIGNMENT: dict[str, Callable[[dict[str, Any], dict[str, Any]], str]] = {
    "Assigned": lambda c, x: (
        _("Assigned version %(version)s of a program, starting %(date)s")
        % {"version": c["program_version"], "date": c["start_date"]}
    ),
    "Upgraded": lambda c, x: (
        _("Moved the assignment from version %(old)s to version %(new)s")
        % {"old": c["previous_version"], "new": c["program_version"]}
    ),
    "Cancelled": lambda c, x: _("Cancelled the assignment"),
}

_OPERATIONS: dict[str, Callable[[dict[str, Any], dict[str, Any]], str]] = {
    "Opened": lambda c, x: _("Opened the operations log"),
    "ProjectionRebuilt": lambda c, x: (
        _("Rebuilt the projection %(projection)s up to position %(position)s")
        % {"projection": c["projection"], "position": c["position"]}
    ),
}

_SUMMARIES: dict[tuple[str, str], Callable[[dict[str, Any], dict[str, Any]], str]] = {
    **{("program", name): render for name, render in _PROGRAM.items()},
    **{("exercise", name): render for name, render in _EXERCISE.items()},
    **{("account", name): render for name, render in _ACCOUNT.items()},
    **{("coachinglink", name): render for name, render in _LINK.items()},
    **{("assignment", name): render for name, render in _ASSIGNMENT.items()},
    **{("operations", name): render for name, render in _OPERATIONS.items()},
}
