"""Django admin for staff: people, and read-only views of the event store and read models."""

from __future__ import annotations

import json
from contextvars import ContextVar
from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.html import format_html
from eventsourcing.persistence import StoredEvent

from builder.models import Role, User
from builder.wiring import builder
from eventstore.models import EventRecord
from eventstore.personal import personal_paths, replace_leaves
from projections import status
from projections.models import AssignmentRow, CoachingLinkRow, ProjectionStatus


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "roles", "is_active", "is_staff"]
    search_fields = ["email", "display_name"]
    # Roles change through PUT /api/admin/users/{id}/roles/, which records them as events.
    readonly_fields = ["id", "roles", "date_joined", "last_login"]
    fieldsets = [
        (None, {"fields": ["id", "email", "password"]}),
        ("Profile", {"fields": ["display_name", "roles"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["date_joined", "last_login"]}),
    ]
    add_fieldsets = [(None, {"fields": ["email", "password1", "password2"]})]

    def get_readonly_fields(self, request, obj=None):
        # Superuser status passes every permission: only a superuser may give it.
        fields = list(super().get_readonly_fields(request, obj))
        return fields if request.user.is_superuser else [*fields, "is_superuser"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """The event store is append-only and written by the application alone."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(EventRecord)
class EventRecordAdmin(ReadOnlyAdmin):
    list_display = [
        "notification_id",
        "event_type",
        "originator_id",
        "originator_version",
        "recorded_at",
    ]
    list_filter = ["topic"]
    search_fields = ["=originator_id"]
    ordering = ["-notification_id"]
    fields = [
        "notification_id",
        "originator_id",
        "originator_version",
        "topic",
        "recorded_at",
        "data",
    ]
    readonly_fields = fields

    @admin.display(description="type")
    def event_type(self, record: EventRecord) -> str:
        return record.topic.rpartition(":")[2]

    def changeform_view(self, request, *args, **kwargs):
        # The display method below sees only the record; it learns who looks from here.
        # The page is rendered here, while the viewer is known, not lazily after returning.
        token = _viewer.set(request.user)
        try:
            response = super().changeform_view(request, *args, **kwargs)
            return response.render() if hasattr(response, "render") else response
        finally:
            _viewer.reset(token)

    @admin.display(description="decoded data")
    def data(self, record: EventRecord):
        # Through the mapper: personal fields decrypted, or "[erased]" once their key is gone;
        # shown only to staff whose role reads personal data, as a placeholder to other staff.
        stored = StoredEvent(
            originator_id=record.originator_id,
            originator_version=record.originator_version,
            topic=record.topic,
            state=bytes(record.state),
        )
        event = builder().mapper.to_domain_event(stored)
        decoded = {k: v for k, v in vars(event).items() if k not in _STREAM_FIELDS}
        if not _reads_personal_data(_viewer.get()):
            decoded = replace_leaves(decoded, personal_paths(type(event)), lambda _: PERSONAL)
        return format_html("<pre>{}</pre>", json.dumps(decoded, indent=2, default=str))


_STREAM_FIELDS = ("originator_id", "originator_version")
PERSONAL = "[personal]"
_viewer: ContextVar[Any] = ContextVar("admin_viewer", default=None)


def _reads_personal_data(user: Any) -> bool:
    """Admins (who export and erase people's data) and auditors read it; other staff do not."""
    return user is not None and bool({Role.ADMIN, Role.AUDITOR} & set(user.roles))


@admin.register(CoachingLinkRow)
class CoachingLinkAdmin(ReadOnlyAdmin):
    """Links change through the API (the athlete consents, either side ends); here they are read."""

    list_display = ["link_id", "coach_id", "athlete_id", "status", "consents", "updated_at"]
    list_filter = ["status"]
    search_fields = ["=link_id", "=coach_id", "=athlete_id"]
    ordering = ["-updated_at"]


@admin.register(AssignmentRow)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = [
        "assignment_id",
        "coach_id",
        "athlete_id",
        "program_id",
        "program_version",
        "start_date",
        "status",
    ]
    list_filter = ["status"]
    search_fields = ["=assignment_id", "=coach_id", "=athlete_id", "=program_id"]
    ordering = ["-start_date"]


@admin.register(ProjectionStatus)
class ProjectionStatusAdmin(ReadOnlyAdmin):
    """Each worker projection's state, position and lag, as GET /api/projections/ shows them."""

    list_display = ["name", "state", "position", "lag", "failed_position", "worker", "updated_at"]
    fields = [*list_display, "error"]
    readonly_fields = fields
    ordering = ["name"]

    @admin.display(description="position")
    def position(self, row: ProjectionStatus) -> int:
        return status.position(row.name)

    @admin.display(description="lag (events)")
    def lag(self, row: ProjectionStatus) -> int | str:
        standing = next((s for s in status.standings() if s.name == row.name), None)
        return standing.lag_events if standing else "-"
