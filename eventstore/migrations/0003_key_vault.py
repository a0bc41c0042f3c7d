"""The key vault (one wrapped data key per data subject) and the ledger of erased subjects.

A trigger refuses a data key for a subject in the ledger, whatever code tries: a key is never
created again for an erased person (eventstore/keyvault.py serialises the two with an advisory
lock; this is the database's own guarantee).
"""

from django.db import migrations, models
from django.db.models.functions import Now

REFUSE_KEY_FOR_ERASED = """
CREATE FUNCTION eventstore_refuse_erased_key() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT FROM eventstore_erasures WHERE subject_id = NEW.subject_id) THEN
        RAISE EXCEPTION 'subject % was erased: no data key is created for them', NEW.subject_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER eventstore_data_keys_not_for_erased
    BEFORE INSERT OR UPDATE ON eventstore_data_keys
    FOR EACH ROW EXECUTE FUNCTION eventstore_refuse_erased_key();
"""

DROP_REFUSAL = """
DROP TRIGGER eventstore_data_keys_not_for_erased ON eventstore_data_keys;
DROP FUNCTION eventstore_refuse_erased_key();
"""


class Migration(migrations.Migration):
    dependencies = [("eventstore", "0002_hash_chain")]

    operations = [
        migrations.CreateModel(
            name="DataKey",
            fields=[
                ("subject_id", models.UUIDField(primary_key=True, serialize=False)),
                ("wrapped_key", models.BinaryField(help_text="Nonce and AES-GCM wrapped key.")),
                ("master_key_id", models.CharField(max_length=32)),
                ("created_at", models.DateTimeField(db_default=Now())),
                ("rewrapped_at", models.DateTimeField(null=True)),
            ],
            options={"db_table": "eventstore_data_keys"},
        ),
        migrations.CreateModel(
            name="Erasure",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("subject_id", models.UUIDField(unique=True)),
                ("erased_at", models.DateTimeField(db_default=Now())),
            ],
            options={"db_table": "eventstore_erasures"},
        ),
        migrations.RunSQL(REFUSE_KEY_FOR_ERASED, DROP_REFUSAL),
    ]
