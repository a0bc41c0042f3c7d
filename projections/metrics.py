"""Prometheus metrics of the worker projections: lag in events and seconds, and failure."""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from projections import status

_GAUGES = {
    "builder_projection_lag_events": "Events of its topics a worker projection has not applied.",
    "builder_projection_lag_seconds": "How long the oldest event it has not applied has waited.",
    "builder_projection_failed": "1 when the projection stopped at an event it cannot apply.",
}


class ProjectionLagCollector(Collector):
    """Reads each worker projection's standing when scraped."""

    def describe(self) -> Iterator[GaugeMetricFamily]:
        # Registration asks for names only; without this it would query the database at start.
        for name in _GAUGES:
            yield GaugeMetricFamily(name, "", labels=["projection"])

    def collect(self) -> Iterator[GaugeMetricFamily]:
        gauges = {
            name: GaugeMetricFamily(name, text, labels=["projection"])
            for name, text in _GAUGES.items()
        }
        for standing in status.standings():
            labels = [standing.name]
            gauges["builder_projection_lag_events"].add_metric(labels, standing.lag_events)
            gauges["builder_projection_lag_seconds"].add_metric(labels, standing.lag_seconds)
            gauges["builder_projection_failed"].add_metric(labels, standing.state == "failed")
        yield from gauges.values()
