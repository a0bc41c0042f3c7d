"""F5: rebuilding a projection while writes continue: no errors, readers switched over at once,
and the rebuilt tables hold what a replay from zero says."""

from __future__ import annotations

import json
import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from builder.wiring import builder
from projections import status
from projections.models import ProgramDocument, ProgramSummary
from projections.program_document import render
from projections.queries import programs as program_queries
from tests.reliability.workers import WorkerProcess, eventually
from tests.workload import Editor, edit_programs, usage_from_documents, usage_from_projection

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


class Writers:
    """Threads editing programs through the application until stopped; errors are kept."""

    def __init__(self, owner_id, count: int = 2) -> None:
        self.stopping = threading.Event()
        self.errors: list[BaseException] = []
        self.commands = 0
        self.threads = [
            threading.Thread(target=self._write, args=(owner_id, seed)) for seed in range(count)
        ]

    def __enter__(self) -> Writers:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join()

    def _write(self, owner_id, seed: int) -> None:
        editor = Editor(owner_id, seed=100 + seed)
        try:
            while not self.stopping.is_set():
                editor.edit()
                self.commands += 1
        except BaseException as error:
            self.errors.append(error)
        finally:
            connection.close()


def index_names(*tables: str) -> set[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename, indexname FROM pg_indexes WHERE schemaname = 'public'"
            " AND tablename = ANY(%s)",
            [list(tables)],
        )
        return set(cursor.fetchall())


def documents_differing_from_a_replay() -> list[str]:
    """Programs whose document or summary is not what replaying their events renders."""
    versions = dict(ProgramSummary.objects.values_list("program_id", "version"))
    app = builder()
    differing = []
    for program_id in ProgramDocument.objects.values_list("program_id", flat=True):
        row = program_queries.program_document(program_id)
        replayed = json.loads(json.dumps(render(app.repository.get(program_id))))
        if row.document != replayed or versions[program_id] != row.version:
            differing.append(str(program_id))
    return differing


def rebuild(name: str) -> str:
    out = StringIO()
    call_command("rebuild_projections", name, stdout=out)
    return out.getvalue()


def test_program_documents_rebuilt_while_coaches_edit(coach):
    edit_programs(coach.id, commands=300, seed=7)
    tables = (
        "projections_program_document",
        "projections_program_week",
        "projections_program_summary",
    )
    indexes = index_names(*tables, "projections_published_version")

    with Writers(coach.id) as writers:
        eventually(lambda: writers.commands > 20, what="writes under way")
        report = rebuild("program_document")
        during = writers.commands
        eventually(lambda: writers.commands > during + 20 or writers.errors, what="more writes")

    assert writers.errors == []
    assert "readers switched over" in report and "events/s" in report
    assert documents_differing_from_a_replay() == []
    assert index_names(*tables, "projections_published_version") == indexes


def test_the_exercise_usage_rebuilt_while_the_worker_and_coaches_write(coach, tmp_path):
    edit_programs(coach.id, commands=300, seed=8)
    worker = WorkerProcess(tmp_path)
    indexes = index_names("projections_usage_node")
    try:
        with Writers(coach.id) as writers:
            eventually(lambda: writers.commands > 20, what="writes under way")
            rebuild("exercise_usage")
            during = writers.commands
            eventually(lambda: writers.commands > during + 20 or writers.errors, what="more writes")
        last = builder().recorder.max_notification_id()
        eventually(lambda: status.reached("exercise_usage", last), what=f"position {last}")

        assert writers.errors == []
        assert usage_from_projection() == usage_from_documents()
        assert index_names("projections_usage_node") == indexes
    finally:
        worker.terminate()
