"""Probes and metrics: liveness, readiness, and Prometheus metrics for the operator only."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from prometheus_client import CONTENT_TYPE_LATEST

from builder.api.refusals import forbidden_view
from builder.metrics import metrics_page
from projections.queries import status as status_queries

_migrated = False


def healthz(request: HttpRequest) -> JsonResponse:
    """The process is alive (no dependency is checked)."""
    return JsonResponse({"status": "ok"})


def readyz(request: HttpRequest) -> JsonResponse:
    """Ready for traffic: the database answers, every migration is applied, and no worker
    projection has failed or lags past PROJECTION_MAX_LAG_SECONDS."""
    try:
        migrations = "ok" if _all_migrations_applied() else "pending"
        troubled = _troubled_projections() if migrations == "ok" else {}
    except Exception:  # any failure to reach the database means not ready
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    ready = migrations == "ok" and not troubled
    body = {
        "status": "ok" if ready else "unavailable",
        "database": "ok",
        "migrations": migrations,
        "projections": troubled or "ok",
    }
    return JsonResponse(body, status=200 if ready else 503)


def _troubled_projections() -> dict[str, str]:
    """Failed or lagging worker projections that reads depend on, by name (one no worker has run
    yet is neither)."""
    troubled = {}
    for standing in status_queries.projection_standings():
        if not status_queries.serves_reads(standing.name):
            continue
        if standing.state == "failed":
            troubled[standing.name] = f"failed at position {standing.failed_position}"
        elif standing.state != "idle" and (
            standing.lag_seconds > settings.PROJECTION_MAX_LAG_SECONDS
        ):
            troubled[standing.name] = f"lagging {standing.lag_seconds:.0f} s"
    return troubled


def _all_migrations_applied() -> bool:
    # Once applied they stay applied for this process's code, so the graph is read until then.
    global _migrated
    if not _migrated:
        executor = MigrationExecutor(connection)
        _migrated = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    else:
        connection.ensure_connection()
    return _migrated


def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus metrics, for a scraper holding METRICS_TOKEN or a staff session."""
    if not _may_scrape(request):
        return forbidden_view(request)
    return HttpResponse(metrics_page(), content_type=CONTENT_TYPE_LATEST)


def _may_scrape(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    offered = request.headers.get("Authorization", "").removeprefix("Bearer ")
    if token and secrets.compare_digest(offered.encode(), token.encode()):
        return True
    return bool(request.user.is_authenticated and request.user.is_staff)
