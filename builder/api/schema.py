"""OpenAPI descriptions shared by the endpoints: bodies, headers and problem responses."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers

from builder.api.problems import PROBLEM_CONTENT_TYPE


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.JSONField(),
        required=False,
        help_text="Messages by field name: a list of strings, or for a nested field (an object"
        " or a list) the same structure by key or index.",
    )
    current_version = serializers.IntegerField(required=False, allow_null=True)


class EntryExerciseSerializer(serializers.Serializer):
    """The entry's exercise as the library has it now (a merged one shows its replacement)."""

    id = serializers.UUIDField()
    name = serializers.CharField(help_text="In the language of the response, else English.")
    name_language = serializers.CharField()
    status = serializers.ChoiceField(["active", "archived", "merged", "unknown"])
    merged_from = serializers.UUIDField(allow_null=True)
    video = serializers.DictField(allow_null=True, help_text="The primary video's embed data.")


class EntrySerializer(serializers.Serializer):
    id = serializers.UUIDField()
    position = serializers.IntegerField()
    exercise_id = serializers.UUIDField(help_text="The exercise as recorded.")
    exercise_name = serializers.CharField(help_text="The exercise's name, as `exercise.name`.")
    exercise = EntryExerciseSerializer()
    prescription = serializers.DictField()
    notes = serializers.CharField()


class GroupSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    position = serializers.IntegerField()
    kind = serializers.CharField()
    label = serializers.CharField()
    rounds = serializers.IntegerField()
    rest_between_rounds_s = serializers.IntegerField(allow_null=True)
    time_cap_s = serializers.IntegerField(allow_null=True)
    interval_s = serializers.IntegerField(allow_null=True)
    entries = EntrySerializer(many=True)


class DaySerializer(serializers.Serializer):
    id = serializers.UUIDField()
    position = serializers.IntegerField()
    title = serializers.CharField()
    is_rest = serializers.BooleanField()
    groups = GroupSerializer(many=True)


class WeekSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    position = serializers.IntegerField()
    label = serializers.CharField()
    phase = serializers.CharField()
    days = DaySerializer(many=True)


class ProgramDocumentSerializer(serializers.Serializer):
    """The whole program: details, lifecycle and tree."""

    id = serializers.UUIDField()
    version = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    goal = serializers.CharField()
    level = serializers.CharField()
    tags = serializers.ListField(child=serializers.CharField())
    units = serializers.CharField()
    notes = serializers.DictField(child=serializers.CharField())
    owner_id = serializers.UUIDField()
    kind = serializers.CharField()
    athlete_id = serializers.UUIDField(allow_null=True)
    status = serializers.CharField()
    published_versions = serializers.ListField(child=serializers.IntegerField())
    forked_from = serializers.DictField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    weeks = WeekSerializer(many=True)


class CommandResultSerializer(serializers.Serializer):
    position = serializers.IntegerField(help_text="Position of the command's last event.")
    version = serializers.IntegerField(
        required=False, help_text="The program's version; only under `Prefer: return=minimal`."
    )
    program = ProgramDocumentSerializer(
        required=False, help_text="Left out when the request has `Prefer: return=minimal`."
    )


class ProgramSummarySerializer(serializers.Serializer):
    id = serializers.UUIDField()
    title = serializers.CharField()
    kind = serializers.CharField()
    status = serializers.CharField()
    tags = serializers.ListField(child=serializers.CharField())
    version = serializers.IntegerField()
    latest_published = serializers.IntegerField(allow_null=True)
    weeks = serializers.IntegerField()
    entries = serializers.IntegerField()
    owner_id = serializers.UUIDField()
    athlete_id = serializers.UUIDField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class PublishedVersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    published_at = serializers.DateTimeField()
    published_by = serializers.UUIDField()


class AuditActorSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField(help_text='The display name, or "[erased]" once erased.')


class AuditEntrySerializer(serializers.Serializer):
    """One event on the audit timeline."""

    position = serializers.IntegerField(help_text="Position in the event store.")
    stream_id = serializers.UUIDField()
    stream_kind = serializers.CharField(help_text="program, exercise, account, ...")
    version = serializers.IntegerField(help_text="The event's version in its stream.")
    type = serializers.CharField(help_text="The event type, e.g. PrescriptionChanged.")
    time = serializers.DateTimeField()
    actor = AuditActorSerializer(allow_null=True, help_text="Null for events without an actor.")
    correlation_id = serializers.CharField(
        help_text="The server's id for the request that caused the event (its X-Correlation-ID)."
    )
    change = serializers.DictField(help_text="The event's data.")
    summary = serializers.CharField(help_text="What happened, in the response's language.")


IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description='The ETag as last read, e.g. "7". Missing: 428; stale: 412.',
)
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="Same key and body: the first response is replayed; another body: 422.",
)
ETAG = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[200, 201, 412],
    description='The version, e.g. "7": send it back in If-Match.',
)
EVENT_POSITION = OpenApiParameter(
    "X-Event-Position",
    OpenApiTypes.INT,
    OpenApiParameter.HEADER,
    response=[200, 201],
    description="Position of the command's last event in the store.",
)
PREFER = OpenApiParameter(
    "Prefer",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="`return=minimal` (RFC 7240): answer the position and version without the "
    "program document, which on a large program costs more than the edit itself.",
)
COMMAND_PARAMETERS = [IF_MATCH, ETAG, EVENT_POSITION]
PROGRAM_COMMAND_PARAMETERS = [*COMMAND_PARAMETERS, PREFER]
CREATE_PARAMETERS = [IDEMPOTENCY_KEY, ETAG, EVENT_POSITION]
# Reads of worker projections: wait (a bounded time) until they reflect a command's events.
FRESHNESS_PARAMETERS = [
    OpenApiParameter(
        "min_position",
        OpenApiTypes.INT,
        description="Answer once the view reflects this position (a command's `position`);"
        " 503 with Retry-After when it does not within the wait limit.",
    ),
    OpenApiParameter(
        "X-Min-Position",
        OpenApiTypes.INT,
        OpenApiParameter.HEADER,
        description="As `min_position`, for clients that prefer a header.",
    ),
]
PAGE_PARAMETERS = [
    OpenApiParameter(
        "page",
        {"type": "integer", "minimum": 1},
        description="1-based page number (past the last: 404).",
    ),
    OpenApiParameter(
        "page_size",
        {"type": "integer", "minimum": 1},
        description="Items per page; larger than the maximum is capped.",
    ),
]


def problems(**described: str) -> dict:
    """Problem responses by status code (`_404="..."`), served as application/problem+json."""
    return {
        (int(code.strip("_")), PROBLEM_CONTENT_TYPE): OpenApiResponse(
            response=ProblemSerializer, description=text
        )
        for code, text in described.items()
    }


PROBLEMS = problems(
    _400="Invalid input; nothing changed.",
    _401="Not authenticated.",
    _404="No such resource, or not yours.",
    _503="The database is busy or unreachable; retry after Retry-After seconds.",
)
COMMAND_PROBLEMS = {
    **PROBLEMS,
    **problems(
        _409="A program rule refused the command.",
        _412="Stale If-Match; the current ETag is in the response.",
        _428="If-Match is missing.",
    ),
}


def command_responses(status: int = 200) -> dict:
    ok = OpenApiResponse(
        response=CommandResultSerializer,
        description="The program after the command.",
    )
    return {status: ok, **COMMAND_PROBLEMS}


def paginated(item: type[serializers.Serializer], name: str) -> serializers.Serializer:
    return inline_serializer(
        name=name,
        fields={
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": item(many=True),
        },
    )


def cursor_paginated(item: type[serializers.Serializer], name: str) -> serializers.Serializer:
    return inline_serializer(
        name=name,
        fields={
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": item(many=True),
        },
    )


CURSOR_PARAMETERS = [
    OpenApiParameter("cursor", OpenApiTypes.STR, description="From `next` or `previous`."),
    OpenApiParameter(
        "page_size",
        {"type": "integer", "minimum": 1},
        description="Items per page; larger than the maximum is capped.",
    ),
]


class NodePlaceSerializer(serializers.Serializer):
    """A node of the tree and where it sits: its parent (null for a week) and position."""

    level = serializers.ChoiceField(["week", "day", "group", "entry"])
    id = serializers.UUIDField()
    parent_id = serializers.UUIDField(allow_null=True)
    position = serializers.IntegerField()


class PlaceSerializer(serializers.Serializer):
    parent_id = serializers.UUIDField(allow_null=True)
    position = serializers.IntegerField()


class NodeMoveSerializer(serializers.Serializer):
    level = serializers.ChoiceField(["week", "day", "group", "entry"])
    id = serializers.UUIDField()
    old = PlaceSerializer()
    new = PlaceSerializer()


class ChangedNodeSerializer(serializers.Serializer):
    level = serializers.ChoiceField(["week", "day", "group", "entry"])
    id = serializers.UUIDField()
    fields = serializers.DictField(help_text='Each changed field: {"old": ..., "new": ...}.')


PROGRAM_DIFF = inline_serializer(
    name="ProgramDiff",
    fields={
        "from": serializers.IntegerField(help_text="The version compared from."),
        "to": serializers.IntegerField(help_text="The version compared to."),
        "details": serializers.DictField(
            help_text='Each changed program field: {"old": ..., "new": ...}.'
        ),
        "added": NodePlaceSerializer(many=True),
        "removed": NodePlaceSerializer(many=True, help_text="Each node, and every node below it."),
        "moved": NodeMoveSerializer(many=True, help_text="Parent or order among siblings changed."),
        "changed": ChangedNodeSerializer(many=True),
    },
)
