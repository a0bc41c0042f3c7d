"""G9: a person's export and erasure give the same result in a log ten times larger, and read as
many stored events there: their own, found through the index of persons, never the whole log."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection

from builder.domain import Actor, Program, account_id, acting
from builder.models import User
from builder.services import privacy
from builder.wiring import builder
from eventstore.persons import SUBJECTS_TABLE, select_naming_statement
from eventstore.recorders import EVENTS_TABLE
from projections.queries import programs as program_queries
from tests.histories import a_coach_with_a_history

pytestmark = pytest.mark.django_db

OTHERS = 300  # events of other people in the smaller log
EDITS = 49  # per program of someone else, after its creation
TABLES = (EVENTS_TABLE, SUBJECTS_TABLE)
SEARCH = select_naming_statement(EVENTS_TABLE, SUBJECTS_TABLE)


def other_peoples_events(make_user, count: int) -> None:
    """`count` events of programs another coach writes: they name that coach only."""
    app, author = builder(), make_user("other")
    for _ in range(count // (EDITS + 1)):
        with acting(Actor(user_id=author.id, correlation_id="others")):
            program = Program.create(program_id=uuid.uuid4(), owner_id=author.id, title="Block")
            for edit in range(EDITS):
                program.rename(f"Block {edit}")
        app.save(program)


def rows_read(action: Callable[[], Any]) -> tuple[Any, dict[str, tuple[int, int]]]:
    """The action's result, and per table (sequential scans, rows read) while it ran."""
    before = _table_reads()
    result = action()
    after = _table_reads()
    return result, {t: (after[t][0] - before[t][0], after[t][1] - before[t][1]) for t in TABLES}


def _table_reads() -> dict[str, tuple[int, int]]:
    # This transaction's own counts, up to date after each statement.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, seq_scan, seq_tup_read + coalesce(idx_tup_fetch, 0)"
            " FROM pg_stat_xact_user_tables WHERE relname = ANY(%s)",
            [list(TABLES)],
        )
        found = {name: (scans, rows) for name, scans, rows in cursor.fetchall()}
    return {table: found.get(table, (0, 0)) for table in TABLES}


def entries_read_by_the_search(person: User) -> dict[str, int]:
    """Per node type of the export's search, the rows and index entries it read of the log."""
    own = [row.program_id for row in program_queries.programs_of_person(person.id)]
    params = {"persons": [person.id], "streams": [account_id(person.id)], "excluding": own}
    with connection.cursor() as cursor:
        cursor.execute(
            f"EXPLAIN (ANALYZE, FORMAT JSON) {SEARCH}", {**params, "gt": 0, "limit": 1000}
        )
        [[plan]] = cursor.fetchone()
    read: dict[str, int] = {}
    for node in _nodes(plan["Plan"]):
        if _reads_the_log(node):
            kind = node["Node Type"]
            read[kind] = read.get(kind, 0) + node["Actual Rows"] * node["Actual Loops"]
    return read


def _nodes(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for child in node.get("Plans", ()):
        yield from _nodes(child)


def _reads_the_log(node: dict[str, Any]) -> bool:
    index = node.get("Index Name", "")
    return node.get("Relation Name") == EVENTS_TABLE or index.startswith(f"{EVENTS_TABLE}_")


def export_of(person: User) -> dict[str, Any]:
    document = json.loads("".join(privacy.export_person(person.id)))
    document.pop("exported_at")
    return document


def titles_of(person: User) -> set[str]:
    rows = program_queries.programs_of_person(person.id)
    return {program_queries.program_document(row.program_id).document["title"] for row in rows}


def test_an_export_in_a_log_ten_times_larger_is_the_same_and_reads_as_many_events(
    make_user, admin, exercises
):
    person = a_coach_with_a_history(make_user, admin, exercises["Back Squat"])
    other_peoples_events(make_user, OTHERS)
    first, first_reads = rows_read(lambda: export_of(person))
    first_search = entries_read_by_the_search(person)

    other_peoples_events(make_user, 9 * OTHERS)
    second, second_reads = rows_read(lambda: export_of(person))
    second_search = entries_read_by_the_search(person)

    assert second == first
    assert second_reads == first_reads
    assert first_reads[EVENTS_TABLE][0] == 0, "a sequential scan of the log"
    assert second_search == first_search
    assert "Seq Scan" not in first_search


def test_an_erasure_in_a_log_ten_times_larger_does_the_same_and_reads_as_many_events(
    make_user, admin, exercises
):
    actor = Actor(user_id=admin.id, correlation_id="erasure")
    one = a_coach_with_a_history(make_user, admin, exercises["Back Squat"])
    another = a_coach_with_a_history(make_user, admin, exercises["Back Squat"])
    other_peoples_events(make_user, OTHERS)
    first, first_reads = rows_read(lambda: privacy.erase_person(one.id, actor=actor))

    other_peoples_events(make_user, 9 * OTHERS)
    second, second_reads = rows_read(lambda: privacy.erase_person(another.id, actor=actor))

    assert second.streams == first.streams
    assert second_reads == first_reads
    assert first_reads[EVENTS_TABLE][0] == 0, "a sequential scan of the log"
    # The program about their athlete is the athlete's text: it stays.
    assert titles_of(one) == titles_of(another) == {"[erased]", "For the athlete"}
