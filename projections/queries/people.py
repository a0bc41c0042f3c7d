"""Who people are shown as beside what they did and the links they are in."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from builder.domain.operations import OPERATOR
from builder.models import User

ERASED = "[erased]"
OPERATOR_NAME = "[operator]"


def actor_names(actor_ids: set[UUID]) -> dict[UUID, str]:
    """Display names by user id, in one query; erased or deleted people read as "[erased]".

    Erasure keeps a person's row, inactive and without a name, so that ids stay valid.
    """
    people = User.objects.filter(id__in=actor_ids).values_list("id", "display_name", "is_active")
    found = {id_: name for id_, name, active in people if active or name}
    found[OPERATOR] = OPERATOR_NAME  # maintenance run from a shell by no one in particular
    return {actor_id: found.get(actor_id, ERASED) for actor_id in actor_ids}


def display_names(user_ids: Iterable[UUID | None]) -> dict[UUID, str]:
    """Display names by user id (blanks skipped): all that others in a link are shown."""
    return actor_names({user_id for user_id in user_ids if user_id is not None})
