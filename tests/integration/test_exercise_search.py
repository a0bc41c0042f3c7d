"""Search over 10,000 exercises uses the full-text index and a fixed number of queries.

The rows are written by the catalogue projection's own row function from aggregates made in
memory (saving 10,000 exercises through the application would only slow the suite down).
"""

from __future__ import annotations

import uuid
from itertools import cycle, islice

import pytest
from django.db import connection
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from builder.domain import Actor, Exercise, acting
from builder.management.starter_library import EXERCISES
from projections import exercise_catalogue
from projections.queries import exercises as exercise_queries

pytestmark = pytest.mark.django_db

ROWS = 10_000
RARE = "Zyklopenkniebeuge"  # in 3 rows


def exercise(n: int, starter, owner) -> Exercise:
    names = {"en": f"{starter.en} variation {n}", "de": f"{starter.de} Variante {n}"}
    if n % 3333 == 0:
        names["de"] = f"{RARE} {n}"
    return Exercise.create(
        exercise_id=uuid.uuid4(),
        scope="coach" if n % 10 == 0 else "system",
        owner_id=owner if n % 10 == 0 else None,
        names=names,
        aliases={"en": list(starter.aliases_en), "de": list(starter.aliases_de)},
        category=starter.category,
        equipment=list(starter.equipment),
        primary_muscles=list(starter.primary),
        secondary_muscles=list(starter.secondary),
    )


@pytest.fixture
def ten_thousand_exercises(admin, coach):
    with acting(Actor(user_id=admin.id, correlation_id="bulk")):
        rows = [
            exercise_catalogue.values(exercise(n, starter, coach.id), position=n)
            for n, starter in enumerate(islice(cycle(EXERCISES), ROWS), start=1)
        ]
    with connection.cursor() as cursor:
        cursor.executemany(exercise_catalogue._UPSERT, rows)
        cursor.execute("ANALYZE projections_exercise_catalogue")


def test_searching_ten_thousand_exercises_uses_the_index_and_three_queries(
    ten_thousand_exercises, coach, django_assert_max_num_queries
):
    """One test, because filling the catalogue takes most of its time."""
    rare = exercise_queries.filter_exercises(
        exercise_queries.visible_exercises(coach.id), language="de", q="zyklop"
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=coach).key}")

    plan = rare.explain()
    with django_assert_max_num_queries(3):  # the token, the count, the page
        response = client.get("/api/exercises/?q=kniebeuge&page_size=50", HTTP_ACCEPT_LANGUAGE="de")

    assert "Bitmap Index Scan on exercise_search" in plan, plan
    assert "Seq Scan" not in plan, plan
    assert rare.count() == 3
    body = response.json()
    assert response.status_code == 200
    assert body["count"] > 1000
    assert [item["name_language"] for item in body["results"]] == ["de"] * 50
    assert all("kniebeuge" in item["name"].lower() for item in body["results"])
