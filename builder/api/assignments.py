"""Assignments: a coach assigns a published program version to a linked, consenting athlete.

An assignment is visible to its athlete, to its coach while the link is active and the athlete
allows programming, and to auditors; its calendar to the coach only while the athlete allows
the schedule. To anyone else it does not exist (404).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID, uuid4

from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from builder.api.access import CoachesWrite, reads_everything
from builder.api.commands import InputApi, ItemCommandApi, etag, if_match, language
from builder.api.idempotency import idempotent
from builder.api.pages import Pages
from builder.api.presenters.programs import assigned_document
from builder.api.schema import (
    COMMAND_PARAMETERS,
    CREATE_PARAMETERS,
    PAGE_PARAMETERS,
    PROBLEMS,
    ProgramDocumentSerializer,
    paginated,
    problems,
)
from builder.api.serializers import IdField, StreamIdField, StrictSerializer, WholeField
from builder.applications.base import Saved
from builder.domain import PROGRAMMING, SCHEDULE
from builder.domain.coaching import ASSIGNMENT_STATUSES, FIRST_START, LAST_CALENDAR_DATE
from builder.models import Role
from builder.services import coaching as use
from projections.queries import coaching as coaching_queries
from projections.queries import people as people_queries
from projections.queries import programs as program_queries

MAX_CALENDAR_DAYS = 366


class AssignSerializer(StrictSerializer):
    assignment_id = StreamIdField(required=False)
    link_id = IdField()
    program_id = IdField()
    version = WholeField(min_value=1, max_value=100_000)
    start_date = serializers.DateField()


class UpgradeSerializer(StrictSerializer):
    version = WholeField(min_value=1, max_value=100_000)


class AssignmentFilters(serializers.Serializer):
    status = serializers.ChoiceField(ASSIGNMENT_STATUSES, required=False)
    athlete_id = serializers.UUIDField(required=False)


def calendar_date(help_text: str) -> serializers.DateField:
    """An optional date of a calendar query, from the first to the last date a calendar reaches."""
    # Outside them no assignment has days, and a year on from 9999-12-31 is no date at all.
    return serializers.DateField(
        required=False,
        help_text=f"{help_text} From {FIRST_START} to {LAST_CALENDAR_DATE}.",
        validators=[MinValueValidator(FIRST_START), MaxValueValidator(LAST_CALENDAR_DATE)],
    )


class CalendarRange(serializers.Serializer):
    to = calendar_date("Last date (default: a year on).")

    def get_fields(self):
        # "from" is a Python keyword, so it cannot be declared as a class attribute.
        fields = super().get_fields()
        fields["from"] = calendar_date("First date (default: the start date).")
        return fields


class AssignmentSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    version = serializers.IntegerField()
    status = serializers.ChoiceField(ASSIGNMENT_STATUSES)
    coach = serializers.DictField()
    athlete = serializers.DictField()
    link_id = serializers.UUIDField()
    program_id = serializers.UUIDField()
    program_title = serializers.CharField()
    program_version = serializers.IntegerField()
    start_date = serializers.DateField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class AssignmentDetailSerializer(AssignmentSerializer):
    program = ProgramDocumentSerializer(help_text="The frozen version the athlete follows.")


class AssignmentResultSerializer(serializers.Serializer):
    position = serializers.IntegerField(allow_null=True)
    assignment = AssignmentSerializer()


class CalendarDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    week = serializers.IntegerField()
    week_label = serializers.CharField(allow_blank=True)
    day = serializers.IntegerField()
    day_id = serializers.UUIDField(allow_null=True)
    title = serializers.CharField(allow_blank=True)
    is_rest = serializers.BooleanField()
    planned = serializers.BooleanField(help_text="False for a rest day that fills up a week.")
    groups = serializers.ListField(child=serializers.DictField())


class AthleteSerializer(serializers.Serializer):
    link_id = serializers.UUIDField()
    athlete = serializers.DictField()
    consents = serializers.DictField(child=serializers.CharField())
    assignments = AssignmentSerializer(many=True)


ASSIGNMENT_PROBLEMS = {
    **PROBLEMS,
    **problems(
        _403="Not yours to change, or the athlete has not consented.",
        _409="The assignment or its link refuses the step.",
        _412="Stale If-Match; the current ETag is in the response.",
        _428="If-Match is missing.",
    ),
}


def as_assignment(row: Any, names: dict[UUID, str], titles: dict[UUID, str]) -> dict[str, Any]:
    return {
        "id": str(row.assignment_id),
        "version": row.version,
        "status": row.status,
        "coach": {"id": str(row.coach_id), "display_name": names.get(row.coach_id, "")},
        "athlete": {"id": str(row.athlete_id), "display_name": names.get(row.athlete_id, "")},
        "link_id": str(row.link_id),
        "program_id": str(row.program_id),
        "program_title": titles.get(row.program_id, ""),
        "program_version": row.program_version,
        "start_date": row.start_date.isoformat(),
        "created_at": row.created_at.isoformat(),
        "updated_at": row.updated_at.isoformat(),
    }


def as_assignments(rows: list[Any]) -> list[dict[str, Any]]:
    """Many assignments, with names and titles read in one query each."""
    names = people_queries.display_names(p for row in rows for p in (row.coach_id, row.athlete_id))
    titles = program_queries.program_titles(row.program_id for row in rows)
    return [as_assignment(row, names, titles) for row in rows]


def _seen(user: Any, purpose: str):
    return (
        coaching_queries.all_assignments()
        if reads_everything(user)
        else (coaching_queries.assignments_seen_by(user.id, purpose))
    )


class AssignmentApi(ItemCommandApi):
    """An endpoint about one assignment the caller may see; others' are 404."""

    item = "assignment"

    purpose = PROGRAMMING

    def visible(self, request: Request, assignment_id: UUID) -> Any:
        row = _seen(request.user, self.purpose).filter(assignment_id=assignment_id).first()
        if row is None:
            raise exceptions.NotFound(_("No such assignment."))
        return row

    def read_back(self, saved: Saved) -> tuple[Any, dict[str, Any]]:
        row = coaching_queries.assignment(saved.aggregate.id)
        return row, as_assignments([row])[0]


