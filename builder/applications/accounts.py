"""Accounts: the role use cases (one method per command), recorded as Account events."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application

from builder.domain import Account, Actor, account_id, acting


class Accounts(Application[UUID]):
    """Opens a person's account and changes their roles: load, decide, save.

    Who may change roles (admins) and how many other admins remain are decided by the caller,
    which holds the identity rows.
    """

    name = "accounts"

    def open_account(self, *, actor: Actor, user_id: UUID, roles: list[str]) -> Account:
        with acting(actor):
            account = Account.open(user_id=user_id, roles=roles)
        self.save(account)
        return account

    def change_roles(
        self,
        user_id: UUID,
        *,
        actor: Actor,
        roles: list[str],
        current_roles: list[str],
        other_admins: int,
    ) -> Account:
        """Record the new role set; an account without a stream is opened with `current_roles`."""
        with acting(actor):
            account = self._account(user_id) or Account.open(user_id=user_id, roles=current_roles)
            account.change_roles(roles, other_admins=other_admins)
        self.save(account)
        return account

    def record_export(self, user_id: UUID, *, actor: Actor, current_roles: list[str]) -> Account:
        """Record that `actor` (an admin) exported the person's data."""
        with acting(actor):
            account = self._account(user_id) or Account.open(user_id=user_id, roles=current_roles)
            account.record_export()
        self.save(account)
        return account

    def record_erasure(
        self, user_id: UUID, *, actor: Actor, current_roles: list[str], streams: int
    ) -> Account:
        """Append the receipt of the person's erasure to their account stream."""
        with acting(actor):
            account = self._account(user_id) or Account.open(user_id=user_id, roles=current_roles)
            account.record_erasure(streams=streams)
        self.save(account)
        return account

    def _account(self, user_id: UUID) -> Account | None:
        try:
            account = self.repository.get(account_id(user_id))
        except AggregateNotFoundError:
            return None
        return account if isinstance(account, Account) else None
