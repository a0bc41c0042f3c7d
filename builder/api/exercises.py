"""Exercise library endpoints: search, read, create and edit exercises, link their videos.

Everyone signed in sees the system exercises and their own; another coach's own exercises are
404. Admins create and edit system exercises, coaches their own (others: 403).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID, uuid4

from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from builder.api import serializers as s
from builder.api.access import CoachesAndAdminsWrite, reads_everything
from builder.api.commands import InputApi, answer, etag, if_match, language
from builder.api.freshness import wait_for
from builder.api.idempotency import idempotent
from builder.api.pages import Pages
from builder.api.presenters.exercises import as_exercise
from builder.api.schema import (
    COMMAND_PARAMETERS,
    CREATE_PARAMETERS,
    ETAG,
    FRESHNESS_PARAMETERS,
    PAGE_PARAMETERS,
    PROBLEMS,
    paginated,
    problems,
)
from builder.applications.base import Saved
from builder.domain import CATEGORIES, EQUIPMENT, MUSCLES, SCOPES
from builder.models import Role
from builder.wiring import library
from projections.queries import exercises as exercise_queries

_READS = ("GET", "HEAD", "OPTIONS")


def may_edit(user: Any, row: Any) -> bool:
    """Admins edit system exercises; a coach's own exercise only its owner."""
    if row.scope == "system":
        return user.has_role(Role.ADMIN)
    return row.owner_id == user.id


def creation_scope(user: Any, asked: str | None) -> str:
    """The scope a new exercise gets: as asked, else "coach" for coaches, "system" for admins."""
    scope = asked or ("coach" if user.has_role(Role.COACH) else "system")
    allowed = user.has_role(Role.ADMIN) if scope == "system" else user.has_role(Role.COACH)
    if not allowed:
        raise exceptions.PermissionDenied(
            _("Only admins create system exercises, and only coaches their own.")
        )
    return scope


# -- what the API answers (for the OpenAPI document) ------------------------------------------


class MediaLinkOutSerializer(serializers.Serializer):
    media_id = serializers.UUIDField()
    provider = serializers.CharField()
    video_id = serializers.CharField()
    url = serializers.URLField()
    embed_url = serializers.URLField()
    captions_url = serializers.URLField(allow_null=True)
    duration_s = serializers.IntegerField(allow_null=True)
    licence = serializers.CharField()
    attribution = serializers.CharField()
    description = serializers.CharField(
        help_text="The movement in words, for those who can't watch."
    )


class ExerciseSerializer(serializers.Serializer):
    """An exercise, named in the language of the response (Content-Language)."""

    id = serializers.UUIDField()
    version = serializers.IntegerField()
    name = serializers.CharField()
    name_language = serializers.CharField(help_text="The language of `name` (English if missing).")
    names = serializers.DictField(child=serializers.CharField())
    aliases = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    scope = serializers.ChoiceField(SCOPES)
    owner_id = serializers.UUIDField(allow_null=True)
    status = serializers.ChoiceField(["active", "archived", "merged"])
    merged_into = serializers.UUIDField(allow_null=True)
    replaced_by = serializers.UUIDField(allow_null=True)
    category = serializers.CharField()
    equipment = serializers.ListField(child=serializers.CharField())
    primary_muscles = serializers.ListField(child=serializers.CharField())
    secondary_muscles = serializers.ListField(child=serializers.CharField())
    laterality = serializers.CharField()
    tracking = serializers.CharField()
    media = MediaLinkOutSerializer(many=True)
    primary_media = MediaLinkOutSerializer(allow_null=True)
    has_video = serializers.BooleanField()
    usage_count = serializers.IntegerField(
        help_text="Program entries recording this exercise (kept by the projection worker;"
        " send `min_position` to see your own edits)."
    )
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class ExerciseResultSerializer(serializers.Serializer):
    position = serializers.IntegerField(help_text="Position of the command's last event.")
    exercise = ExerciseSerializer()


EXERCISE_PROBLEMS = {
    **PROBLEMS,
    **problems(
        _403="Not allowed to change this exercise.",
        _409="A library rule refused the command.",
        _412="Stale If-Match; the current ETag is in the response.",
        _428="If-Match is missing.",
    ),
}


