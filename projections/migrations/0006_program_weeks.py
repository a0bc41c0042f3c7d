"""The program document's weeks move to rows of their own; stored documents are split in place,
and joined again on the way back. A week's row holds its JSON text without its position (the
position column says it)."""

from django.db import migrations, models

SPLIT = """
INSERT INTO projections_program_week (program_id, week_id, position, document)
SELECT d.program_id, (w.week->>'id')::uuid, w.number - 1, (w.week - 'position')::text
FROM projections_program_document AS d,
     jsonb_array_elements(d.document->'weeks') WITH ORDINALITY AS w(week, number);
UPDATE projections_program_document SET document = document - 'weeks';
"""
JOIN = """
UPDATE projections_program_document AS d SET document = d.document || jsonb_build_object(
    'weeks', coalesce((SELECT jsonb_agg(w.document::jsonb || jsonb_build_object('position', w.position)
                              ORDER BY w.position)
                       FROM projections_program_week AS w WHERE w.program_id = d.program_id),
                      '[]'::jsonb));
"""


class Migration(migrations.Migration):
    dependencies = [
        ("projections", "0005_worker_projections"),
    ]

    operations = [
        migrations.CreateModel(
            name="ProgramWeek",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "program_id",
                        "week_id",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("program_id", models.UUIDField()),
                ("week_id", models.UUIDField()),
                ("position", models.PositiveIntegerField()),
                ("document", models.TextField()),
            ],
            options={
                "db_table": "projections_program_week",
            },
        ),
        migrations.RunSQL(SPLIT, JOIN),
    ]
