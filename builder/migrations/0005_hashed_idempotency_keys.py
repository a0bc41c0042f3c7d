"""Idempotency keys are kept as keyed hashes: the ones recorded in the clear are hashed."""

from django.db import migrations
from django.utils.crypto import salted_hmac


def hash_recorded_keys(apps, schema_editor):
    # The same hash as builder.api.idempotency.stored_key, as it was when this ran.
    records = apps.get_model("builder", "IdempotencyRecord")
    for record in records.objects.all().only("id", "key"):
        hashed = salted_hmac("idempotency-key", record.key).hexdigest()
        records.objects.filter(id=record.id).update(key=hashed)


class Migration(migrations.Migration):
    dependencies = [("builder", "0004_cache_table")]

    operations = [migrations.RunPython(hash_recorded_keys, migrations.RunPython.noop)]
