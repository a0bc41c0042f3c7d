"""Django models over the event store's tables.

The stored-event tables are created by migrations 0001 and 0002 with hand-written DDL (identity
column, append-only trigger, hash chain trigger); their models let Django flush them in tests and
let admin-side code read them. Never write through those models: the recorders own every write,
of the index of persons (``EventSubject``, migration 0005) too.
Only ``VerificationRecord`` is written through the ORM (by eventstore.verification).
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
    # Set by the database on insert (eventstore.hashchain); never written by the application.
    hash = models.BinaryField()

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


class EventSubject(models.Model):
    """A person one stored event names (its actor, its subject, someone it is about): the index
    by which a person's export and erasure find their events (eventstore.persons)."""

    pk = models.CompositePrimaryKey("person_id", "notification_id")
    person_id = models.UUIDField()
    notification_id = models.BigIntegerField()
    # The event's stream, so that a search can leave streams out without reading the events.
    originator_id = models.UUIDField()

    class Meta:
        db_table = "eventstore_event_subjects"

    def __str__(self) -> str:
        return f"{self.person_id} in #{self.notification_id}"


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


class VerificationRecord(models.Model):
    """The outcome of one verification of the hash chain (``manage.py verify_events``)."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    checked = models.BigIntegerField(help_text="Events whose hash was recomputed.")
    ok = models.BooleanField()
    first_broken_position = models.BigIntegerField(null=True)
    detail = models.TextField()
    head_position = models.BigIntegerField(null=True, help_text="Last position found intact.")
    head_hash = models.BinaryField(null=True, help_text="Hash stored at head_position.")

    class Meta:
        db_table = "eventstore_verification"


class DataKey(models.Model):
    """A data subject's key, wrapped by the master key (eventstore.keyvault writes these rows)."""

    subject_id = models.UUIDField(primary_key=True)
    wrapped_key = models.BinaryField(help_text="Nonce and AES-GCM wrapped key.")
    master_key_id = models.CharField(max_length=32)
    created_at = models.DateTimeField(db_default=Now())
    rewrapped_at = models.DateTimeField(null=True)

    class Meta:
        db_table = "eventstore_data_keys"


class Erasure(models.Model):
    """A data subject whose key was destroyed; no key is ever created for them again."""

    id = models.BigAutoField(primary_key=True)
    subject_id = models.UUIDField(unique=True)
    erased_at = models.DateTimeField(db_default=Now())

    class Meta:
        db_table = "eventstore_erasures"
