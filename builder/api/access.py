"""The role rules the endpoints share; which objects a person may see is in projections.queries."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from builder.models import Role


def reads_everything(user: Any) -> bool:
    """Auditors read every program, link and assignment (and change none)."""
    return user.has_role(Role.AUDITOR)


class CoachesWrite(BasePermission):
    """Only coaches run the commands of this endpoint; reading is for everyone signed in."""

    message = _("Only coaches do this.")

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or request.user.has_role(Role.COACH)


class CoachesAndAdminsWrite(BasePermission):
    """Coaches (their own) and admins (the system's) create here; reading is for all."""

    message = _("Only coaches and admins do this.")

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return request.user.has_role(Role.COACH) or request.user.has_role(Role.ADMIN)
