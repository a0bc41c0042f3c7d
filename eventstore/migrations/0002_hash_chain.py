"""Chain every stored event to the one before it by a hash, and remember verifications.

The encoding is defined in eventstore/hashchain.py; ``eventstore_event_hash`` below is its SQL
twin (the verifier's Python must agree with it byte for byte). A BEFORE INSERT row trigger sets
each new row's hash from its predecessor's: appenders hold the table's EXCLUSIVE lock, so the
predecessor is committed and stable, and within one multi-row INSERT each row's trigger sees the
rows the statement inserted before it (tests/integration/test_hash_chain.py). Whatever hash an
INSERT supplies is overwritten; UPDATE stays refused by the append-only trigger.

Existing rows are hashed in position order while ALTER TABLE holds the table exclusively.
"""

from django.db import migrations, models

HASH_FUNCTION = """
ALTER TABLE eventstore_events ADD COLUMN hash bytea;

-- sha256(previous || fields), each field a 4-byte big-endian length and then its bytes.
CREATE FUNCTION eventstore_event_hash(
    previous bytea,
    notification_id bigint,
    originator_id uuid,
    originator_version bigint,
    topic text,
    state bytea
) RETURNS bytea LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT sha256(
        previous
        || int4send(8) || int8send(notification_id)
        || int4send(16) || uuid_send(originator_id)
        || int4send(8) || int8send(originator_version)
        || int4send(octet_length(convert_to(topic, 'UTF8'))) || convert_to(topic, 'UTF8')
        || int4send(octet_length(state)) || state
    )
$$;
"""

BACKFILL = """
ALTER TABLE eventstore_events DISABLE TRIGGER eventstore_events_append_only;
DO $$
DECLARE
    previous bytea := decode(repeat('00', 32), 'hex');
    event record;
BEGIN
    FOR event IN
        SELECT notification_id, originator_id, originator_version, topic, state
        FROM eventstore_events ORDER BY notification_id
    LOOP
        previous := eventstore_event_hash(
            previous, event.notification_id, event.originator_id, event.originator_version,
            event.topic, event.state
        );
        UPDATE eventstore_events SET hash = previous
        WHERE notification_id = event.notification_id;
    END LOOP;
END
$$;
ALTER TABLE eventstore_events ENABLE TRIGGER eventstore_events_append_only;
ALTER TABLE eventstore_events ALTER COLUMN hash SET NOT NULL;
"""

CHAIN_TRIGGER = """
CREATE FUNCTION eventstore_chain_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- A snapshot older than the append lock could miss the last committed event.
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'events are appended at READ COMMITTED isolation only (hash chain)'
            USING ERRCODE = 'feature_not_supported';
    END IF;
    NEW.hash := eventstore_event_hash(
        coalesce(
            (SELECT hash FROM eventstore_events
             WHERE notification_id < NEW.notification_id
             ORDER BY notification_id DESC LIMIT 1),
            decode(repeat('00', 32), 'hex')
        ),
        NEW.notification_id, NEW.originator_id, NEW.originator_version, NEW.topic, NEW.state
    );
    RETURN NEW;
END
$$;
CREATE TRIGGER eventstore_events_hash_chain
    BEFORE INSERT ON eventstore_events
    FOR EACH ROW EXECUTE FUNCTION eventstore_chain_event();
"""


class Migration(migrations.Migration):
    dependencies = [("eventstore", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    HASH_FUNCTION,
                    "DROP FUNCTION eventstore_event_hash(bytea, bigint, uuid, bigint, text, bytea);"
                    " ALTER TABLE eventstore_events DROP COLUMN hash",
                ),
                migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
                migrations.RunSQL(
                    CHAIN_TRIGGER,
                    "DROP TRIGGER eventstore_events_hash_chain ON eventstore_events;"
                    " DROP FUNCTION eventstore_chain_event()",
                ),
            ],
            state_operations=[
                migrations.AddField(
                    model_name="eventrecord",
                    name="hash",
                    field=models.BinaryField(default=None),
                    preserve_default=False,
                ),
            ],
        ),
        migrations.CreateModel(
            name="VerificationRecord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("started_at", models.DateTimeField()),
                ("finished_at", models.DateTimeField()),
                ("checked", models.BigIntegerField(help_text="Events whose hash was recomputed.")),
                ("ok", models.BooleanField()),
                ("first_broken_position", models.BigIntegerField(null=True)),
                ("detail", models.TextField()),
                (
                    "head_position",
                    models.BigIntegerField(help_text="Last position found intact.", null=True),
                ),
                (
                    "head_hash",
                    models.BinaryField(help_text="Hash stored at head_position.", null=True),
                ),
            ],
            options={"db_table": "eventstore_verification"},
        ),
    ]
