"""The demo seed builds a real starter library through the application, once."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from builder.api.json_codec import JSONRenderer
from builder.api.presenters.programs import presented_program
from builder.management.commands.seed_demo import DEMO_PROGRAM_ID, demo_id
from builder.models import User
from builder.wiring import library
from projections.models import CatalogueExercise
from projections.queries import coaching as coaching_queries
from projections.queries import programs as program_queries

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_the_seed_makes_sixty_exercises_in_two_languages_with_history_once():
    seed()
    positions = library().recorder.max_notification_id()

    again = seed()

    rows = CatalogueExercise.objects.all()
    assert rows.count() >= 60
    assert all({"en", "de"} <= set(row.names) for row in rows)
    assert rows.filter(has_video=True).count() >= 3
    assert rows.filter(scope="system").count() == rows.count()
    assert "(0 new)" in again
    assert library().recorder.max_notification_id() == positions
    squat = CatalogueExercise.objects.get(id=demo_id("exercise:Back Squat"))
    assert squat.names["de"] == "Kniebeuge"
    assert squat.primary_media["embed_url"].startswith("https://www.youtube-nocookie.com/embed/")


def test_the_demo_program_refers_to_exercises_of_the_library():
    seed()

    document = program_queries.program_document(DEMO_PROGRAM_ID).document
    shown = json.loads(JSONRenderer().render(presented_program(document, "de")))

    entries = [
        entry
        for week in shown["weeks"]
        for day in week["days"]
        for group in day["groups"]
        for entry in group["entries"]
    ]
    assert entries and all(entry["exercise"]["status"] == "active" for entry in entries)
    assert entries[0]["exercise_name"] == "Kniebeuge"


def test_the_demo_coach_has_two_linked_athletes_and_one_follows_the_program():
    seed()
    seed()

    coach = User.objects.get(email="coach@example.com")
    links = coaching_queries.coached_athletes(coach.id)
    assignments = coaching_queries.active_assignments_by_link(link.link_id for link in links)

    assert links.count() == 2
    assert sorted(len(rows) for rows in assignments.values()) == [1]
    (assignment,) = [row for rows in assignments.values() for row in rows]
    assert assignment.program_id == DEMO_PROGRAM_ID
    assert assignment.start_date.weekday() == 0