class AssignmentCollectionApi(AssignmentApi):
    """GET the assignments the caller may see; POST assigns a version (coaches)."""

    permission_classes = [IsAuthenticated, CoachesWrite]
    InputSerializer = AssignSerializer

    @extend_schema(
        operation_id="list_assignments",
        parameters=[AssignmentFilters, *PAGE_PARAMETERS],
        responses={200: paginated(AssignmentSerializer, "AssignmentPage"), **PROBLEMS},
    )
    def get(self, request):
        filters = AssignmentFilters(data=request.query_params)
        filters.is_valid(raise_exception=True)
        rows = _seen(request.user, PROGRAMMING)
        if "status" in filters.validated_data:
            rows = rows.filter(status=filters.validated_data["status"])
        if "athlete_id" in filters.validated_data:
            rows = rows.filter(athlete_id=filters.validated_data["athlete_id"])
        pages = Pages()
        page = pages.paginate_queryset(rows, request, view=self)
        return pages.get_paginated_response(as_assignments(page))

    @extend_schema(
        operation_id="assign_program",
        request=AssignSerializer,
        parameters=CREATE_PARAMETERS,
        responses={201: AssignmentResultSerializer, **ASSIGNMENT_PROBLEMS},
    )
    def post(self, request):
        data = self.validated(request)
        return idempotent(request, lambda: self._assign(request, data))

    def _assign(self, request, data) -> Response:
        assignment_id = data.pop("assignment_id", None) or uuid4()
        saved = use.assign(actor=self.actor(request), assignment_id=assignment_id, **data)
        response = self.respond(saved, status=201)
        response["Location"] = f"/api/assignments/{assignment_id}/"
        return response


class AssignmentDocumentApi(AssignmentApi):
    @extend_schema(
        operation_id="read_assignment",
        responses={200: AssignmentDetailSerializer, **PROBLEMS},
    )
    def get(self, request, assignment_id: UUID):
        row = self.visible(request, assignment_id)
        body = as_assignments([row])[0]
        body["program"] = assigned_document(row, language())
        return Response(body, headers={"ETag": etag(row.version)})


