"""Create the event store's tables: events (append-only), snapshots and tracking.

The DDL is written by hand (identity column, trigger); the state operations mirror
eventstore/models.py so that Django knows the tables (flush, reads, makemigrations --check).
"""

import django.db.models.functions.datetime
from django.db import migrations, models

EVENTS = """
CREATE TABLE eventstore_events (
    notification_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    originator_id uuid NOT NULL,
    originator_version bigint NOT NULL,
    topic text NOT NULL,
    state bytea NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT eventstore_events_stream_version_key UNIQUE (originator_id, originator_version)
);
-- Serves select_notifications filtered by topics (projections that follow a few event types).
CREATE INDEX eventstore_events_topic_idx ON eventstore_events (topic, notification_id);
"""

APPEND_ONLY = """
CREATE FUNCTION eventstore_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'stored events are append-only: % of notification % refused',
        TG_OP, OLD.notification_id
        USING ERRCODE = 'restrict_violation';
END
$$;
-- Row-level only: TRUNCATE (Django's test flush) stays possible for the table owner.
CREATE TRIGGER eventstore_events_append_only
    BEFORE UPDATE OR DELETE ON eventstore_events
    FOR EACH ROW EXECUTE FUNCTION eventstore_refuse_change();
"""

SNAPSHOTS = """
CREATE TABLE eventstore_snapshots (
    originator_id uuid NOT NULL,
    originator_version bigint NOT NULL,
    topic text NOT NULL,
    state bytea NOT NULL,
    PRIMARY KEY (originator_id, originator_version)
);
"""

TRACKING = """
CREATE TABLE eventstore_tracking (
    application_name text NOT NULL,
    notification_id bigint NOT NULL,
    PRIMARY KEY (application_name, notification_id)
);
"""


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(EVENTS, "DROP TABLE eventstore_events"),
                migrations.RunSQL(
                    APPEND_ONLY,
                    "DROP TRIGGER eventstore_events_append_only ON eventstore_events;"
                    " DROP FUNCTION eventstore_refuse_change()",
                ),
                migrations.RunSQL(SNAPSHOTS, "DROP TABLE eventstore_snapshots"),
                migrations.RunSQL(TRACKING, "DROP TABLE eventstore_tracking"),
            ],
            state_operations=[
                migrations.CreateModel(
                    name="EventRecord",
                    fields=[
                        ("notification_id", models.BigAutoField(primary_key=True, serialize=False)),
                        ("originator_id", models.UUIDField()),
                        ("originator_version", models.BigIntegerField()),
                        ("topic", models.TextField()),
                        ("state", models.BinaryField()),
                        (
                            "recorded_at",
                            models.DateTimeField(
                                db_default=django.db.models.functions.datetime.Now()
                            ),
                        ),
                    ],
                    options={
                        "db_table": "eventstore_events",
                        "indexes": [
                            models.Index(
                                fields=["topic", "notification_id"],
                                name="eventstore_events_topic_idx",
                            )
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("originator_id", "originator_version"),
                                name="eventstore_events_stream_version_key",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="SnapshotRecord",
                    fields=[
                        (
                            "pk",
                            models.CompositePrimaryKey(
                                "originator_id",
                                "originator_version",
                                blank=True,
                                editable=False,
                                primary_key=True,
                                serialize=False,
                            ),
                        ),
                        ("originator_id", models.UUIDField()),
                        ("originator_version", models.BigIntegerField()),
                        ("topic", models.TextField()),
                        ("state", models.BinaryField()),
                    ],
                    options={"db_table": "eventstore_snapshots"},
                ),
                migrations.CreateModel(
                    name="TrackingRecord",
                    fields=[
                        (
                            "pk",
                            models.CompositePrimaryKey(
                                "application_name",
                                "notification_id",
                                blank=True,
                                editable=False,
                                primary_key=True,
                                serialize=False,
                            ),
                        ),
                        ("application_name", models.TextField()),
                        ("notification_id", models.BigIntegerField()),
                    ],
                    options={"db_table": "eventstore_tracking"},
                ),
            ],
        )
    ]
