"""The Account aggregate and the Accounts application, on the in-memory event store."""

from __future__ import annotations

from uuid import uuid4

import pytest

from builder.applications.accounts import Accounts
from builder.domain import Account, Actor, InvalidValue, LastAdminError, account_id

ADMIN = Actor(user_id=uuid4(), correlation_id="test")


def an_account(roles=("coach",)) -> Account:
    from builder.domain import acting

    with acting(ADMIN):
        return Account.open(user_id=uuid4(), roles=list(roles))


def test_an_account_is_a_stream_named_after_its_user_but_not_the_user_id():
    user_id = uuid4()
    accounts = Accounts()

    account = accounts.open_account(actor=ADMIN, user_id=user_id, roles=["athlete"]).aggregate

    assert account.id == account_id(user_id) != user_id
    assert accounts.repository.get(account.id).roles == ("athlete",)


def test_a_role_change_records_what_was_granted_and_revoked_and_who_did_it():
    from builder.domain import acting

    account = an_account(["coach"])
    with acting(ADMIN):
        account.change_roles(["athlete", "coach", "coach"], other_admins=0)

    changed = account.collect_events()[-1]
    assert type(changed) is Account.RolesChanged
    assert (changed.roles, changed.granted, changed.revoked) == (
        ("athlete", "coach"),
        ("athlete",),
        (),
    )
    assert changed.actor_id == ADMIN.user_id


def test_the_same_role_set_records_nothing():
    account = an_account(["coach"])

    assert account.change_roles(["coach"], other_admins=0) is False
    assert len(account.collect_events()) == 1


def test_the_last_admin_cannot_give_up_the_admin_role():
    account = an_account(["admin"])

    with pytest.raises(LastAdminError):
        account.change_roles(["coach"], other_admins=0)


def test_an_admin_may_step_down_while_another_admin_remains():
    from builder.domain import acting

    account = an_account(["admin"])
    with acting(ADMIN):
        assert account.change_roles([], other_admins=1) is True

    assert account.roles == ()


@pytest.mark.parametrize("roles", [["owner"], "admin", [1]])
def test_unknown_roles_are_refused(roles):
    account = an_account()

    with pytest.raises(InvalidValue) as refused:
        account.change_roles(roles, other_admins=1)

    assert refused.value.field == "roles"


def test_a_user_without_a_stream_gets_one_opened_with_the_roles_found():
    accounts = Accounts()
    user_id = uuid4()

    account = accounts.change_roles(
        user_id, actor=ADMIN, roles=["coach", "athlete"], current_roles=["coach"], other_admins=0
    ).aggregate

    events = list(accounts.events.get(account.id))
    assert [type(e).__name__ for e in events] == ["Opened", "RolesChanged"]
    assert accounts.repository.get(account.id).roles == ("athlete", "coach")
