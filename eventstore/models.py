"""Read-only Django models over the event store's tables (the recorders write with raw SQL).

The tables themselves are created by migration 0001 with hand-written DDL (identity column,
append-only trigger); these models let Django flush them in tests and let admin-side code read
them. Never write through these models: the recorders own every write.
"""

from django.db import models
from django.db.models.functions import Now


class EventRecord(models.Model):
    """One stored domain event; `notification_id` is its position in the global sequence."""

    notification_id = models.BigAutoField(primary_key=True)
    originator_id = models.UUIDField()
    originator_version = models.BigIntegerField()
    topic = models.TextField()
    state = models.BinaryField()
    recorded_at = models.DateTimeField(db_default=Now())

    class Meta:
        db_table = "eventstore_events"
        constraints = [
            models.UniqueConstraint(
                fields=["originator_id", "originator_version"],
                name="eventstore_events_stream_version_key",
            )
        ]
        indexes = [
            models.Index(fields=["topic", "notification_id"], name="eventstore_events_topic_idx")
        ]

    def __str__(self) -> str:
        return f"#{self.notification_id} {self.originator_id} v{self.originator_version}"


class SnapshotRecord(models.Model):
    """One snapshot of an aggregate at a version."""

    pk = models.CompositePrimaryKey("originator_id", "originator_version")
    originator_id = models.UUIDField()
    originator_version = models.BigIntegerField()
    topic = models.TextField()
    state = models.BinaryField()

    class Meta:
        db_table = "eventstore_snapshots"

    def __str__(self) -> str:
        return f"snapshot {self.originator_id} v{self.originator_version}"


class TrackingRecord(models.Model):
    """A notification id that a downstream application (projection) has processed."""

    pk = models.CompositePrimaryKey("application_name", "notification_id")
    application_name = models.TextField()
    notification_id = models.BigIntegerField()

    class Meta:
        db_table = "eventstore_tracking"

    def __str__(self) -> str:
        return f"{self.application_name} at {self.notification_id}"
