"""Read models kept by the projections. Rows are a function of the events alone (rebuildable)."""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


class ProgramDocument(models.Model):
    """The program document's header (all but the weeks): with its weeks, what the editor loads."""

    program_id = models.UUIDField(primary_key=True)
    version = models.PositiveIntegerField()
    position = models.BigIntegerField(help_text="Position of the last event projected.")
    document = models.JSONField()

    class Meta:
        db_table = "projections_program_document"


class ProgramWeek(models.Model):
    """One week of a program document, with its days, groups and entries (see ProgramDocument)."""

    pk = models.CompositePrimaryKey("program_id", "week_id")
    program_id = models.UUIDField()
    week_id = models.UUIDField()
    position = models.PositiveIntegerField()
    # JSON text, kept as written: a document is only ever read whole, and joining texts costs
    # a fraction of turning jsonb back into text. The week's position is added when it is read.
    document = models.TextField()

    class Meta:
        db_table = "projections_program_week"


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


class CatalogueExercise(models.Model):
    """One exercise of the library with its names in every language, for search and display.

    `replaced_by` is the exercise that finally stands in for a merged one (merges are followed
    to their end); `search` holds every name and alias in every language, folded (lower-case,
    no accents) and split into word suffixes (see projections/text_search.py).
    """

    id = models.UUIDField(primary_key=True)
    version = models.PositiveIntegerField()
    position = models.BigIntegerField(help_text="Position of the last event projected.")
    scope = models.CharField(max_length=16)
    owner_id = models.UUIDField(null=True)
    status = models.CharField(max_length=16)
    merged_into = models.UUIDField(null=True)
    replaced_by = models.UUIDField(null=True)
    name = models.CharField(max_length=200, help_text="The English name.")
    names = models.JSONField()
    aliases = models.JSONField()
    category = models.CharField(max_length=32)
    equipment = ArrayField(models.CharField(max_length=32), default=list)
    primary_muscles = ArrayField(models.CharField(max_length=32), default=list)
    secondary_muscles = ArrayField(models.CharField(max_length=32), default=list)
    laterality = models.CharField(max_length=16)
    tracking = models.CharField(max_length=16)
    media = models.JSONField()
    primary_media = models.JSONField(null=True)
    has_video = models.BooleanField()
    search = SearchVectorField()
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        db_table = "projections_exercise_catalogue"
        indexes = [
            GinIndex(fields=["search"], name="exercise_search"),
            models.Index(fields=["scope", "owner_id"], name="exercise_scope_owner"),
            # An exercise's usage adds the exercises merged into it (queries.exercises._with_usage).
            models.Index(
                fields=["replaced_by"],
                name="exercise_replaced_by",
                condition=models.Q(replaced_by__isnull=False),
            ),
        ]


class AuditEvent(models.Model):
    """One event of any stream as the audit timeline shows it (projected by a worker).

    `change` is the event's own data; `context` holds what its summary needs that the event
    does not carry (names and places as they were when it happened). Summaries are rendered
    from both when read, in the reader's language.
    """

    position = models.BigIntegerField(primary_key=True, help_text="Position in the event store.")
    stream_id = models.UUIDField()
    stream_kind = models.CharField(max_length=40, help_text="program, exercise, account, ...")
    version = models.BigIntegerField(help_text="The event's version in its stream.")
    event_type = models.CharField(max_length=80)
    time = models.DateTimeField()
    actor_id = models.UUIDField(null=True)
    correlation_id = models.CharField(max_length=200, blank=True)
    change = models.JSONField(encoder=DjangoJSONEncoder)
    context = models.JSONField(encoder=DjangoJSONEncoder, default=dict)

    class Meta:
        db_table = "projections_audit_event"
        indexes = [
            models.Index(fields=["stream_id", "position"], name="audit_stream"),
            models.Index(fields=["actor_id", "position"], name="audit_actor"),
            models.Index(fields=["event_type", "position"], name="audit_type"),
            models.Index(fields=["stream_kind", "position"], name="audit_kind"),
            models.Index(fields=["time"], name="audit_time"),
        ]


class CoachingLinkRow(models.Model):
    """A link between a coach and an athlete: who, its state and the consents in force."""

    link_id = models.UUIDField(primary_key=True)
    version = models.PositiveIntegerField()
    position = models.BigIntegerField(help_text="Position of the last event projected.")
    coach_id = models.UUIDField()
    athlete_id = models.UUIDField(null=True, help_text="Empty until the athlete accepts.")
    status = models.CharField(max_length=16, help_text="invited, active or ended.")
    consents = models.JSONField(help_text="Purpose → terms version, for consents in force.")
    ended_by = models.CharField(max_length=16, blank=True)
    invited_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        db_table = "projections_coaching_link"
        verbose_name = "coaching link"
        indexes = [
            models.Index(fields=["coach_id", "status"], name="link_coach_status"),
            models.Index(fields=["athlete_id", "status"], name="link_athlete_status"),
        ]


class AssignmentRow(models.Model):
    """A published program version assigned to an athlete, as it stands."""

    assignment_id = models.UUIDField(primary_key=True)
    version = models.PositiveIntegerField()
    position = models.BigIntegerField(help_text="Position of the last event projected.")
    coach_id = models.UUIDField()
    athlete_id = models.UUIDField()
    link_id = models.UUIDField()
    program_id = models.UUIDField()
    program_version = models.PositiveIntegerField()
    start_date = models.DateField()
    status = models.CharField(max_length=16, help_text="active or cancelled.")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        db_table = "projections_assignment"
        verbose_name = "assignment"
        indexes = [
            models.Index(fields=["athlete_id", "status"], name="assignment_athlete_status"),
            models.Index(fields=["coach_id", "status"], name="assignment_coach_status"),
            models.Index(fields=["link_id", "status"], name="assignment_link_status"),
            models.Index(fields=["program_id", "program_version"], name="assignment_program"),
        ]


class UsageNode(models.Model):
    """A node of a program's tree (week, day, group or entry) as the exercise usage sees it.

    Only parents and exercises are kept: enough to remove a subtree and to count the entries
    that record each exercise.
    """

    pk = models.CompositePrimaryKey("program_id", "node_id")
    program_id = models.UUIDField()
    node_id = models.UUIDField()
    parent_id = models.UUIDField(null=True)
    exercise_id = models.UUIDField(null=True, help_text="Set on entries only.")

    class Meta:
        db_table = "projections_usage_node"
        indexes = [
            models.Index(fields=["exercise_id"], name="usage_node_exercise"),
            models.Index(fields=["program_id", "parent_id"], name="usage_node_parent"),
        ]


class ProjectionStatus(models.Model):
    """How a worker projection fares: running, stopped, or failed at an event it cannot apply.

    Its position is the projection's tracking record (eventstore_tracking), kept with its rows.
    """

    class State(models.TextChoices):
        RUNNING = "running"
        STOPPED = "stopped"
        FAILED = "failed"

    name = models.CharField(max_length=100, primary_key=True)
    state = models.CharField(max_length=16, choices=State.choices)
    failed_position = models.BigIntegerField(null=True)
    error = models.TextField(blank=True)
    worker = models.CharField(max_length=200, blank=True, help_text="host:pid holding it.")
    updated_at = models.DateTimeField()

    class Meta:
        db_table = "projections_status"
        verbose_name = "projection status"
        verbose_name_plural = "projection statuses"
