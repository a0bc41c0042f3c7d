"""The read side of the API: every read of a read model goes through these functions."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import QuerySet

from projections.models import Exercise, ProgramDocument, ProgramSummary, PublishedVersion


def visible_programs(viewer_id: UUID) -> QuerySet[ProgramSummary]:
    """The programs a person may see, newest first (for now: the ones they own)."""
    return ProgramSummary.objects.filter(owner_id=viewer_id).order_by("-updated_at", "program_id")


def filter_programs(
    programs: QuerySet[ProgramSummary], *, status: str | None, kind: str | None, q: str | None
) -> QuerySet[ProgramSummary]:
    if status:
        programs = programs.filter(status=status)
    if kind:
        programs = programs.filter(kind=kind)
    if q:
        programs = programs.filter(title__icontains=q)
    return programs


def visible_program(viewer_id: UUID, program_id: UUID) -> ProgramSummary | None:
    """The program's summary if the viewer may see it, else None (unknown and hidden look alike)."""
    return visible_programs(viewer_id).filter(program_id=program_id).first()


def program_document(program_id: UUID) -> ProgramDocument | None:
    return ProgramDocument.objects.filter(program_id=program_id).first()


def program_version(program_id: UUID) -> int | None:
    return (
        ProgramSummary.objects.filter(program_id=program_id)
        .values_list("version", flat=True)
        .first()
    )


def published_versions(program_id: UUID) -> QuerySet[PublishedVersion]:
    return (
        PublishedVersion.objects.filter(program_id=program_id)
        .order_by("number")
        .only("program_id", "number", "published_at", "published_by")
    )


def published_version(program_id: UUID, number: int) -> PublishedVersion | None:
    return PublishedVersion.objects.filter(program_id=program_id, number=number).first()


def exercise_name(exercise_id: UUID) -> str | None:
    return Exercise.objects.filter(id=exercise_id).values_list("name", flat=True).first()


def exercises() -> QuerySet[Exercise]:
    return Exercise.objects.all()


def as_summary(row: ProgramSummary) -> dict[str, Any]:
    return {
        "id": str(row.program_id),
        "title": row.title,
        "kind": row.kind,
        "status": row.status,
        "tags": row.tags,
        "version": row.version,
        "latest_published": row.latest_published,
        "weeks": row.weeks,
        "entries": row.entries,
        "owner_id": str(row.owner_id),
        "created_at": row.created_at.isoformat(),
        "updated_at": row.updated_at.isoformat(),
    }