def exercise_command(operation_id: str, request: Any = None) -> Callable[[Any], Any]:
    return extend_schema(
        operation_id=operation_id,
        request=request,
        parameters=COMMAND_PARAMETERS,
        responses={
            200: OpenApiResponse(ExerciseResultSerializer, description="The exercise after it."),
            **EXERCISE_PROBLEMS,
        },
    )


# -- the base views ---------------------------------------------------------------------------


class ExerciseApi(InputApi):
    """An endpoint about one exercise the caller may see."""

    def visible(self, request: Request, exercise_id: UUID) -> Any:
        row = exercise_queries.visible_exercise(
            request.user.id, exercise_id, everything=reads_everything(request.user)
        )
        if row is None:
            raise exceptions.NotFound(_("No such exercise."))
        return row

    def respond(self, saved: Saved, status: int = 200) -> Response:
        row = exercise_queries.catalogue_exercise(saved.aggregate.id)
        exercise = as_exercise(row, language())
        return answer("exercise", exercise, row.version, saved.position, status)


class ExerciseCommandApi(ExerciseApi):
    """A command on an existing exercise: visible (404), the caller's to edit (403), If-Match.

    All three checks run before the body is read.
    """

    expected_version: int
    row: Any  # the exercise's catalogue row as the checks read it

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self.row = self.visible(request, kwargs["exercise_id"])
        if request.method not in _READS:
            if not may_edit(request.user, self.row):
                raise exceptions.PermissionDenied(
                    _("Only admins change system exercises, and only coaches their own.")
                )
            self.expected_version = if_match(request)

    def run(self, request: Request, exercise_id: UUID, command: Callable[..., Any]) -> Response:
        """Run `command` in one transaction and answer with the exercise after it."""
        with transaction.atomic():
            saved = command(
                exercise_id, actor=self.actor(request), expected_version=self.expected_version
            )
            return self.respond(saved)


# -- the endpoints ----------------------------------------------------------------------------


class ExerciseListFilters(serializers.Serializer):
    q = serializers.CharField(
        max_length=200, required=False, help_text="Words of a name or alias, in any language."
    )
    category = serializers.ChoiceField(CATEGORIES, required=False)
    equipment = serializers.ChoiceField(EQUIPMENT, required=False)
    muscle = serializers.ChoiceField(MUSCLES, required=False, help_text="Primary or secondary.")
    scope = serializers.ChoiceField(SCOPES, required=False)
    has_video = serializers.BooleanField(required=False, allow_null=True, default=None)
    status = serializers.ChoiceField(
        ["active", "archived", "merged"], required=False, default="active"
    )


class ExerciseCollectionApi(ExerciseApi):
    """GET searches the exercises the caller may see; POST creates one (Idempotency-Key)."""

    permission_classes = [IsAuthenticated, CoachesAndAdminsWrite]
    InputSerializer = s.ExerciseCreateSerializer

    @extend_schema(
        operation_id="list_exercises",
        parameters=[ExerciseListFilters, *PAGE_PARAMETERS, *FRESHNESS_PARAMETERS],
        responses={200: paginated(ExerciseSerializer, "ExercisePage"), **PROBLEMS},
    )
    def get(self, request):
        filters = ExerciseListFilters(data=request.query_params)
        filters.is_valid(raise_exception=True)
        wait_for(exercise_queries.EXERCISE_USAGE, request)
        shown = language()
        exercises = exercise_queries.filter_exercises(
            exercise_queries.visible_exercises(
                request.user.id, everything=reads_everything(request.user)
            ),
            language=shown,
            **filters.validated_data,
        )
        pages = Pages()
        page = pages.paginate_queryset(exercises, request, view=self)
        return pages.get_paginated_response([as_exercise(row, shown) for row in page])

    @extend_schema(
        operation_id="create_exercise",
        request=s.ExerciseCreateSerializer,
        parameters=CREATE_PARAMETERS,
        responses={
            201: OpenApiResponse(ExerciseResultSerializer, description="The new exercise."),
            **EXERCISE_PROBLEMS,
            **problems(_422="Idempotency-Key reused, other body."),
        },
    )
    def post(self, request):
        data = self.validated(request)
        scope = creation_scope(request.user, data.pop("scope", None))
        return idempotent(request, lambda: self._create(request, scope, data))

    def _create(self, request: Request, scope: str, data: dict[str, Any]) -> Response:
        exercise_id = data.pop("exercise_id", None) or uuid4()
        data["names"], data["aliases"] = dict(data["names"]), dict(data["aliases"])
        with transaction.atomic():
            saved = library().create_exercise(
                actor=self.actor(request), exercise_id=exercise_id, scope=scope, **data
            )
            response = self.respond(saved, status=201)
        response["Location"] = f"/api/exercises/{exercise_id}/"
        return response


