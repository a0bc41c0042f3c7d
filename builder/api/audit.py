"""Audit endpoints for auditors and admins: the timeline of every event, and the last
verification of the event store's hash chain."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from builder.api.schema import (
    CURSOR_PARAMETERS,
    FRESHNESS_PARAMETERS,
    AuditEntrySerializer,
    cursor_paginated,
    problems,
)
from builder.api.timeline import timeline_page
from builder.models import Role
from projections.queries import audit as audit_queries


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
        body = {"last_verification": audit_queries.last_verification()}
        return Response(LastVerificationSerializer(body).data)


class AuditEventFilters(serializers.Serializer):
    stream = serializers.UUIDField(required=False, help_text="Only this stream's events.")
    kind = serializers.CharField(
        max_length=40, required=False, help_text="Only streams of this kind, e.g. program."
    )
    actor = serializers.UUIDField(required=False, help_text="Only what this user did.")
    type = serializers.CharField(
        max_length=80, required=False, help_text="Only this event type, e.g. RolesChanged."
    )
    since = serializers.DateTimeField(required=False, help_text="At or after this time.")
    until = serializers.DateTimeField(required=False, help_text="Before this time.")


class AuditEventsApi(APIView):
    """GET the timeline of every stream, filtered, oldest first."""

    permission_classes = [IsAuthenticated, IsAuditor]

    @extend_schema(
        operation_id="list_audit_events",
        description=(
            "Every recorded event of every stream (programs, exercises, accounts, ...), oldest "
            "first, with who did it and a summary in the response's language. Projected by the "
            "worker, so the newest events appear after a short delay. Auditors and admins only."
        ),
        parameters=[AuditEventFilters, *CURSOR_PARAMETERS, *FRESHNESS_PARAMETERS],
        responses={
            200: cursor_paginated(AuditEntrySerializer, "AuditEventPage"),
            **problems(
                _400="Invalid filter.",
                _401="Not authenticated.",
                _403="Not an auditor or admin.",
                _404="Invalid cursor.",
            ),
        },
    )
    def get(self, request):
        filters = AuditEventFilters(data=request.query_params)
        filters.is_valid(raise_exception=True)
        given = filters.validated_data
        rows = audit_queries.audit_events(
            stream_id=given.get("stream"),
            stream_kind=given.get("kind"),
            actor_id=given.get("actor"),
            event_type=given.get("type"),
            since=given.get("since"),
            until=given.get("until"),
        )
        return timeline_page(request, self, rows)
