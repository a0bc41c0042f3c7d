"""Commands start from the program as this process last committed it, never from a rolled-back
or outdated one."""

from __future__ import annotations

import uuid

import pytest
from django.conf import settings
from django.db import transaction

from builder.domain import Actor
from builder.wiring import WiredProgramBuilder, builder
from projections.queries import programs as program_queries

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def actor(coach) -> Actor:
    return Actor(user_id=coach.id, correlation_id="cache")


def a_program(app, actor) -> uuid.UUID:
    program_id = uuid.uuid4()
    app.create_program(actor=actor, program_id=program_id, title="Cached")
    return program_id


def add_week(app, actor, program_id, version: int, label: str) -> int:
    saved = app.add_week(
        program_id,
        actor=actor,
        expected_version=version,
        week_id=uuid.uuid4(),
        position=0,
        label=label,
    )
    return saved.aggregate.version


class RolledBack(Exception):
    """Raised to roll a transaction back."""


def test_a_committed_command_leaves_its_program_in_the_cache(actor):
    app = builder()
    program_id = a_program(app, actor)

    add_week(app, actor, program_id, 1, "One")

    cached = app.programs.take(program_id)
    assert cached is not None and cached.version == 2
    app.programs.put(cached)


def test_a_rolled_back_command_leaves_no_trace(actor):
    app = builder()
    program_id = a_program(app, actor)
    add_week(app, actor, program_id, 1, "Kept")

    with pytest.raises(RolledBack), transaction.atomic():
        add_week(app, actor, program_id, 2, "Rolled back")
        raise RolledBack

    version = add_week(app, actor, program_id, 2, "After")
    labels = [w["label"] for w in program_queries.program_document(program_id).document["weeks"]]
    assert version == 3
    assert labels == ["After", "Kept"]


def test_a_cached_program_catches_up_with_other_processes(actor):
    here = builder()
    elsewhere = WiredProgramBuilder(env=dict(settings.EVENTSTORE))
    program_id = a_program(here, actor)
    add_week(here, actor, program_id, 1, "Here")

    add_week(elsewhere, actor, program_id, 2, "Elsewhere")
    version = add_week(here, actor, program_id, 3, "Here again")

    program = elsewhere.repository.get(program_id)
    assert version == program.version == 4
    assert [w.label for w in program.weeks] == ["Here again", "Elsewhere", "Here"]
