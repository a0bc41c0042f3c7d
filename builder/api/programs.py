"""Program endpoints: create, list, read, change details, lifecycle, versions and history."""

from __future__ import annotations

from uuid import UUID, uuid4

from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from builder.api.access import CoachesWrite, reads_everything
from builder.api.commands import CommandApi, ProgramApi, ProgramCommandApi, etag, language
from builder.api.idempotency import idempotent
from builder.api.pages import Pages
from builder.api.presenters.programs import as_summary, presented_document, presented_program
from builder.api.schema import (
    CREATE_PARAMETERS,
    CURSOR_PARAMETERS,
    ETAG,
    FRESHNESS_PARAMETERS,
    PAGE_PARAMETERS,
    PROBLEMS,
    PROGRAM_COMMAND_PARAMETERS,
    AuditEntrySerializer,
    ProgramDocumentSerializer,
    ProgramSummarySerializer,
    PublishedVersionSerializer,
    command_responses,
    cursor_paginated,
    paginated,
    problems,
)
from builder.api.serializers import ForkSerializer, ProgramCreateSerializer, ProgramPatchSerializer
from builder.api.timeline import timeline_page
from builder.services import programs
from builder.wiring import builder
from projections.queries import audit as audit_queries
from projections.queries import programs as program_queries


class ProgramListFilters(serializers.Serializer):
    status = serializers.ChoiceField(["draft", "archived"], required=False)
    kind = serializers.ChoiceField(["template", "personal"], required=False)
    q = serializers.CharField(max_length=200, required=False)


class ProgramCollectionApi(CommandApi):
    """GET lists the caller's programs; POST creates one (coaches; Idempotency-Key honoured)."""

    permission_classes = [IsAuthenticated, CoachesWrite]
    InputSerializer = ProgramCreateSerializer

    @extend_schema(
        operation_id="list_programs",
        parameters=[ProgramListFilters, *PAGE_PARAMETERS],
        responses={200: paginated(ProgramSummarySerializer, "ProgramPage"), **PROBLEMS},
    )
    def get(self, request):
        filters = ProgramListFilters(data=request.query_params)
        filters.is_valid(raise_exception=True)
        programs = program_queries.filter_programs(
            program_queries.visible_programs(
                request.user.id, everything=reads_everything(request.user)
            ),
            status=filters.validated_data.get("status"),
            kind=filters.validated_data.get("kind"),
            q=filters.validated_data.get("q"),
        )
        pages = Pages()
        page = pages.paginate_queryset(programs, request, view=self)
        return pages.get_paginated_response([as_summary(row) for row in page])

    @extend_schema(
        operation_id="create_program",
        request=ProgramCreateSerializer,
        parameters=CREATE_PARAMETERS,
        responses=command_responses(201) | problems(_422="Idempotency-Key reused, other body."),
    )
    def post(self, request):
        data = self.validated(request)
        return idempotent(request, lambda: self._create(request, data))

    def _create(self, request, data) -> Response:
        program_id = data.pop("program_id", None) or uuid4()
        if "notes" in data:
            data["notes"] = dict(data["notes"])
        with transaction.atomic():
            saved = programs.create_program(
                actor=self.actor(request), program_id=program_id, **data
            )
            response = self.respond(saved, status=201)
        response["Location"] = f"/api/programs/{program_id}/"
        return response


class ProgramDocumentApi(ProgramCommandApi):
    """GET the program document (ETag); PATCH its details (If-Match).

    No 304 answers: the document also shows exercises from the library in the reader's
    language, which change without the program's version (its ETag) changing.
    """

    InputSerializer = ProgramPatchSerializer

    @extend_schema(
        operation_id="read_program",
        parameters=[ETAG],
        responses={
            200: OpenApiResponse(ProgramDocumentSerializer, description="The program document."),
            **PROBLEMS,
        },
    )
    def get(self, request, program_id: UUID):
        everything = reads_everything(request.user)
        row = program_queries.visible_program_document(
            request.user.id, program_id, everything=everything
        )
        if row is None:
            raise exceptions.NotFound(_("No such program."))
        tag = etag(row.version)
        document = presented_document(row, language())
        return Response(document, headers={"ETag": tag})

    @extend_schema(
        operation_id="change_program_details",
        request=ProgramPatchSerializer,
        parameters=PROGRAM_COMMAND_PARAMETERS,
        responses=command_responses(),
    )
    def patch(self, request, program_id: UUID):
        changes = self.validated(request)
        if "notes" in changes:
            changes["notes"] = dict(changes["notes"])
        return self.run(
            request,
            program_id,
            lambda pid, **pre: builder().change_details(pid, changes=changes, **pre),
        )


