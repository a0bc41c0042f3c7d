"""Read models kept by the projections. Rows are a function of the events alone (rebuildable)."""

from django.contrib.postgres.fields import ArrayField
from django.db import models


class ProgramDocument(models.Model):
    """The whole program tree in one row: what the editor loads."""

    program_id = models.UUIDField(primary_key=True)
    version = models.PositiveIntegerField()
    position = models.BigIntegerField(help_text="Position of the last event projected.")
    document = models.JSONField()

    class Meta:
        db_table = "projections_program_document"


class ProgramSummary(models.Model):
    """One row per program for lists, filters and access checks; no tree."""

    program_id = models.UUIDField(primary_key=True)
    owner_id = models.UUIDField()
    athlete_id = models.UUIDField(null=True)
    kind = models.CharField(max_length=16)
    status = models.CharField(max_length=16)
    title = models.CharField(max_length=200)
    tags = ArrayField(models.CharField(max_length=40), default=list)
    version = models.PositiveIntegerField()
    latest_published = models.PositiveIntegerField(null=True)
    weeks = models.PositiveIntegerField()
    entries = models.PositiveIntegerField()
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        db_table = "projections_program_summary"
        indexes = [models.Index(fields=["owner_id", "-updated_at"], name="summary_owner_updated")]


class PublishedVersion(models.Model):
    """A published version of a program, frozen as it was at publication."""

    program_id = models.UUIDField()
    number = models.PositiveIntegerField()
    published_at = models.DateTimeField()
    published_by = models.UUIDField()
    document = models.JSONField()

    class Meta:
        db_table = "projections_published_version"
        constraints = [
            models.UniqueConstraint(fields=["program_id", "number"], name="published_version_once")
        ]


class Exercise(models.Model):
    """The exercises entries may refer to: id and name, until the exercise library has a stream."""

    id = models.UUIDField(primary_key=True)
    name = models.CharField(max_length=120)

    class Meta:
        db_table = "projections_exercise"
        ordering = ["name"]
