"""The staff admin site in a browser: its own styles and scripts load, roles decide what staff
see there, and its lists are named in proper English."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def directives(answer) -> dict[str, list[str]]:
    policy = answer["Content-Security-Policy"]
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {name: sources for name, *sources in parts}


def test_the_admin_login_page_may_load_its_own_styles_and_scripts():
    policy = directives(Client().get("/admin/login/"))

    assert policy["style-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'"]
    assert policy["default-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_the_api_keeps_a_policy_that_loads_nothing():
    policy = directives(Client().get("/healthz"))

    assert policy == {
        "default-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
    }


@pytest.fixture
def staff_with(make_user):
    """A staff member holding one role and no superuser status, as the demo seed makes them."""

    def make(role):
        user = make_user(str(role), roles=(role,))
        user.is_staff = True
        user.save()
        client = Client()
        client.force_login(user)
        return user, client

    return make


def registered() -> list:
    """The models builder/admin.py shows (Django's auth app adds its groups, superusers only)."""
    from django.contrib import admin

    return [
        m for m, shown in admin.site._registry.items() if type(shown).__module__ == "builder.admin"
    ]


def changelist(model) -> str:
    return f"/admin/{model._meta.app_label}/{model._meta.model_name}/"


def test_an_admin_sees_every_list_of_the_admin_site(staff_with):
    from builder.models import Role

    _, client = staff_with(Role.ADMIN)
    index = client.get("/admin/").content.decode()

    for model in registered():
        assert str(model._meta.verbose_name_plural).capitalize() in index
        answer = client.get(changelist(model))
        assert answer.status_code == 200, model


def test_an_admin_may_change_a_person_in_the_admin_site(staff_with, coach):
    from builder.models import Role

    _, client = staff_with(Role.ADMIN)
    form = client.get(f"/admin/builder/user/{coach.id}/change/")

    assert form.status_code == 200
    assert b'name="_save"' in form.content


def test_an_auditor_sees_every_list_but_may_change_nothing(staff_with, coach):
    from builder.models import Role

    _, client = staff_with(Role.AUDITOR)
    lists = [client.get(changelist(model)).status_code for model in registered()]
    form = client.get(f"/admin/builder/user/{coach.id}/change/")
    change = client.post(f"/admin/builder/user/{coach.id}/change/", {"email": "x@example.com"})

    assert lists == [200] * len(lists)
    assert form.status_code == 200 and b'name="_save"' not in form.content
    assert change.status_code == 403
    coach.refresh_from_db()
    assert coach.email != "x@example.com"


def test_staff_of_another_role_see_no_list(staff_with):
    from builder.models import Role

    _, client = staff_with(Role.COACH)

    assert [client.get(changelist(model)).status_code for model in registered()] == [403] * len(
        registered()
    )


def test_an_admin_who_is_not_a_superuser_cannot_make_one(staff_with, coach):
    from builder.models import Role

    _, client = staff_with(Role.ADMIN)
    form = client.get(f"/admin/builder/user/{coach.id}/change/")

    assert b'name="is_superuser"' not in form.content
    assert b'name="is_staff"' in form.content


PLURALS = {
    "user": "users",
    "event record": "event records",
    "coaching link": "coaching links",
    "assignment": "assignments",
    "projection status": "projection statuses",
}


def test_each_list_is_named_by_its_proper_plural():
    names = {
        str(model._meta.verbose_name): str(model._meta.verbose_name_plural)
        for model in registered()
    }

    assert names == PLURALS
