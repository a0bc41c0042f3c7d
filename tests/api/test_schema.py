"""The OpenAPI document describes every API route, validates, and the docs page works offline."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


def api_routes() -> set[str]:
    """Every route under /api/ as an OpenAPI path template."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                yield "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)

    return {route for route in walk(get_resolver().url_patterns) if route.startswith("/api/")}


@pytest.fixture
def schema(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def test_the_schema_is_public_and_valid_openapi(schema):
    validate(schema)


def test_every_api_route_is_described(schema):
    undocumented = api_routes() - set(schema["paths"]) - {"/api/schema/", "/api/docs/"}

    assert undocumented == set()


def test_edits_declare_if_match_and_creations_idempotency_key(schema):
    add_week = schema["paths"]["/api/programs/{program_id}/weeks/"]["post"]
    create = schema["paths"]["/api/programs/"]["post"]

    assert any(
        p["name"] == "If-Match" and p["in"] == "header" and p["required"]
        for p in add_week["parameters"]
    )
    assert any(p["name"] == "Idempotency-Key" for p in create["parameters"])
    assert "ETag" in add_week["responses"]["200"]["headers"]
    assert "application/problem+json" in add_week["responses"]["412"]["content"]


def test_both_authentication_schemes_are_declared(schema):
    assert {"tokenAuth", "cookieAuth"} <= set(schema["components"]["securitySchemes"])


def test_the_docs_page_loads_its_assets_from_this_server_only(client):
    page = client.get("/api/docs/")
    html = page.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)

    assert page.status_code == 200
    assert assets and all(a.startswith("/") for a in assets), assets
    assert all(client.get(a.split("?")[0]).status_code == 200 for a in assets if "/static/" in a)
    assert "default-src 'self'" in page["Content-Security-Policy"]
