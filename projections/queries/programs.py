"""Reads of programs: summaries, documents as stored or replayed, and published versions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import orjson
from django.contrib.postgres.aggregates import StringAgg
from django.db.models import OuterRef, Q, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Cast, Concat

from builder.domain import Program
from eventstore.collector import paused_collector
from projections.models import ProgramDocument, ProgramSummary, ProgramWeek, PublishedVersion
from projections.program_document import render


def visible_programs(viewer_id: UUID, *, everything: bool = False) -> QuerySet[ProgramSummary]:
    """The programs a person may see, newest first: their own, or all of them for auditors.

    Athletes read the versions assigned to them through their assignments, not here.
    """
    programs = (
        ProgramSummary.objects.all()
        if everything
        else ProgramSummary.objects.filter(owner_id=viewer_id)
    )
    return programs.order_by("-updated_at", "program_id")


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


def visible_program(
    viewer_id: UUID, program_id: UUID, *, everything: bool = False
) -> ProgramSummary | None:
    """The program's summary if the viewer may see it, else None (unknown and hidden look alike)."""
    return visible_programs(viewer_id, everything=everything).filter(program_id=program_id).first()


@dataclass(frozen=True)
class StoredDocument:
    """A program document as the read model holds it: its version, position and content.

    The weeks stay the JSON text the database joined: an API answer splices them into its body
    (the API's `presented_document`) without turning 1.5 MB into Python objects and back.
    """

    version: int
    position: int
    header: dict[str, Any]
    weeks_json: str

    @property
    def document(self) -> dict[str, Any]:
        """The whole document, weeks decoded."""
        with paused_collector():  # see eventstore/collector.py: 150,000 objects on 52 weeks
            return {**self.header, "weeks": orjson.loads(self.weeks_json)}


def visible_program_document(
    viewer_id: UUID, program_id: UUID, *, everything: bool = False
) -> StoredDocument | None:
    """The program's document if the viewer may see it, else None: one query for both."""
    visible = visible_programs(viewer_id, everything=everything).filter(program_id=program_id)
    return _document(
        ProgramDocument.objects.filter(program_id=program_id).filter(
            program_id__in=visible.values("program_id")
        )
    )


# Joins the weeks' rows in one text: no JSON text holds a raw control character.
_SEPARATOR = "\x1e"


def _document(headers: QuerySet[ProgramDocument]) -> StoredDocument | None:
    """The header row with its weeks, in order, joined by the database in the same query."""
    # Each week's position and JSON text, joined in order: the database copies text rather than
    # rendering jsonb (1.5 MB on 52 weeks), and Python splices each position in, which costs a
    # copy where the database's `substr` counts characters.
    weeks = (
        ProgramWeek.objects.filter(program_id=OuterRef("program_id"))
        .order_by()
        .values("program_id")
        .annotate(
            weeks=StringAgg(
                Concat(
                    Cast("position", TextField()),
                    Value(_SEPARATOR),
                    "document",
                    output_field=TextField(),
                ),
                delimiter=_SEPARATOR,
                order_by="position",
            )
        )
        .values("weeks")
    )
    row = (
        headers.annotate(header_text=Cast("document", TextField()), weeks_text=Subquery(weeks))
        .values_list("version", "position", "header_text", "weeks_text")
        .first()
    )
    if row is None:
        return None
    version, position, header, weeks_text = row
    parts = weeks_text.split(_SEPARATOR) if weeks_text else []
    weeks_json = ",".join(
        f'{{"position":{week_position},{week[1:]}'  # the position, then the week's own members
        for week_position, week in zip(parts[0::2], parts[1::2], strict=True)
    )
    return StoredDocument(version, position, orjson.loads(header), f"[{weeks_json}]")


def programs_of_person(person_id: UUID) -> QuerySet[ProgramSummary]:
    """The programs a person owns or that are for them as an athlete (export, erasure)."""
    return ProgramSummary.objects.filter(Q(owner_id=person_id) | Q(athlete_id=person_id)).order_by(
        "created_at", "program_id"
    )


def program_document(program_id: UUID) -> StoredDocument | None:
    return _document(ProgramDocument.objects.filter(program_id=program_id))


def replayed_document(program: Program) -> dict[str, Any]:
    """A program replayed from the event store, in the shape of its program document."""
    return render(program)


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


def program_summary(program_id: UUID) -> ProgramSummary | None:
    """The program's summary whoever asks (for checks a command makes about its caller)."""
    return ProgramSummary.objects.filter(program_id=program_id).first()


def program_titles(program_ids: Iterable[UUID]) -> dict[UUID, str]:
    return dict(
        ProgramSummary.objects.filter(program_id__in=set(program_ids)).values_list(
            "program_id", "title"
        )
    )
