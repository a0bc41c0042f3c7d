"""The index of persons: for each stored event, the people it names (eventstore.persons).

New events are indexed by the recorder as they are appended, from the ids their mapper names.
The events stored before are indexed here, once, by the scan that found a person's events
before the index existed: every id of a person (a row of the user model) that their stored
state holds, in the transcoder's form (32 hex digits) or the canonical one (with hyphens).
Like the events, the rows are append-only: an erasure must find every event of the person. The
service role may read and add rows, never change, remove or TRUNCATE them.
"""

from django.conf import settings
from django.db import migrations, models
from psycopg import sql

# A UUID as eventsourcing's transcoder writes it, or as text with hyphens.
STORED_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}"

# encode(..., 'escape') reads any bytes as text; ids in a JSON state are ASCII in quotes.
BACKFILL = """
INSERT INTO eventstore_event_subjects (person_id, notification_id, originator_id)
SELECT DISTINCT person.{pk}, event.notification_id, event.originator_id
FROM eventstore_events AS event
CROSS JOIN LATERAL regexp_matches(encode(event.state, 'escape'), %s, 'g') AS found (id)
JOIN {people} AS person ON person.{pk} = found.id[1]::uuid
"""


APPEND_ONLY = """
CREATE TRIGGER eventstore_event_subjects_append_only
    BEFORE UPDATE OR DELETE ON eventstore_event_subjects
    FOR EACH ROW EXECUTE FUNCTION eventstore_refuse_change();
CREATE TRIGGER eventstore_event_subjects_no_truncate BEFORE TRUNCATE ON eventstore_event_subjects
    FOR EACH STATEMENT EXECUTE FUNCTION eventstore_refuse_truncate();
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'builder_service') THEN
        REVOKE UPDATE, DELETE, TRUNCATE ON eventstore_event_subjects FROM builder_service;
        GRANT SELECT, INSERT ON eventstore_event_subjects TO builder_service;
    END IF;
END
$$;
"""


def index_stored_events(cursor, people_table: str, person_key: str) -> None:
    """Index every stored event under each person whose id its stored state holds."""
    statement = sql.SQL(BACKFILL).format(
        people=sql.Identifier(people_table), pk=sql.Identifier(person_key)
    )
    cursor.execute(statement.as_string(), [STORED_UUID])


def index_events_before_the_index(apps, schema_editor):
    people = apps.get_model(settings.AUTH_USER_MODEL)._meta
    with schema_editor.connection.cursor() as cursor:
        index_stored_events(cursor, people.db_table, people.pk.column)


class Migration(migrations.Migration):
    dependencies = [
        ("eventstore", "0004_service_role"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="EventSubject",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "person_id",
                        "notification_id",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("person_id", models.UUIDField()),
                ("notification_id", models.BigIntegerField()),
                ("originator_id", models.UUIDField()),
            ],
            options={"db_table": "eventstore_event_subjects"},
        ),
        migrations.RunSQL(
            APPEND_ONLY,
            "DROP TRIGGER eventstore_event_subjects_append_only ON eventstore_event_subjects;"
            " DROP TRIGGER eventstore_event_subjects_no_truncate ON eventstore_event_subjects",
        ),
        migrations.RunPython(index_events_before_the_index, migrations.RunPython.noop),
    ]
