"""Reads of the exercise library: what a person may see, narrowed, with each one's usage."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib.postgres.search import SearchQuery
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce

from projections import exercise_usage, text_search
from projections.models import CatalogueExercise, UsageNode

# The worker projection behind exercises' `usage_count` (reads may wait for it).
EXERCISE_USAGE = exercise_usage.NAME


def visible_exercises(viewer_id: UUID, *, everything: bool = False) -> QuerySet[CatalogueExercise]:
    """The system exercises and the viewer's own; never another coach's (but to auditors)."""
    if everything:
        return _with_usage(CatalogueExercise.objects.all())
    return _with_usage(CatalogueExercise.objects.filter(Q(scope="system") | Q(owner_id=viewer_id)))


def _with_usage(exercises: QuerySet[CatalogueExercise]) -> QuerySet[CatalogueExercise]:
    """Each exercise with `usage_count`: the program entries recording it, or an exercise merged
    into it (programs show those entries as this exercise), from the worker projection."""
    merged_into_it = CatalogueExercise.objects.filter(replaced_by=OuterRef(OuterRef("id")))
    # Two counts added up, each an index scan on the entries' exercise (an OR would scan all).
    own = _count(UsageNode.objects.filter(exercise_id=OuterRef("id")))
    merged = _count(UsageNode.objects.filter(exercise_id__in=merged_into_it.values("id")))
    return exercises.annotate(usage_count=Coalesce(own, 0) + Coalesce(merged, 0))


def _count(rows: QuerySet[Any]) -> Subquery:
    return Subquery(
        rows.order_by().annotate(one=Value(1)).values("one").annotate(n=Count("*")).values("n")
    )


def filter_exercises(
    exercises: QuerySet[CatalogueExercise],
    *,
    language: str,
    q: str | None = None,
    category: str | None = None,
    equipment: str | None = None,
    muscle: str | None = None,
    scope: str | None = None,
    has_video: bool | None = None,
    status: str = "active",
) -> QuerySet[CatalogueExercise]:
    """Narrow the exercises; ordered by their name in `language` (English where missing)."""
    if q is not None:
        query = text_search.tsquery(q)
        if query is None:
            return exercises.none()
        exercises = exercises.filter(
            search=SearchQuery(query, search_type="raw", config=text_search.CONFIG)
        )
    if category:
        exercises = exercises.filter(category=category)
    if equipment:
        exercises = exercises.filter(equipment__contains=[equipment])
    if muscle:
        exercises = exercises.filter(
            Q(primary_muscles__contains=[muscle]) | Q(secondary_muscles__contains=[muscle])
        )
    if scope:
        exercises = exercises.filter(scope=scope)
    if has_video is not None:
        exercises = exercises.filter(has_video=has_video)
    exercises = exercises.filter(status=status)
    shown = Coalesce(KeyTextTransform(language, "names"), "name")
    return exercises.order_by(shown.asc(), "id")


def visible_exercise(
    viewer_id: UUID, exercise_id: UUID, *, everything: bool = False
) -> CatalogueExercise | None:
    """The exercise if the viewer may see it, else None (unknown and hidden look alike)."""
    return visible_exercises(viewer_id, everything=everything).filter(id=exercise_id).first()


def own_exercises(owner_id: UUID) -> QuerySet[CatalogueExercise]:
    """A coach's own exercises, whatever their status (export)."""
    return CatalogueExercise.objects.filter(scope="coach", owner_id=owner_id).order_by(
        "created_at", "id"
    )


def catalogue_exercise(exercise_id: UUID) -> CatalogueExercise | None:
    """The exercise's row whoever asks (for answering a command its caller may run)."""
    return _with_usage(CatalogueExercise.objects.filter(id=exercise_id)).first()


def exercise_version(exercise_id: UUID) -> int | None:
    return (
        CatalogueExercise.objects.filter(id=exercise_id).values_list("version", flat=True).first()
    )


def exercise_for_entry(viewer_id: UUID, exercise_id: UUID) -> CatalogueExercise | None:
    """The exercise a program entry records for `exercise_id`: its replacement when merged.

    None when the viewer may not see it; the caller refuses an archived one.
    """
    row = visible_exercise(viewer_id, exercise_id)
    if row is not None and row.replaced_by is not None:
        row = visible_exercise(viewer_id, row.replaced_by)
    return row


def exercises_and_replacements(ids: set[str]) -> dict[str, CatalogueExercise]:
    """The exercises `ids` and those that replaced them, by id: one query, none for no ids."""
    if not ids:
        return {}
    replacements = CatalogueExercise.objects.filter(id__in=ids, replaced_by__isnull=False)
    return {
        str(row.id): row
        for row in CatalogueExercise.objects.filter(
            Q(id__in=ids) | Q(id__in=replacements.values("replaced_by"))
        ).only("id", "names", "status", "replaced_by", "primary_media")
    }