class ProgramPublishApi(ProgramCommandApi):
    @extend_schema(
        operation_id="publish_program",
        request=None,
        parameters=PROGRAM_COMMAND_PARAMETERS,
        responses=command_responses(),
    )
    def post(self, request, program_id: UUID):
        return self.run(request, program_id, builder().publish_program)


class ProgramArchiveApi(ProgramCommandApi):
    @extend_schema(
        operation_id="archive_program",
        request=None,
        parameters=PROGRAM_COMMAND_PARAMETERS,
        responses=command_responses(),
    )
    def post(self, request, program_id: UUID):
        return self.run(request, program_id, builder().archive_program)


class ProgramRestoreApi(ProgramCommandApi):
    @extend_schema(
        operation_id="restore_program",
        request=None,
        parameters=PROGRAM_COMMAND_PARAMETERS,
        responses=command_responses(),
    )
    def post(self, request, program_id: UUID):
        return self.run(request, program_id, builder().restore_program)


class ProgramForkApi(CommandApi, ProgramApi):
    """Copy a published version (or the draft) into a new program owned by the caller."""

    permission_classes = [IsAuthenticated, CoachesWrite]
    InputSerializer = ForkSerializer

    @extend_schema(
        operation_id="fork_program",
        request=ForkSerializer,
        parameters=CREATE_PARAMETERS,
        responses=command_responses(201),
    )
    def post(self, request, program_id: UUID):
        if self.visible(request, program_id).owner_id != request.user.id:
            raise exceptions.PermissionDenied(_("Only the program's owner forks it."))
        data = self.validated(request)
        return idempotent(request, lambda: self._fork(request, program_id, data))

    def _fork(self, request, source_id: UUID, data) -> Response:
        new_id = data.get("program_id") or uuid4()
        with transaction.atomic():
            saved = builder().fork_program(
                source_id,
                actor=self.actor(request),
                program_id=new_id,
                version=data.get("version"),
                title=data.get("title"),
            )
            response = self.respond(saved, status=201)
        response["Location"] = f"/api/programs/{new_id}/"
        return response


class ProgramVersionsApi(ProgramApi):
    @extend_schema(
        operation_id="list_published_versions",
        responses={200: PublishedVersionSerializer(many=True), **PROBLEMS},
    )
    def get(self, request, program_id: UUID):
        self.visible(request, program_id)
        return Response(
            [
                {
                    "number": v.number,
                    "published_at": v.published_at.isoformat(),
                    "published_by": str(v.published_by),
                }
                for v in program_queries.published_versions(program_id)
            ]
        )


class ProgramVersionApi(ProgramApi):
    @extend_schema(
        operation_id="read_published_version",
        responses={200: ProgramDocumentSerializer, **PROBLEMS},
    )
    def get(self, request, program_id: UUID, number: int):
        self.visible(request, program_id)
        version = program_queries.published_version(program_id, number)
        if version is None:
            raise exceptions.NotFound(_("No such published version."))
        return Response(presented_program(version.document, language()))


class ProgramHistoryApi(ProgramApi):
    """The program's event timeline, oldest first: what happened, when, by whom."""

    @extend_schema(
        operation_id="program_history",
        description=(
            "Every event of the program, oldest first, with a summary in the response's "
            "language. Served from the audit timeline, which the worker projects: the newest "
            "events appear after a short delay."
        ),
        parameters=[*CURSOR_PARAMETERS, *FRESHNESS_PARAMETERS],
        responses={200: cursor_paginated(AuditEntrySerializer, "HistoryPage"), **PROBLEMS},
    )
    def get(self, request, program_id: UUID):
        self.visible(request, program_id)
        return timeline_page(request, self, audit_queries.program_timeline(program_id))
