"""Prometheus metrics of the event store and the projections' positions (/metrics)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db import connection
from prometheus_client import REGISTRY, Counter
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

events_appended = Counter(
    "builder_events_appended", "Events appended (and committed) by this process."
)


class EventStoreCollector(Collector):
    """Reads the store's last position and each projection's position when scraped."""

    def describe(self) -> Iterator[GaugeMetricFamily]:
        # Registration asks for names only; without this it would query the database at import.
        yield GaugeMetricFamily("builder_event_store_position", "")
        yield GaugeMetricFamily("builder_projection_position", "", labels=["projection"])

    def collect(self) -> Iterator[GaugeMetricFamily]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT coalesce(max(notification_id), 0) FROM eventstore_events")
            head = cursor.fetchone()[0]
            cursor.execute(
                "SELECT application_name, max(notification_id) FROM eventstore_tracking"
                " GROUP BY application_name"
            )
            positions = cursor.fetchall()
        yield GaugeMetricFamily(
            "builder_event_store_position", "Position of the last stored event.", value=head
        )
        projection = GaugeMetricFamily(
            "builder_projection_position",
            "Position of the last event each projection has applied.",
            labels=["projection"],
        )
        for name, position in positions:
            projection.add_metric([name], position)
        yield projection


REGISTRY.register(EventStoreCollector())
