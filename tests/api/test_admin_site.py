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
