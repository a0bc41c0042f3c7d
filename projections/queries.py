"""The read side of the API: every read of a read model goes through these functions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

import orjson
from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchQuery
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, TextField, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce, Concat

from builder.domain import Program
from builder.domain.operations import OPERATOR
from builder.models import Invitation, User
from eventstore.collector import paused_collector
from projections import audit_timeline, calendar, exercise_usage, status, text_search
from projections.audit_summaries import summary
from projections.models import (
    AssignmentRow,
    AuditEvent,
    CatalogueExercise,
    CoachingLinkRow,
    ProgramDocument,
    ProgramSummary,
    ProgramWeek,
    PublishedVersion,
    UsageNode,
)
from projections.program_document import render
from projections.registry import WORKER_PROJECTIONS
from projections.status import Standing

# The worker projection behind exercises' `usage_count` (reads may wait for it).
EXERCISE_USAGE = exercise_usage.NAME
# The worker projection behind the program history and the audit log.
AUDIT_TIMELINE = audit_timeline.NAME


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


# -- the exercise library ---------------------------------------------------------------------


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


# -- the audit timeline -----------------------------------------------------------------------

ERASED = "[erased]"
OPERATOR_NAME = "[operator]"


def audit_events(
    *,
    stream_id: UUID | None = None,
    stream_kind: str | None = None,
    actor_id: UUID | None = None,
    event_type: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> QuerySet[AuditEvent]:
    """The timeline of every stream, narrowed by the filters given (unordered: pages order it)."""
    events = AuditEvent.objects.all()
    narrowing = {
        "stream_id": stream_id,
        "stream_kind": stream_kind,
        "actor_id": actor_id,
        "event_type": event_type,
        "time__gte": since,
        "time__lt": until,
    }
    return events.filter(**{key: value for key, value in narrowing.items() if value is not None})


def program_timeline(program_id: UUID) -> QuerySet[AuditEvent]:
    return audit_events(stream_id=program_id, stream_kind="program")


def actor_names(actor_ids: set[UUID]) -> dict[UUID, str]:
    """Display names by user id, in one query; erased or deleted people read as "[erased]".

    Erasure keeps a person's row, inactive and without a name, so that ids stay valid.
    """
    people = User.objects.filter(id__in=actor_ids).values_list("id", "display_name", "is_active")
    found = {id_: name for id_, name, active in people if active or name}
    found[OPERATOR] = OPERATOR_NAME  # maintenance run from a shell by no one in particular
    return {actor_id: found.get(actor_id, ERASED) for actor_id in actor_ids}


def event_summary(row: AuditEvent) -> str:
    """The event's one-line summary in the active language."""
    return summary(row.stream_kind, row.event_type, row.change, row.context)


# -- coaching ---------------------------------------------------------------------------------


def program_summary(program_id: UUID) -> ProgramSummary | None:
    """The program's summary whoever asks (for checks a command makes about its caller)."""
    return ProgramSummary.objects.filter(program_id=program_id).first()


def coaching_link(link_id: UUID) -> CoachingLinkRow | None:
    return CoachingLinkRow.objects.filter(link_id=link_id).first()


def active_link(coach_id: UUID, athlete_id: UUID) -> CoachingLinkRow | None:
    """The active link between this coach and this athlete, if there is one."""
    return CoachingLinkRow.objects.filter(
        coach_id=coach_id, athlete_id=athlete_id, status="active"
    ).first()


def links_of(user_id: UUID, invited_email: str) -> QuerySet[CoachingLinkRow]:
    """The user's links as coach or athlete, and open invitations sent to their address."""
    invited = Invitation.objects.filter(email=invited_email).values("link_id")
    return CoachingLinkRow.objects.filter(
        Q(coach_id=user_id) | Q(athlete_id=user_id) | Q(link_id__in=invited, status="invited")
    ).order_by("-updated_at", "link_id")


def all_links() -> QuerySet[CoachingLinkRow]:
    return CoachingLinkRow.objects.order_by("-updated_at", "link_id")


