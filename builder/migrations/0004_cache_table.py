"""The database cache's table (settings.CACHES), made as `manage.py createcachetable` makes it."""

from django.core.management import call_command
from django.db import migrations

# The table named in settings.CACHES; a migration keeps it fixed whatever the settings say later.
TABLE = "builder_cache"


def create_table(apps, schema_editor) -> None:
    call_command("createcachetable", TABLE, database=schema_editor.connection.alias, verbosity=0)


def drop_table(apps, schema_editor) -> None:
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [
        ("builder", "0003_coaching"),
    ]

    operations = [migrations.RunPython(create_table, drop_table)]
