"""Finding the person an export or erasure is about, and the refusals about them."""

from __future__ import annotations

from uuid import UUID

from builder.domain import NotFoundError, RuleViolation
from builder.models import User
from builder.wiring import builder


class PersonNotFoundError(NotFoundError):
    """No person has this id."""

    code = "person-not-found"
    english = "no user with id %(id)s"

    def __init__(self, user_id: UUID) -> None:
        super().__init__(id=user_id)


class PersonErasedError(RuleViolation):
    """The person's data was already erased."""

    code = "person-erased"
    english = "this person's data was erased"


def find_person(user_id: UUID, *, lock: bool = False) -> User:
    users = User.objects.select_for_update() if lock else User.objects
    user = users.filter(id=user_id).first()
    if user is None:
        raise PersonNotFoundError(user_id)
    return user


def is_erased(user_id: UUID) -> bool:
    return builder().mapper.vault.is_erased(user_id)
