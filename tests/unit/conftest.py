"""Unit tests run as a known coach, and can store events through the library's JSON mapper."""

from __future__ import annotations

from collections.abc import Iterator
from uuid import UUID

import pytest
from eventsourcing.persistence import Mapper

from builder.domain import Actor, acting
from tests.unit.examples import OWNER
from tests.unit.stored import json_mapper

COACH = Actor(user_id=OWNER, correlation_id="req-unit-test")


@pytest.fixture(autouse=True)
def actor() -> Iterator[Actor]:
    with acting(COACH):
        yield COACH


@pytest.fixture
def mapper() -> Mapper[UUID]:
    return json_mapper()
