"""Admins: where each worker projection stands (position, lag, state, last error)."""

from __future__ import annotations

from dataclasses import asdict

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from builder.api.users import ADMIN_PROBLEMS, AdminApi
from projections.queries import status as status_queries


class ProjectionStandingSerializer(serializers.Serializer):
    name = serializers.CharField()
    state = serializers.ChoiceField(
        ["running", "stopped", "failed", "idle"],
        help_text="idle: no worker has run it yet; failed: stopped at `failed_position`.",
    )
    position = serializers.IntegerField(help_text="The last position it applied.")
    lag_events = serializers.IntegerField(help_text="Events of its topics not yet applied.")
    lag_seconds = serializers.FloatField(help_text="How long the oldest of them has waited.")
    failed_position = serializers.IntegerField(allow_null=True)
    error = serializers.CharField(help_text="Why it failed (empty unless failed).")
    worker = serializers.CharField(help_text="host:pid of the worker that last ran it.")
    updated_at = serializers.DateTimeField(allow_null=True)


class ProjectionCollectionApi(AdminApi):
    """GET every worker projection's standing."""

    @extend_schema(
        operation_id="list_projections",
        responses={200: ProjectionStandingSerializer(many=True), **ADMIN_PROBLEMS},
    )
    def get(self, request):
        standings = [asdict(standing) for standing in status_queries.projection_standings()]
        return Response(ProjectionStandingSerializer(standings, many=True).data)
