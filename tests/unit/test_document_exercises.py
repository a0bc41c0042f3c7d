"""A program document's entries get their exercise by splicing JSON text: the result is the
document the entries would give if each were decoded and its members set one by one."""

from __future__ import annotations

import copy
import json
import uuid

import orjson
from hypothesis import given
from hypothesis import strategies as st

from builder.api.presenters.program_exercises import with_exercises

# Names and notes that look like the members the splice looks for, escapes and separators.
tricky = st.sampled_from(
    [
        '"exercise_name":"x"',
        '","exercise_id":"',
        "back\\slash\\",
        'quote"',
        "line\u2028separator",
        "Bankdrücken 💪",
        "",
    ]
)
text = tricky | st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
KNOWN = [str(uuid.UUID(int=n)) for n in range(1, 4)]
UNKNOWN = str(uuid.UUID(int=99))


def displays(ids: set[str]) -> dict[str, dict]:
    """The catalogue's view: three known exercises, named by their number."""
    return {
        exercise_id: {
            "id": exercise_id,
            "name": f'Übung {exercise_id[-1]} "{exercise_id[-1]}"',
            "name_language": "de",
            "status": "active",
            "merged_from": None,
            "video": None,
        }
        for exercise_id in ids
        if exercise_id in KNOWN
    }


entries = st.builds(
    lambda exercise_id, name, notes: {
        "id": str(uuid.uuid4()),
        "exercise_id": exercise_id,
        "exercise_name": name,
        "prescription": {"sets": 3, "reps": {"min": 5, "max": 5}, "tempo": None},
        "notes": notes,
        "position": 0,
    },
    st.sampled_from([*KNOWN, UNKNOWN]),
    text,
    text,
)
groups = st.builds(
    lambda label, e: {"label": label, "entries": e}, text, st.lists(entries, max_size=4)
)
days = st.builds(lambda title, g: {"title": title, "groups": g}, text, st.lists(groups, max_size=3))
weeks = st.lists(
    st.builds(lambda label, d: {"label": label, "days": d}, text, st.lists(days, max_size=3)),
    max_size=3,
)


def presented_one_by_one(document: list[dict]) -> list[dict]:
    """How the read used to present entries: decode, then set two members on each."""
    document = copy.deepcopy(document)
    shown = displays({e["exercise_id"] for e in _entries(document)})
    for entry in _entries(document):
        display = shown.get(entry["exercise_id"]) or {
            "id": entry["exercise_id"],
            "name": entry["exercise_name"],
            "name_language": "en",
            "status": "unknown",
            "merged_from": None,
            "video": None,
        }
        entry["exercise"] = display
        entry["exercise_name"] = display["name"]
    return document


def _entries(document: list[dict]):
    for week in document:
        for day in week["days"]:
            for group in day["groups"]:
                yield from group["entries"]


def jsonb_like(value):
    """Members in jsonb's order (shorter keys first), as rows split by migration 0006 are."""
    if isinstance(value, dict):
        return {k: jsonb_like(value[k]) for k in sorted(value, key=lambda k: (len(k), k))}
    if isinstance(value, list):
        return [jsonb_like(item) for item in value]
    return value


@given(weeks)
def test_entries_as_the_projection_writes_them(document):
    written = json.dumps(document, separators=(",", ":"))

    assert json.loads(with_exercises(written, displays)) == presented_one_by_one(document)


@given(weeks)
def test_entries_as_postgresql_writes_jsonb_text(document):
    written = json.dumps(jsonb_like(document), ensure_ascii=False)  # ", " and ": " apart

    assert json.loads(with_exercises(written, displays)) == presented_one_by_one(document)


@given(weeks)
def test_entries_as_orjson_writes_them(document):
    written = orjson.dumps(document).decode()

    assert json.loads(with_exercises(written, displays)) == presented_one_by_one(document)


def test_an_entry_whose_exercise_is_unknown_keeps_the_name_it_recorded():
    document = [
        {
            "days": [
                {"groups": [{"entries": [{"exercise_id": UNKNOWN, "exercise_name": 'Old "name"'}]}]}
            ]
        }
    ]

    [entry] = _entries(json.loads(with_exercises(json.dumps(document), displays)))

    assert entry["exercise_name"] == entry["exercise"]["name"] == 'Old "name"'
    assert entry["exercise"]["status"] == "unknown"