class AssignmentCommandApi(AssignmentApi):
    """A change of an assignment the caller sees and may change, with If-Match."""

    athlete_may = False

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        row = self.visible(request, kwargs["assignment_id"])
        mine = row.coach_id == request.user.id or (
            self.athlete_may and row.athlete_id == request.user.id
        )
        if not mine:
            raise exceptions.PermissionDenied(_("This assignment is not yours to change."))
        self.expected_version = if_match(request)


def _command_schema(operation_id: str, request=None, description: str = "") -> Any:
    return extend_schema(
        operation_id=operation_id,
        description=description,
        request=request,
        parameters=COMMAND_PARAMETERS,
        responses={200: OpenApiResponse(AssignmentResultSerializer), **ASSIGNMENT_PROBLEMS},
    )


class AssignmentUpgradeApi(AssignmentCommandApi):
    InputSerializer = UpgradeSerializer

    @_command_schema("upgrade_assignment", UpgradeSerializer, "Follow a later version.")
    def post(self, request, assignment_id: UUID):
        data = self.validated(request)
        saved = use.upgrade(
            assignment_id,
            actor=self.actor(request),
            expected_version=self.expected_version,
            version=data["version"],
        )
        return self.respond(saved)


class AssignmentCancelApi(AssignmentCommandApi):
    athlete_may = True

    @_command_schema("cancel_assignment", description="The coach or the athlete stops it.")
    def post(self, request, assignment_id: UUID):
        saved = use.cancel(
            assignment_id, actor=self.actor(request), expected_version=self.expected_version
        )
        return self.respond(saved)


class AssignmentCalendarApi(AssignmentApi):
    """The assignment's days on dates, rest days included; at most a year at a time."""

    purpose = SCHEDULE

    @extend_schema(
        operation_id="assignment_calendar",
        parameters=[CalendarRange],
        responses={200: CalendarDaySerializer(many=True), **PROBLEMS},
    )
    def get(self, request, assignment_id: UUID):
        row = self.visible(request, assignment_id)
        dates = CalendarRange(data=request.query_params)
        dates.is_valid(raise_exception=True)
        given = dates.validated_data
        first = given.get("from", row.start_date)
        last = given["to"] if "to" in given else first + timedelta(days=MAX_CALENDAR_DAYS - 1)
        _check_range(first, last)
        return Response(coaching_queries.assignment_calendar(row, first, last))


def _check_range(first: date, last: date) -> None:
    if last < first:
        raise exceptions.ValidationError({"to": [_("Must not be before from.")]})
    if (last - first).days >= MAX_CALENDAR_DAYS:
        raise exceptions.ValidationError(
            {"to": [_("At most %(days)s days at a time.") % {"days": MAX_CALENDAR_DAYS}]}
        )


class AthleteListApi(InputApi):
    """A coach's athletes (active links) with what they allow and their active assignments."""

    @extend_schema(
        operation_id="list_my_athletes",
        parameters=PAGE_PARAMETERS,
        responses={200: paginated(AthleteSerializer, "AthletePage"), **PROBLEMS},
    )
    def get(self, request):
        if not request.user.has_role(Role.COACH):
            raise exceptions.PermissionDenied(_("Only coaches have athletes."))
        pages = Pages()
        links = pages.paginate_queryset(
            coaching_queries.coached_athletes(request.user.id), request, view=self
        )
        names = people_queries.display_names(link.athlete_id for link in links)
        by_link = coaching_queries.active_assignments_by_link(link.link_id for link in links)
        return pages.get_paginated_response([_athlete(link, names, by_link) for link in links])


def _athlete(link: Any, names: dict[UUID, str], by_link: dict[UUID, list]) -> dict[str, Any]:
    allowed = PROGRAMMING in link.consents
    return {
        "link_id": str(link.link_id),
        "athlete": {"id": str(link.athlete_id), "display_name": names.get(link.athlete_id, "")},
        "consents": link.consents,
        # Without consent to programming the coach sees the link, not the athlete's plans.
        "assignments": as_assignments(by_link.get(link.link_id, [])) if allowed else [],
    }
