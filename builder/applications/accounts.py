"""Accounts: the role use cases (one method per command), recorded as Account events."""

from __future__ import annotations

from uuid import UUID

from builder.applications.base import CommandApplication, Kind, Saved
from builder.domain import Account, Actor, account_id, acting

# A person without an account stream gets one opened with the roles their row holds.
ACCOUNT = Kind(Account, "account")


class Accounts(CommandApplication):
    """Opens a person's account and changes their roles: load, decide, save.

    Who may change roles (admins) and how many other admins remain are decided by the caller,
    which holds the identity rows.
    """

    name = "accounts"
    kinds = (ACCOUNT,)

    def open_account(self, *, actor: Actor, user_id: UUID, roles: list[str]) -> Saved:
        with acting(actor):
            account = Account.open(user_id=user_id, roles=roles)
        return self._save(account)

    def change_roles(
        self,
        user_id: UUID,
        *,
        actor: Actor,
        roles: list[str],
        current_roles: list[str],
        other_admins: int,
    ) -> Saved:
        """Record the new role set; an account without a stream is opened with `current_roles`."""
        with acting(actor):
            account = self._account(user_id, current_roles)
            account.change_roles(roles, other_admins=other_admins)
        return self._save(account)

    def record_export(self, user_id: UUID, *, actor: Actor, current_roles: list[str]) -> Saved:
        """Record that `actor` (an admin) exported the person's data."""
        with acting(actor):
            account = self._account(user_id, current_roles)
            account.record_export()
        return self._save(account)

    def record_erasure(
        self, user_id: UUID, *, actor: Actor, current_roles: list[str], streams: int
    ) -> Saved:
        """Append the receipt of the person's erasure to their account stream."""
        with acting(actor):
            account = self._account(user_id, current_roles)
            account.record_erasure(streams=streams)
        return self._save(account)

    def _account(self, user_id: UUID, current_roles: list[str]) -> Account:
        """The person's account, or one opened now with `current_roles` (as the actor)."""
        found = self._find(account_id(user_id), ACCOUNT)
        return found or Account.open(user_id=user_id, roles=current_roles)
