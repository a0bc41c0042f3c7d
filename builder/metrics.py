"""The Prometheus page: every process's counts added up, and the database's gauges once."""

from __future__ import annotations

import os

from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

from eventstore.metrics import EventStoreCollector
from projections.metrics import ProjectionLagCollector


def metrics_page() -> bytes:
    """The metrics in Prometheus's text format."""
    return generate_latest(_registry())


def _registry() -> CollectorRegistry:
    # Under gunicorn each worker counts into files of its own in PROMETHEUS_MULTIPROC_DIR; the
    # worker answering the scrape reads them all. The gauges read from the database are the
    # same from any process, so they are collected here once rather than from the files.
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return REGISTRY
    registry = CollectorRegistry()
    MultiProcessCollector(registry)
    registry.register(EventStoreCollector())
    registry.register(ProjectionLagCollector())
    return registry
