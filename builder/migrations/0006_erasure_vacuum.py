"""The tables an erasure rewrote, until a VACUUM has rewritten their files in turn.

Written in the erasure's transaction, deleted once the VACUUM is done, so that a VACUUM refused
(to a role that does not own the table) or lost (a crash after the commit) is still to do:
``manage.py vacuum_erasures`` (builder/services/privacy/vacuum.py). No model: only that module
reads or writes it.
"""

from django.db import migrations

PENDING = """
CREATE TABLE builder_erasure_vacuum (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    schema_name text NOT NULL,
    table_name text NOT NULL,
    requested_at timestamptz NOT NULL DEFAULT now()
);
"""


class Migration(migrations.Migration):
    # The service role gets this table either way: from eventstore 0004's grants if this runs
    # first, from its default privileges if it runs after.
    dependencies = [("builder", "0005_hashed_idempotency_keys")]

    operations = [migrations.RunSQL(PENDING, "DROP TABLE builder_erasure_vacuum")]