class ExerciseDocumentApi(ExerciseCommandApi):
    """GET one exercise (ETag); PATCH its classification (If-Match).

    No 304 answers: an exercise shows its `usage_count`, which changes as programs use it while
    the exercise's version (its ETag, what If-Match compares) stays the same, so a 304 could
    hide a changed count. Program documents answer no 304 for the same reason.
    """

    InputSerializer = s.ExerciseClassificationSerializer

    @extend_schema(
        operation_id="read_exercise",
        parameters=[ETAG, *FRESHNESS_PARAMETERS],
        responses={
            200: OpenApiResponse(ExerciseSerializer, description="The exercise."),
            **PROBLEMS,
        },
    )
    def get(self, request, exercise_id: UUID):
        wait_for(exercise_queries.EXERCISE_USAGE, request)
        row = self.visible(request, exercise_id)
        return Response(as_exercise(row, language()), headers={"ETag": etag(row.version)})

    @exercise_command("change_exercise_classification", s.ExerciseClassificationSerializer)
    def patch(self, request, exercise_id: UUID):
        changes = self.validated(request)
        return self.run(
            request,
            exercise_id,
            lambda eid, **pre: library().change_classification(eid, **pre, **changes),
        )


class ExerciseTranslationApi(ExerciseCommandApi):
    """PUT sets the name and aliases in one language; DELETE removes them (not English)."""

    InputSerializer = s.TranslationSerializer

    @exercise_command("set_exercise_translation", s.TranslationSerializer)
    def put(self, request, exercise_id: UUID, locale: str):
        data = self.validated(request)
        return self.run(
            request,
            exercise_id,
            lambda eid, **pre: library().set_translation(eid, **pre, locale=locale, **data),
        )

    @exercise_command("remove_exercise_translation")
    def delete(self, request, exercise_id: UUID, locale: str):
        return self.run(
            request,
            exercise_id,
            lambda eid, **pre: library().remove_translation(eid, **pre, locale=locale),
        )


class ExerciseMediaCollectionApi(ExerciseCommandApi):
    """POST links a video hosted elsewhere (checked, normalised, never fetched)."""

    InputSerializer = s.MediaLinkSerializer

    @exercise_command("link_exercise_media", s.MediaLinkSerializer)
    def post(self, request, exercise_id: UUID):
        link = self.validated(request)
        link["media_id"] = link.get("media_id") or uuid4()
        return self.run(
            request, exercise_id, lambda eid, **pre: library().link_media(eid, **pre, **link)
        )


class ExerciseMediaApi(ExerciseCommandApi):
    """DELETE unlinks a video."""

    @exercise_command("unlink_exercise_media")
    def delete(self, request, exercise_id: UUID, media_id: UUID):
        return self.run(
            request,
            exercise_id,
            lambda eid, **pre: library().unlink_media(eid, **pre, media_id=media_id),
        )


class ExerciseMediaPrimaryApi(ExerciseCommandApi):
    """POST makes a video the one programs show."""

    @exercise_command("make_exercise_media_primary")
    def post(self, request, exercise_id: UUID, media_id: UUID):
        return self.run(
            request,
            exercise_id,
            lambda eid, **pre: library().make_media_primary(eid, **pre, media_id=media_id),
        )


class ExerciseArchiveApi(ExerciseCommandApi):
    """POST archives: programs keep showing the exercise, new entries cannot use it."""

    @exercise_command("archive_exercise")
    def post(self, request, exercise_id: UUID):
        return self.run(request, exercise_id, library().archive_exercise)


class ExerciseMergeApi(ExerciseCommandApi):
    """POST merges into another exercise: programs referring to this one show that one."""

    InputSerializer = s.MergeSerializer

    @exercise_command("merge_exercise", s.MergeSerializer)
    def post(self, request, exercise_id: UUID):
        into = self.validated(request)["into"]
        if exercise_queries.visible_exercise(request.user.id, into) is None:
            raise exceptions.ValidationError({"into": [_("No such exercise.")]})
        return self.run(
            request,
            exercise_id,
            lambda eid, **pre: library().merge_exercise(eid, **pre, into_id=into),
        )
