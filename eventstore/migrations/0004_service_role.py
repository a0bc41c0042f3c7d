"""The service's own database role, and TRUNCATE refused on what cannot be restored.

``builder_service`` is a NOLOGIN group role: the web processes and the projection worker log in
as a member of it, while ``migrate`` and ``rebuild_projections`` (which create tables and
schemas) run as the tables' owner (README "In production"). It owns nothing and may not create
anything; it may read and write the read models, Django's tables and the event store's caches,
but only read and append events and erasures. Later migrations' tables get the same grants by
default privileges (in every schema, so that the tables a blue/green rebuild builds in a schema
of its own keep them); a later append-only table revokes UPDATE and DELETE in its migration.
The role is created when the migrating user may create roles; otherwise migrate's log says
that it was not, nor granted anything: an operator creates it before this migration runs.

Appends take an EXCLUSIVE lock on the event table (eventstore/recorders.py), which PostgreSQL
16 grants only with UPDATE, DELETE or TRUNCATE on it: ``eventstore_lock_appends()`` takes it
with its owner's rights instead, so the role needs none of the three.

The row trigger of 0001 leaves TRUNCATE, a statement of its own, possible for the owner: a
statement trigger refuses it on the event log, the key vault (every person's data, unreadable
without it) and the erasure ledger (which keeps keys from being made again for the erased)
unless the session sets ``eventstore.allow_truncate`` to ``on``, as only the test suite's flush
does. Any session may set it: the role's safeguard is lacking the TRUNCATE privilege.
"""

import logging

from django.db import migrations

logger = logging.getLogger("eventstore.migrations")

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

# The table named with the schema it is in now, so that no search path can point it elsewhere.
LOCK_APPENDS = """
DO $do$
BEGIN
    EXECUTE format($create$
        CREATE FUNCTION eventstore_lock_appends() RETURNS void
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $body$
        BEGIN
            LOCK TABLE %I.eventstore_events IN EXCLUSIVE MODE;
        END
        $body$
    $create$, current_schema());
END
$do$;
REVOKE EXECUTE ON FUNCTION eventstore_lock_appends() FROM PUBLIC;
"""

SERVICE_ROLE = """
DO $$
DECLARE
    schema text := current_schema();
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'builder_service') THEN
        IF NOT (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user) THEN
            RAISE NOTICE 'Role builder_service not created, nor granted anything: % may not'
                ' create roles. See README "In production", "Database roles".', current_user;
            RETURN;
        END IF;
        CREATE ROLE builder_service NOLOGIN;
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO builder_service', schema);
    EXECUTE format(
        'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO builder_service',
        schema
    );
    EXECUTE format('GRANT USAGE ON ALL SEQUENCES IN SCHEMA %I TO builder_service', schema);
    ALTER DEFAULT PRIVILEGES GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO builder_service;
    ALTER DEFAULT PRIVILEGES GRANT USAGE ON SEQUENCES TO builder_service;
    -- Append-only: events (also refused by trigger) and the ledger of erased people.
    REVOKE UPDATE, DELETE ON eventstore_events, eventstore_erasures FROM builder_service;
    GRANT EXECUTE ON FUNCTION eventstore_lock_appends() TO builder_service;
END
$$;
"""

NO_SERVICE_ROLE = """
DO $$
DECLARE
    schema text := current_schema();
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'builder_service') THEN
        ALTER DEFAULT PRIVILEGES REVOKE ALL ON TABLES FROM builder_service;
        ALTER DEFAULT PRIVILEGES REVOKE ALL ON SEQUENCES FROM builder_service;
        EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM builder_service', schema);
        EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA %I FROM builder_service', schema);
        EXECUTE format('REVOKE USAGE ON SCHEMA %I FROM builder_service', schema);
    END IF;
END
$$;
"""


def grant_service_role(apps, schema_editor):
    """The grants above, with the server's NOTICE (a role not created) in migrate's log:
    psycopg drops NOTICEs unless a handler takes them."""
    schema_editor.connection.ensure_connection()
    psycopg_connection = schema_editor.connection.connection

    def log(notice):
        logger.warning("%s", notice.message_primary)

    psycopg_connection.add_notice_handler(log)
    try:
        schema_editor.execute(SERVICE_ROLE, params=None)
    finally:
        psycopg_connection.remove_notice_handler(log)


def revoke_service_role(apps, schema_editor):
    schema_editor.execute(NO_SERVICE_ROLE, params=None)


class Migration(migrations.Migration):
    dependencies = [("eventstore", "0003_key_vault")]

    operations = [
        migrations.RunSQL(REFUSE_TRUNCATE, ALLOW_TRUNCATE),
        migrations.RunSQL(LOCK_APPENDS, "DROP FUNCTION eventstore_lock_appends()"),
        migrations.RunPython(grant_service_role, revoke_service_role),
    ]
