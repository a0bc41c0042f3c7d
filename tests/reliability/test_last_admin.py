"""Two admins stepping down at the same moment: one of them stays admin (never none left)."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token

from tests.reliability.test_concurrent_http import call, in_parallel

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_admins_stepping_down_together_leave_one_admin(live_server, make_user):
    from builder.models import Role, User

    admins = [make_user(f"admin{n}", roles=(Role.ADMIN,)) for n in range(2)]
    tokens = {a.id: Token.objects.create(user=a).key for a in admins}
    pending = iter(admins)

    def step_down():
        me = next(pending)
        body = {"roles": ["coach"]}
        return call(live_server.url, tokens[me.id], "PUT", f"/api/admin/users/{me.id}/roles/", body)

    outcomes = sorted(status for status, _, _ in in_parallel(2, step_down))

    assert outcomes == [200, 409]
    assert User.objects.filter(roles__contains=[Role.ADMIN]).count() == 1
