"""C5: four editors send random commands to one program at once over HTTP, retrying on 412.

Every acknowledged command is one version: versions are contiguous, the read model equals the
program replayed from its events, and nothing answers 5xx."""

from __future__ import annotations

import random
import threading
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from rest_framework.authtoken.models import Token

from tests.reliability.served import Server

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

EDITORS = 4
COMMANDS_EACH = 12
ATTEMPTS_EACH = 80
Rx = {"sets": 3, "reps": {"min": 5, "max": 8}}


def children(document: dict, level: str) -> list[dict]:
    weeks = document["weeks"]
    days = [d for w in weeks for d in w["days"]]
    groups = [g for d in days for g in d["groups"]]
    entries = [e for g in groups for e in g["entries"]]
    return {"week": weeks, "day": days, "group": groups, "entry": entries}[level]


def a_command(rng: random.Random, document: dict, exercises: list[str]):
    """A (method, path, body) that the program's rules may accept, chosen at random."""
    weeks, days = children(document, "week"), children(document, "day")
    groups, entries = children(document, "group"), children(document, "entry")
    new = str(uuid.uuid4())
    options = [
        ("PATCH", "", {"title": f"Block {rng.randrange(1000)}"}),
        ("POST", "weeks/", {"week_id": new, "position": rng.randint(0, len(weeks))}),
    ]
    if weeks:
        week = rng.choice(weeks)
        options += [
            ("POST", "days/", {"week_id": week["id"], "day_id": new, "position": 0}),
            ("POST", f"weeks/{week['id']}/move/", {"position": rng.randrange(len(weeks))}),
            ("POST", f"weeks/{week['id']}/duplicate/", {"week_id": new, "position": 0}),
            ("DELETE", f"weeks/{week['id']}/", None),
        ]
    if days:
        day, week = rng.choice(days), rng.choice(weeks)
        options += [
            ("POST", "groups/", {"day_id": day["id"], "group_id": new, "position": 0}),
            ("POST", f"days/{day['id']}/move/", {"week_id": week["id"], "position": 0}),
            ("PATCH", f"days/{day['id']}/", {"title": f"Day {rng.randrange(100)}"}),
        ]
    if groups:
        group = rng.choice(groups)
        entry = {"group_id": group["id"], "entry_id": new, "position": 0, "prescription": Rx}
        options += [("POST", "entries/", {**entry, "exercise_id": rng.choice(exercises)})]
    if entries:
        entry = rng.choice(entries)
        sets = {"prescription": {**Rx, "sets": rng.randint(1, 10)}}
        options += [
            ("PATCH", f"entries/{entry['id']}/", sets),
            ("DELETE", f"entries/{entry['id']}/", None),
        ]
    return rng.choice(options)


def stored_versions(program: str) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT originator_version FROM eventstore_events WHERE originator_id = %s"
            " ORDER BY notification_id",
            [program],
        )
        return [version for (version,) in cursor.fetchall()]


def editor(server: Server, token: str, program: str, exercises: list[str], seed: int) -> Counter:
    """Applies COMMANDS_EACH commands, reading the program again after each 412."""
    rng, seen, done = random.Random(seed), Counter(), 0
    for _ in range(ATTEMPTS_EACH):
        if done == COMMANDS_EACH:
            break
        read = server.call("GET", f"/api/programs/{program}/", token)
        method, path, body = a_command(rng, read.json(), exercises)
        answer = server.call(
            method,
            f"/api/programs/{program}/{path}",
            token,
            body,
            **{"If-Match": read.headers["etag"]},
        )
        seen[answer.status] += 1
        done += answer.status == 200
    return seen


def test_random_editors_leave_contiguous_versions_and_a_read_model_equal_to_a_replay(
    served, coach, exercises
):
    token = Token.objects.create(user=coach).key
    created = served.call("POST", "/api/programs/", token, {"title": "Shared"})
    program = created.json()["program"]["id"]
    ids = [str(e) for e in exercises.values()]

    start = threading.Barrier(EDITORS)

    def run(seed: int) -> Counter:
        start.wait()
        return editor(served, token, program, ids, seed)

    with ThreadPoolExecutor(EDITORS) as pool:
        statuses = sum(pool.map(run, range(EDITORS)), Counter())
    document = served.call("GET", f"/api/programs/{program}/", token).json()
    replayed = served.call(
        "GET", f"/api/programs/{program}/state/?version={document['version']}", token
    ).json()
    listed = served.call("GET", "/api/programs/", token).json()["results"]

    assert set(statuses) <= {200, 409, 412}, statuses
    assert statuses[200] == EDITORS * COMMANDS_EACH, statuses
    assert statuses[412] > 0, "the editors never raced; the test proves nothing"
    assert stored_versions(program) == list(range(1, document["version"] + 1))
    assert document["version"] == 1 + statuses[200]
    assert document == replayed
    assert [p["version"] for p in listed if p["id"] == program] == [document["version"]]
