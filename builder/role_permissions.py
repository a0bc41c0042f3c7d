"""What each role may do in the staff admin site, as Django permissions.

The roles (`User.roles`) are the one record of what a person may do, so the admin's permissions
are read from them by an authentication backend rather than stored as groups: nothing needs
keeping in step when an admin changes someone's roles, and the change holds from the next
request. The site itself is open to staff only (`is_staff`); these decide what staff see there.
"""

from __future__ import annotations

from django.contrib.auth.backends import BaseBackend

from builder.models import Role

# The models builder/admin.py shows; the event store and read models are read-only there anyway.
SHOWN = (
    "builder.user",
    "eventstore.eventrecord",
    "projections.coachinglinkrow",
    "projections.assignmentrow",
    "projections.projectionstatus",
)


def _view(label: str) -> str:
    app_label, model_name = label.split(".")
    return f"{app_label}.view_{model_name}"


# Admins read everything shown and change people (not their roles: those are events, changed
# through the API); auditors read. Nobody adds or deletes here: accounts open and are erased
# through the services, which record them.
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.ADMIN: frozenset({*map(_view, SHOWN), "builder.change_user"}),
    Role.AUDITOR: frozenset(map(_view, SHOWN)),
}


class RolePermissionsBackend(BaseBackend):
    """Grants an active person the admin-site permissions of their roles (authenticates no one)."""

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if not getattr(user_obj, "is_active", False):
            return set()
        roles = getattr(user_obj, "roles", ())
        return set().union(*(ROLE_PERMISSIONS.get(role, ()) for role in roles))

    def has_module_perms(self, user_obj, app_label: str) -> bool:
        prefix = f"{app_label}."
        return any(perm.startswith(prefix) for perm in self.get_all_permissions(user_obj))
