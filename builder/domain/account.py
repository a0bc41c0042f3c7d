"""The Account aggregate: a person's roles over time (ids and role names only, no identity data)."""

from __future__ import annotations

from uuid import UUID, uuid5

from eventsourcing.domain import event

from builder.domain import personal
from builder.domain.audit import AuditedAggregate
from builder.domain.errors import InvalidValue, RuleViolation

ROLES = ("coach", "athlete", "auditor", "admin")
SELF_SERVICE_ROLES = ("coach", "athlete")
ADMIN = "admin"

# Account streams are named after the user, in their own namespace so that a stream id is never
# the user id itself (user ids appear in other streams' events and in URLs).
_ACCOUNTS = UUID("6b1d7c2e-94a4-4c59-9f0e-3f1f5f6a2b7d")


class LastAdminError(RuleViolation):
    """The change would leave the service without an admin."""

    code = "last-admin"
    english = "the last admin cannot give up the admin role"


class AccountErasedError(RuleViolation):
    """The person's data was erased: nothing more is recorded about them."""

    code = "account-erased"
    english = "this person's data was erased"


def account_id(user_id: UUID) -> UUID:
    """The id of the stream that records this user's roles."""
    return uuid5(_ACCOUNTS, str(user_id))


def role_set(roles: object) -> tuple[str, ...]:
    """Roles as a sorted tuple without repeats, or InvalidValue("roles", ...)."""
    if not isinstance(roles, list | tuple) or not all(isinstance(r, str) for r in roles):
        raise InvalidValue("roles", "not-text-list")
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise InvalidValue("roles", "not-a-choice", choices=", ".join(ROLES))
    return tuple(sorted(set(roles)))


class Account(AuditedAggregate):
    """One person's roles: opened with the roles they had, then every grant and revocation.

    The user's row keeps the current roles for fast authorisation; these events are the audit
    record of who changed them, when and how.
    """

    def __init__(self, *, user_id: UUID, roles: tuple[str, ...]) -> None:
        self.user_id = user_id
        self.roles = tuple(roles)
        self.erased = False

    @classmethod
    def open(cls, *, user_id: UUID, roles: list[str] | tuple[str, ...]) -> Account:
        """The account of `user_id`, starting with `roles` (at registration, or as found)."""
        return cls._create(
            cls.Opened, id=account_id(user_id), user_id=user_id, roles=role_set(roles)
        )

    class Opened(AuditedAggregate.Created):
        user_id: UUID
        roles: tuple[str, ...]

    def change_roles(self, roles: list[str] | tuple[str, ...], *, other_admins: int) -> bool:
        """Replace the role set; False when nothing changes. The last admin stays an admin."""
        self._ensure_not_erased()
        new = role_set(roles)
        if new == self.roles:
            return False
        if ADMIN in self.roles and ADMIN not in new and other_admins < 1:
            raise LastAdminError()
        granted = tuple(r for r in new if r not in self.roles)
        revoked = tuple(r for r in self.roles if r not in new)
        self._roles_changed(roles=new, granted=granted, revoked=revoked)
        return True

    @event("RolesChanged")
    def _roles_changed(
        self, roles: tuple[str, ...], granted: tuple[str, ...], revoked: tuple[str, ...]
    ) -> None:
        self.roles = tuple(roles)

    def record_export(self) -> None:
        """An admin exported this person's data (the export itself is not recorded)."""
        self._ensure_not_erased()
        self._data_exported()

    @event("DataExported")
    def _data_exported(self) -> None:
        pass  # the fact is the record: who asked (actor) and when

    def record_erasure(self, *, streams: int) -> None:
        """The receipt of an erasure: who erased this person, when, and how many streams it
        touched; no personal data. The person has no roles left afterwards."""
        self._ensure_not_erased()
        self._erased(streams=streams)

    @event("Erased")
    def _erased(self, streams: int) -> None:
        self.erased = True
        self.roles = ()

    def _ensure_not_erased(self) -> None:
        if self.erased:
            raise AccountErasedError()


personal.declare_person_ids(Account, {"Opened": ("user_id",)})
