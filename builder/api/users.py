"""Admin endpoints about people: list users, set a user's roles (recorded as Account events)."""

from __future__ import annotations

from uuid import UUID

from django.db.models import Q
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from builder.api.pages import Pages
from builder.api.schema import PAGE_PARAMETERS, paginated, problems
from builder.api.serializers import StrictSerializer
from builder.domain import ROLES, Actor
from builder.models import Role, User
from builder.services import people


class IsAdmin(BasePermission):
    def has_permission(self, request, view) -> bool:
        return Role.ADMIN in request.user.roles


class UserSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    email = serializers.EmailField()
    display_name = serializers.CharField()
    roles = serializers.ListField(child=serializers.ChoiceField(ROLES))
    is_active = serializers.BooleanField()
    date_joined = serializers.DateTimeField()


class UserFilters(serializers.Serializer):
    q = serializers.CharField(max_length=200, required=False, help_text="Email or display name.")
    role = serializers.ChoiceField(ROLES, required=False)


class RolesSerializer(StrictSerializer):
    roles = serializers.ListField(
        child=serializers.ChoiceField(ROLES), max_length=len(ROLES), help_text="The full set."
    )


ADMIN_PROBLEMS = problems(_401="Not authenticated.", _403="Not an admin.")


class AdminApi(APIView):
    permission_classes = [IsAuthenticated, IsAdmin]


class UserCollectionApi(AdminApi):
    """GET the users, filtered by text and role, for admins."""

    @extend_schema(
        operation_id="list_users",
        parameters=[UserFilters, *PAGE_PARAMETERS],
        responses={
            200: paginated(UserSerializer, "UserPage"),
            **problems(_400="Invalid filter.", _404="No such page."),
            **ADMIN_PROBLEMS,
        },
    )
    def get(self, request):
        filters = UserFilters(data=request.query_params)
        filters.is_valid(raise_exception=True)
        users = _filtered(User.objects.order_by("email", "id"), **filters.validated_data)
        pages = Pages()
        page = pages.paginate_queryset(users, request, view=self)
        return pages.get_paginated_response(UserSerializer(page, many=True).data)


def _filtered(users, q: str | None = None, role: str | None = None):
    if q:
        users = users.filter(Q(email__icontains=q) | Q(display_name__icontains=q))
    if role:
        users = users.filter(roles__contains=[role])
    return users


class UserRolesApi(AdminApi):
    """PUT a user's full role set; the change is recorded with the acting admin."""

    @extend_schema(
        operation_id="set_user_roles",
        request=RolesSerializer,
        responses={
            200: OpenApiResponse(UserSerializer, description="The user with the new roles."),
            **problems(
                _400="Unknown roles.",
                _404="No such user.",
                _409="The last admin cannot give up the admin role.",
            ),
            **ADMIN_PROBLEMS,
        },
    )
    def put(self, request, user_id: UUID):
        serializer = RolesSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        actor = Actor(user_id=request.user.id, correlation_id=request.correlation_id)
        user = people.change_roles(user_id, serializer.validated_data["roles"], actor=actor)
        return Response(UserSerializer(user).data)
