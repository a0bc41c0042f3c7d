"""A person's data: their own export, and an admin's export and erasure of anyone's."""

from __future__ import annotations

from uuid import UUID

from django.http import StreamingHttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from builder.api.schema import problems
from builder.api.serializers import IdField, StrictSerializer
from builder.api.users import ADMIN_PROBLEMS, AdminApi
from builder.domain import Actor
from builder.services import privacy

EXPORT_RESPONSE = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description="The person's data as one JSON document (docs/export.schema.json), streamed.",
)


class EraseSerializer(StrictSerializer):
    confirm = IdField(help_text="The id of the person to erase, again: erasure cannot be undone.")


class ErasureReceiptSerializer(serializers.Serializer):
    user_id = serializers.UUIDField()
    erased_at = serializers.DateTimeField()
    streams = serializers.IntegerField(help_text="Programs and exercises rendered again.")
    position = serializers.IntegerField(help_text="Position of the erasure's receipt event.")


def _streamed(user_id: UUID) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        privacy.export_person(user_id), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="export-{user_id}.json"'
    response["Cache-Control"] = "no-store"
    return response


class MyExportApi(APIView):
    """GET everything the service holds about the caller, as one JSON document."""

    @extend_schema(
        operation_id="export_my_data",
        responses={200: EXPORT_RESPONSE, **problems(_401="Not authenticated.")},
    )
    def get(self, request):
        return _streamed(request.user.id)


class UserExportApi(AdminApi):
    """POST: an admin exports a person's data; the export is recorded on their account."""

    @extend_schema(
        operation_id="export_user_data",
        request=None,
        responses={
            200: EXPORT_RESPONSE,
            **problems(_404="No such user.", _409="The person's data was erased."),
            **ADMIN_PROBLEMS,
        },
    )
    def post(self, request, user_id: UUID):
        actor = Actor(user_id=request.user.id, correlation_id=request.correlation_id)
        privacy.record_admin_export(user_id, actor=actor)
        return _streamed(user_id)


class UserErasureApi(AdminApi):
    """POST: erase a person's personal data everywhere (needs `confirm`: their id again)."""

    @extend_schema(
        operation_id="erase_user_data",
        request=EraseSerializer,
        responses={
            200: ErasureReceiptSerializer,
            **problems(
                _400="Missing or wrong confirmation.",
                _404="No such user.",
                _409="Already erased, or the last admin.",
            ),
            **ADMIN_PROBLEMS,
        },
    )
    def post(self, request, user_id: UUID):
        serializer = EraseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if serializer.validated_data["confirm"] != user_id:
            raise exceptions.ValidationError(
                {"confirm": [_("Repeat the id of the person to erase.")]}
            )
        actor = Actor(user_id=request.user.id, correlation_id=request.correlation_id)
        receipt = privacy.erase_person(user_id, actor=actor)
        return Response(ErasureReceiptSerializer(receipt).data)
