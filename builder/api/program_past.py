"""Program endpoints about the past: the program at a version or time, and what changed."""

from __future__ import annotations

from uuid import UUID

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from builder.api.commands import ProgramApi, language
from builder.api.presenters.programs import presented_program
from builder.api.schema import PROBLEMS, PROGRAM_DIFF, ProgramDocumentSerializer, problems
from builder.domain.diff import program_diff
from builder.wiring import builder
from projections.queries import programs as program_queries

VERSION_MAX = 10**9


class StateQuery(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, max_value=VERSION_MAX, required=False)
    as_of = serializers.DateTimeField(required=False)

    def validate(self, attrs):
        if len(attrs) != 1:
            raise serializers.ValidationError(_("Give either version or as_of."))
        return attrs


class DiffQuery(serializers.Serializer):
    # "from" is a Python keyword, so the fields are declared by name.
    def get_fields(self):
        return {
            "from": serializers.IntegerField(min_value=1, max_value=VERSION_MAX),
            "to": serializers.IntegerField(min_value=1, max_value=VERSION_MAX),
        }


NOT_FOUND = problems(_404="No such program, not yours, or no such version or time.")


class ProgramStateApi(ProgramApi):
    """The program as it was at a version or a time, replayed from its events."""

    @extend_schema(
        operation_id="read_program_state",
        parameters=[
            OpenApiParameter(
                "version",
                OpenApiTypes.INT,
                description="The program's version (event number); exclusive with as_of.",
            ),
            OpenApiParameter(
                "as_of",
                OpenApiTypes.DATETIME,
                description="An ISO 8601 time: the last version at or before it.",
            ),
        ],
        responses={
            200: OpenApiResponse(
                ProgramDocumentSerializer, description="The program document as it was then."
            ),
            **PROBLEMS,
            **NOT_FOUND,
        },
    )
    def get(self, request, program_id: UUID):
        self.visible(request, program_id)
        query = _validated(StateQuery, request)
        if "version" in query:
            program = builder().program_as_of(program_id, query["version"])
        else:
            program = builder().program_at(program_id, query["as_of"])
        document = program_queries.replayed_document(program)
        return Response(presented_program(document, language()))


class ProgramDiffApi(ProgramApi):
    """What changed between two versions of the program."""

    @extend_schema(
        operation_id="diff_program_versions",
        parameters=[
            OpenApiParameter("from", OpenApiTypes.INT, required=True, description="A version."),
            OpenApiParameter("to", OpenApiTypes.INT, required=True, description="Another one."),
        ],
        responses={200: PROGRAM_DIFF, **PROBLEMS, **NOT_FOUND},
    )
    def get(self, request, program_id: UUID):
        self.visible(request, program_id)
        query = _validated(DiffQuery, request)
        old, new = (
            program_queries.replayed_document(builder().program_as_of(program_id, query[key]))
            for key in ("from", "to")
        )
        return Response({"from": query["from"], "to": query["to"], **program_diff(old, new)})


def _validated(query: type[serializers.Serializer], request) -> dict:
    serializer = query(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
