"""Input serializers: each names the fields a client may write, with their limits."""

from __future__ import annotations

from rest_framework import serializers

from projections import queries

GROUP_KINDS = ["straight", "superset", "circuit", "emom", "amrap", "interval", "warmup", "cooldown"]
UNITS = ["kg", "lb"]
NOTE_KEYS = ("focus", "phase", "considerations", "notes")


class StrictSerializer(serializers.Serializer):
    """Refuses unknown fields, so that a client cannot believe it set something it did not."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = set(data) - set(self.fields)
            if unknown:
                raise serializers.ValidationError({k: ["Unknown field."] for k in sorted(unknown)})
        return super().to_internal_value(data)


def text(max_length: int, **kwargs) -> serializers.CharField:
    return serializers.CharField(
        max_length=max_length, allow_blank=True, trim_whitespace=False, **kwargs
    )


class NotesSerializer(StrictSerializer):
    focus = text(5000, required=False)
    phase = text(5000, required=False)
    considerations = text(5000, required=False)
    notes = text(5000, required=False)


class ProgramDetailsSerializer(StrictSerializer):
    title = serializers.CharField(max_length=200)
    description = text(5000, required=False)
    goal = text(200, required=False)
    level = text(40, required=False)
    tags = serializers.ListField(
        child=serializers.CharField(max_length=40), max_length=20, required=False
    )
    units = serializers.ChoiceField(UNITS, required=False)
    notes = NotesSerializer(required=False)


class ProgramCreateSerializer(ProgramDetailsSerializer):
    program_id = serializers.UUIDField(required=False)


class ProgramPatchSerializer(ProgramDetailsSerializer):
    title = serializers.CharField(max_length=200, required=False)

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError("Send at least one field to change.")
        return attrs


class ForkSerializer(StrictSerializer):
    program_id = serializers.UUIDField(required=False)
    version = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    title = serializers.CharField(max_length=200, required=False)


class WeekAddSerializer(StrictSerializer):
    week_id = serializers.UUIDField()
    position = serializers.IntegerField(min_value=0, max_value=10_000)
    label = text(80, required=False, default="")
    phase = text(80, required=False, default="")


class WeekChangeSerializer(StrictSerializer):
    label = text(80, required=False)
    phase = text(80, required=False)


class WeekMoveSerializer(StrictSerializer):
    position = serializers.IntegerField(min_value=0, max_value=10_000)


class WeekDuplicateSerializer(StrictSerializer):
    week_id = serializers.UUIDField()
    position = serializers.IntegerField(min_value=0, max_value=10_000)


class DayAddSerializer(StrictSerializer):
    week_id = serializers.UUIDField()
    day_id = serializers.UUIDField()
    position = serializers.IntegerField(min_value=0, max_value=10_000)
    title = text(80, required=False, default="")
    is_rest = serializers.BooleanField(required=False, default=False)


class DayChangeSerializer(StrictSerializer):
    title = text(80, required=False)
    is_rest = serializers.BooleanField(required=False)


class DayMoveSerializer(StrictSerializer):
    week_id = serializers.UUIDField()
    position = serializers.IntegerField(min_value=0, max_value=10_000)


class GroupFieldsSerializer(StrictSerializer):
    kind = serializers.ChoiceField(GROUP_KINDS, required=False)
    label = text(80, required=False)
    rounds = serializers.IntegerField(min_value=1, max_value=100, required=False)
    rest_between_rounds_s = serializers.IntegerField(
        min_value=0, max_value=3600, required=False, allow_null=True
    )
    time_cap_s = serializers.IntegerField(
        min_value=1, max_value=86_400, required=False, allow_null=True
    )
    interval_s = serializers.IntegerField(
        min_value=1, max_value=3600, required=False, allow_null=True
    )


class GroupAddSerializer(GroupFieldsSerializer):
    day_id = serializers.UUIDField()
    group_id = serializers.UUIDField()
    position = serializers.IntegerField(min_value=0, max_value=10_000)
    kind = serializers.ChoiceField(GROUP_KINDS, required=False, default="straight")
    label = text(80, required=False, default="")
    rounds = serializers.IntegerField(min_value=1, max_value=100, required=False, default=1)
    rest_between_rounds_s = serializers.IntegerField(
        min_value=0, max_value=3600, required=False, default=None
    )
    time_cap_s = serializers.IntegerField(
        min_value=1, max_value=86_400, required=False, default=None
    )
    interval_s = serializers.IntegerField(min_value=1, max_value=3600, required=False, default=None)


class GroupMoveSerializer(StrictSerializer):
    day_id = serializers.UUIDField()
    position = serializers.IntegerField(min_value=0, max_value=10_000)


class ExerciseField(serializers.UUIDField):
    """An exercise id that must exist in the library; resolves to (id, name)."""

    def to_internal_value(self, data):
        exercise_id = super().to_internal_value(data)
        name = queries.exercise_name(exercise_id)
        if name is None:
            raise serializers.ValidationError("No such exercise.")
        return exercise_id, name


class EntryAddSerializer(StrictSerializer):
    group_id = serializers.UUIDField()
    entry_id = serializers.UUIDField()
    position = serializers.IntegerField(min_value=0, max_value=10_000)
    exercise_id = ExerciseField()
    prescription = serializers.DictField()
    notes = text(5000, required=False, default="")


class EntryChangeSerializer(StrictSerializer):
    exercise_id = ExerciseField(required=False)
    prescription = serializers.DictField(required=False)
    notes = text(5000, required=False)

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError("Send at least one field to change.")
        return attrs


class EntryMoveSerializer(StrictSerializer):
    group_id = serializers.UUIDField()
    position = serializers.IntegerField(min_value=0, max_value=10_000)
