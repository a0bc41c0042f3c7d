"""TRUNCATE refused on what cannot be restored: the event log, the key vault, the ledger.

The row trigger of 0001 leaves TRUNCATE, a statement of its own, possible for the owner: a
statement trigger refuses it on the event log, the key vault (every person's data, unreadable
without it) and the erasure ledger (which keeps keys from being made again for the erased)
unless the session sets ``eventstore.allow_truncate`` to ``on``, as only the test suite's flush
does.
"""

from django.db import migrations

GUARDED = ("eventstore_events", "eventstore_data_keys", "eventstore_erasures")

REFUSE_TRUNCATE = """
CREATE FUNCTION eventstore_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('eventstore.allow_truncate', true) IS DISTINCT FROM 'on' THEN
        RAISE EXCEPTION 'TRUNCATE of % refused: it cannot be restored from anything', TG_TABLE_NAME
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NULL;
END
$$;
""" + "".join(
    f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}"
    " FOR EACH STATEMENT EXECUTE FUNCTION eventstore_refuse_truncate();\n"
    for table in GUARDED
)

ALLOW_TRUNCATE = "".join(f"DROP TRIGGER {table}_no_truncate ON {table};\n" for table in GUARDED) + (
    "DROP FUNCTION eventstore_refuse_truncate();"
)


class Migration(migrations.Migration):
    dependencies = [("eventstore", "0003_key_vault")]

    operations = [
        migrations.RunSQL(REFUSE_TRUNCATE, ALLOW_TRUNCATE),
    ]
