"""Audit endpoints: the last verification of the event store's hash chain, for auditors."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from builder.api.schema import problems
from builder.models import Role
from eventstore.verification import last_verification


class IsAuditor(BasePermission):
    """Auditors and admins."""

    def has_permission(self, request, view) -> bool:
        return bool({Role.AUDITOR, Role.ADMIN} & set(request.user.roles))


class VerificationSerializer(serializers.Serializer):
    ok = serializers.BooleanField(help_text="True when every link recomputed matched.")
    checked = serializers.IntegerField(help_text="Events whose hash was recomputed.")
    first_broken_position = serializers.IntegerField(allow_null=True)
    detail = serializers.CharField()
    head_position = serializers.IntegerField(
        allow_null=True, help_text="Last position found intact."
    )
    head_hash = serializers.CharField(
        allow_null=True,
        help_text="Hex SHA-256 stored at head_position; kept elsewhere, it reveals a rewrite.",
    )
    started_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField()


class LastVerificationSerializer(serializers.Serializer):
    last_verification = VerificationSerializer(allow_null=True)


class AuditVerificationApi(APIView):
    """GET the outcome of the last `manage.py verify_events` run."""

    permission_classes = [IsAuthenticated, IsAuditor]

    @extend_schema(
        operation_id="read_last_verification",
        description=(
            "The outcome of the last verification of the event store's hash chain "
            "(`manage.py verify_events`, run by the operator). `last_verification` is null "
            "when the chain was never verified. Auditors and admins only."
        ),
        responses={
            200: OpenApiResponse(
                LastVerificationSerializer, description="The last verification, or null."
            ),
            **problems(_401="Not authenticated.", _403="Not an auditor or admin."),
        },
    )
    def get(self, request):
        body = {"last_verification": last_verification()}
        return Response(LastVerificationSerializer(body).data)
