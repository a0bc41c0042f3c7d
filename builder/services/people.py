"""Registration and role changes: the identity row and the Account events in one transaction.

`User.roles` is the fast read for authorisation; the Account stream is the audit record of how
it came to be. Both are written together here, so neither exists without the other.
"""

from __future__ import annotations

from uuid import UUID, uuid4

from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction

from builder.domain import ROLES, SELF_SERVICE_ROLES, Actor, InvalidValue, NotFoundError
from builder.models import Role, User
from builder.wiring import accounts


class UnknownUserError(NotFoundError):
    """No user has this id."""

    code = "unknown-user"
    english = "no user with id %(id)s"

    def __init__(self, user_id: UUID) -> None:
        super().__init__(id=user_id)


def register(
    *, email: str, password: str, display_name: str, role: str, correlation_id: str
) -> User | None:
    """A new account with one self-service role, or nothing when the address is taken.

    The password is hashed either way, so both outcomes take the same time.
    """
    if role not in SELF_SERVICE_ROLES:
        raise InvalidValue("role", "not-a-choice", choices=", ".join(SELF_SERVICE_ROLES))
    email = User.objects.normalize_email(email).lower()
    user = User(id=uuid4(), email=email, display_name=display_name, roles=[role])
    user.password = make_password(password)
    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint: a taken address leaves nothing behind
                user.save(force_insert=True)
        except IntegrityError:
            return None
        actor = Actor(user_id=user.id, correlation_id=correlation_id)
        accounts().open_account(actor=actor, user_id=user.id, roles=[role])
    return user


def change_roles(user_id: UUID, roles: list[str], *, actor: Actor) -> User:
    """Give the user exactly `roles`, recording the change as the acting admin's event."""
    with transaction.atomic():
        # Lock every admin row (in one order) so two admins stepping down at once cannot both
        # count the other as remaining.
        admins = set(
            User.objects.select_for_update()
            .filter(roles__contains=[Role.ADMIN])
            .order_by("id")
            .values_list("id", flat=True)
        )
        user = User.objects.select_for_update().filter(id=user_id).first()
        if user is None:
            raise UnknownUserError(user_id)
        saved = accounts().change_roles(
            user_id,
            actor=actor,
            roles=roles,
            current_roles=list(user.roles),
            other_admins=len(admins - {user_id}),
        )
        user.roles = [role for role in ROLES if role in saved.aggregate.roles]
        user.save(update_fields=["roles"])
    return user