def invited_email(link_id: UUID) -> str | None:
    """The address an open invitation was sent to (shown to its coach only)."""
    return Invitation.objects.filter(link_id=link_id).values_list("email", flat=True).first()


def is_invited(link_id: UUID, email: str) -> bool:
    return Invitation.objects.filter(link_id=link_id, email=email).exists()


def assignment(assignment_id: UUID) -> AssignmentRow | None:
    return AssignmentRow.objects.filter(assignment_id=assignment_id).first()


def active_assignment_ids(link_id: UUID) -> list[UUID]:
    return list(
        AssignmentRow.objects.filter(link_id=link_id, status="active").values_list(
            "assignment_id", flat=True
        )
    )


def assignments_seen_by(user_id: UUID, purpose: str) -> QuerySet[AssignmentRow]:
    """The user's own assignments as athlete, and those they made as a coach whose link is
    active and allows `purpose`."""
    allowed = CoachingLinkRow.objects.filter(
        coach_id=user_id, status="active", consents__has_key=purpose
    ).values("link_id")
    return AssignmentRow.objects.filter(
        Q(athlete_id=user_id) | Q(coach_id=user_id, link_id__in=allowed)
    ).order_by("-start_date", "assignment_id")


def all_assignments() -> QuerySet[AssignmentRow]:
    return AssignmentRow.objects.order_by("-start_date", "assignment_id")


def display_names(user_ids: Iterable[UUID | None]) -> dict[UUID, str]:
    """Display names by user id (blanks skipped): all that others in a link are shown."""
    return actor_names({user_id for user_id in user_ids if user_id is not None})


def assignment_calendar(row: AssignmentRow, first: date, last: date) -> list[dict[str, Any]]:
    """The assignment's days from `first` to `last`, rest days included."""
    version = published_version(row.program_id, row.program_version)
    if version is None:
        return []
    return calendar.between(calendar.program_days(version.document, row.start_date), first, last)


def program_titles(program_ids: Iterable[UUID]) -> dict[UUID, str]:
    return dict(
        ProgramSummary.objects.filter(program_id__in=set(program_ids)).values_list(
            "program_id", "title"
        )
    )


def coached_athletes(coach_id: UUID) -> QuerySet[CoachingLinkRow]:
    """The coach's active links, the athlete's active assignments prefetched by the caller."""
    return CoachingLinkRow.objects.filter(coach_id=coach_id, status="active").order_by(
        "invited_at", "link_id"
    )


def active_assignments_by_link(link_ids: Iterable[UUID]) -> dict[UUID, list[AssignmentRow]]:
    by_link: dict[UUID, list[AssignmentRow]] = {}
    rows = AssignmentRow.objects.filter(link_id__in=set(link_ids), status="active").order_by(
        "start_date", "assignment_id"
    )
    for row in rows:
        by_link.setdefault(row.link_id, []).append(row)
    return by_link


# -- worker projections -----------------------------------------------------------------------


def projection_reached(name: str, position: int) -> bool:
    """Whether the worker projection `name` reflects every event up to `position`."""
    return status.reached(name, position)


def projection_standings() -> list[Standing]:
    """Each worker projection's state, position and lag."""
    return status.standings()


def serves_reads(projection: str) -> bool:
    """Whether reads depend on the worker projection (a read model; snapshots are not one)."""
    spec = WORKER_PROJECTIONS.get(projection)
    return spec is not None and spec.read_model


def open_link_ids_of(user_id: UUID) -> list[UUID]:
    """The links, invited or active, in which the user is the coach or the athlete."""
    return list(
        CoachingLinkRow.objects.filter(Q(coach_id=user_id) | Q(athlete_id=user_id))
        .exclude(status="ended")
        .values_list("link_id", flat=True)
    )


def assignments_of_athlete(user_id: UUID) -> QuerySet[AssignmentRow]:
    return AssignmentRow.objects.filter(athlete_id=user_id).order_by("start_date", "assignment_id")
