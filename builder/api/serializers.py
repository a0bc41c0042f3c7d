"""Input serializers: each names the fields a client may write, with their limits.

Every body is read the same strict way: a StrictSerializer refuses fields it does not know, and
the fields below take a value only as the JSON type it is documented as, where DRF's would turn
123 into the text "123", "5" into a number or 1 into true. Program and exercise text is judged
by the domain (builder.domain.fields); text only the API keeps, by the same rule (LineField).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from builder.api.messages import message
from builder.domain import (
    CATEGORIES,
    EQUIPMENT,
    LATERALITIES,
    MUSCLES,
    SCOPES,
    TRACKING_TYPES,
    InvalidValue,
)
from builder.domain.fields import EXERCISE_NAME_MAX, shown_as_written
from builder.domain.media import (
    ATTRIBUTION_MAX,
    DESCRIPTION_MAX,
    LICENCE_MAX,
    MAX_DURATION_S,
    MAX_URL_LENGTH,
)
from builder.domain.translations import ALIAS_MAX, MAX_ALIASES

GROUP_KINDS = ["straight", "superset", "circuit", "emom", "amrap", "interval", "warmup", "cooldown"]
UNITS = ["kg", "lb"]
NOTE_KEYS = ("focus", "phase", "considerations", "notes")


class IdField(serializers.UUIDField):
    """A UUID written as text. DRF would also read a JSON number as UUID(int=n): refused here."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid", value=data)
        return super().to_internal_value(data)


class StreamIdField(IdField):
    """The id of a new event stream, chosen by the client: a random (version 4) UUID.

    Other versions are refused because name-based ids are predictable: a client could take the
    id of a stream the service derives (an account's) before it exists.
    """

    default_error_messages = {"version": _("Use a random (version 4) UUID.")}

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if value.version != 4:
            self.fail("version")
        return value


class StrictSerializer(serializers.Serializer):
    """Refuses unknown fields, so that a client cannot believe it set something it did not."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = set(data) - set(self.fields)
            if unknown:
                raise serializers.ValidationError(
                    {k: [_("Unknown field.")] for k in sorted(unknown)}
                )
        return super().to_internal_value(data)


class TextOnly:
    """Mixed into a text field: the value must be JSON text (DRF's takes numbers, as "123")."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class TextField(TextOnly, serializers.CharField):
    """Text, as JSON text only."""


class PatternField(TextOnly, serializers.RegexField):
    """Text matching a pattern, as JSON text only."""


class ShownOnOneLine:
    """Mixed into a text field shown to people on one line: refused if it holds characters that
    would show it other than as written (see builder.domain.fields.shown_as_written)."""

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        try:
            return shown_as_written(value, self.field_name, one_line=True)
        except InvalidValue as refused:
            raise serializers.ValidationError(message(refused)) from None


class LineField(ShownOnOneLine, TextField):
    """One line of text shown to people, that the domain does not judge (a display name)."""


class EmailField(ShownOnOneLine, TextOnly, serializers.EmailField):
    """An email address, as JSON text; shown to a coach, and Django allows any letter after @."""


class WholeField(serializers.IntegerField):
    """A whole number sent as a JSON number: DRF's also reads "5", 5.0 and "5.0"."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class FlagField(serializers.BooleanField):
    """true or false: DRF's also reads 1, "yes" and "on"."""

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return super().to_internal_value(data)


def text(max_length: int, **kwargs) -> TextField:
    return TextField(max_length=max_length, allow_blank=True, trim_whitespace=False, **kwargs)


class NotesSerializer(StrictSerializer):
    focus = text(5000, required=False)
    phase = text(5000, required=False)
    considerations = text(5000, required=False)
    notes = text(5000, required=False)


class ProgramDetailsSerializer(StrictSerializer):
    title = TextField(max_length=200)
    description = text(5000, required=False)
    goal = text(200, required=False)
    level = text(40, required=False)
    tags = serializers.ListField(child=TextField(max_length=40), max_length=20, required=False)
    units = serializers.ChoiceField(UNITS, required=False)
    notes = NotesSerializer(required=False)


class ProgramCreateSerializer(ProgramDetailsSerializer):
    program_id = StreamIdField(required=False)
    kind = serializers.ChoiceField(["template", "personal"], required=False)
    athlete_id = IdField(
        required=False, help_text="For a personal program: the athlete it is written for."
    )


class ProgramPatchSerializer(ProgramDetailsSerializer):
    title = TextField(max_length=200, required=False)

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError(_("Send at least one field to change."))
        return attrs


class ForkSerializer(StrictSerializer):
    program_id = StreamIdField(required=False)
    version = WholeField(min_value=1, required=False, allow_null=True)
    title = TextField(max_length=200, required=False)


class WeekAddSerializer(StrictSerializer):
    week_id = IdField()
    position = WholeField(min_value=0, max_value=10_000)
    label = text(80, required=False, default="")
    phase = text(80, required=False, default="")


class WeekChangeSerializer(StrictSerializer):
    label = text(80, required=False)
    phase = text(80, required=False)


class WeekMoveSerializer(StrictSerializer):
    position = WholeField(min_value=0, max_value=10_000)


class WeekDuplicateSerializer(StrictSerializer):
    week_id = IdField()
    position = WholeField(min_value=0, max_value=10_000)


class DayAddSerializer(StrictSerializer):
    week_id = IdField()
    day_id = IdField()
    position = WholeField(min_value=0, max_value=10_000)
    title = text(80, required=False, default="")
    is_rest = FlagField(required=False, default=False)


class DayChangeSerializer(StrictSerializer):
    title = text(80, required=False)
    is_rest = FlagField(required=False)


class DayMoveSerializer(StrictSerializer):
    week_id = IdField()
    position = WholeField(min_value=0, max_value=10_000)


class GroupFieldsSerializer(StrictSerializer):
    kind = serializers.ChoiceField(GROUP_KINDS, required=False)
    label = text(80, required=False)
    rounds = WholeField(min_value=1, max_value=100, required=False)
    rest_between_rounds_s = WholeField(min_value=0, max_value=3600, required=False, allow_null=True)
    time_cap_s = WholeField(min_value=1, max_value=86_400, required=False, allow_null=True)
    interval_s = WholeField(min_value=1, max_value=3600, required=False, allow_null=True)


class GroupAddSerializer(GroupFieldsSerializer):
    day_id = IdField()
    group_id = IdField()
    position = WholeField(min_value=0, max_value=10_000)
    kind = serializers.ChoiceField(GROUP_KINDS, required=False, default="straight")
    label = text(80, required=False, default="")
    rounds = WholeField(min_value=1, max_value=100, required=False, default=1)
    rest_between_rounds_s = WholeField(min_value=0, max_value=3600, required=False, default=None)
    time_cap_s = WholeField(min_value=1, max_value=86_400, required=False, default=None)
    interval_s = WholeField(min_value=1, max_value=3600, required=False, default=None)


class GroupMoveSerializer(StrictSerializer):
    day_id = IdField()
    position = WholeField(min_value=0, max_value=10_000)


class EntryAddSerializer(StrictSerializer):
    group_id = IdField()
    entry_id = IdField()
    position = WholeField(min_value=0, max_value=10_000)
    exercise_id = IdField()
    prescription = serializers.DictField()
    notes = text(5000, required=False, default="")


class EntryChangeSerializer(StrictSerializer):
    exercise_id = IdField(required=False)
    prescription = serializers.DictField(required=False)
    notes = text(5000, required=False)

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError(_("Send at least one field to change."))
        return attrs


class EntryMoveSerializer(StrictSerializer):
    group_id = IdField()
    position = WholeField(min_value=0, max_value=10_000)


# -- the exercise library -------------------------------------------------------------------


def choice_list(choices: tuple[str, ...], **kwargs) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.ChoiceField(choices), max_length=len(choices), **kwargs
    )


def alias_list(**kwargs) -> serializers.ListField:
    return serializers.ListField(
        child=TextField(max_length=ALIAS_MAX), max_length=MAX_ALIASES, **kwargs
    )


class ExerciseClassificationSerializer(StrictSerializer):
    category = serializers.ChoiceField(CATEGORIES, required=False)
    equipment = choice_list(EQUIPMENT, required=False)
    primary_muscles = choice_list(MUSCLES, required=False)
    secondary_muscles = choice_list(MUSCLES, required=False)
    laterality = serializers.ChoiceField(LATERALITIES, required=False)
    tracking = serializers.ChoiceField(TRACKING_TYPES, required=False)

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError(_("Send at least one field to change."))
        return attrs


class ExerciseCreateSerializer(StrictSerializer):
    exercise_id = StreamIdField(required=False)
    scope = serializers.ChoiceField(SCOPES, required=False)
    names = serializers.DictField(child=TextField(max_length=EXERCISE_NAME_MAX), allow_empty=False)
    aliases = serializers.DictField(child=alias_list(), required=False, default=dict)
    category = serializers.ChoiceField(CATEGORIES)
    equipment = choice_list(EQUIPMENT, required=False, default=list)
    primary_muscles = choice_list(MUSCLES, required=False, default=list)
    secondary_muscles = choice_list(MUSCLES, required=False, default=list)
    laterality = serializers.ChoiceField(LATERALITIES, required=False, default="bilateral")
    tracking = serializers.ChoiceField(TRACKING_TYPES, required=False, default="reps_load")


class TranslationSerializer(StrictSerializer):
    name = TextField(max_length=EXERCISE_NAME_MAX)
    aliases = alias_list(required=False, default=list)


class MediaLinkSerializer(StrictSerializer):
    """A video hosted elsewhere; the URLs are judged by the domain (see builder.domain.media)."""

    media_id = IdField(required=False)
    url = TextField(max_length=MAX_URL_LENGTH)
    captions_url = TextField(
        max_length=MAX_URL_LENGTH, required=False, allow_null=True, default=None
    )
    duration_s = WholeField(
        min_value=1, max_value=MAX_DURATION_S, required=False, allow_null=True, default=None
    )
    licence = TextField(max_length=LICENCE_MAX, required=False, allow_blank=True, default="")
    attribution = TextField(
        max_length=ATTRIBUTION_MAX, required=False, allow_blank=True, default=""
    )
    description = TextField(
        max_length=DESCRIPTION_MAX, required=False, allow_blank=True, default=""
    )


class MergeSerializer(StrictSerializer):
    into = IdField(help_text="The exercise that replaces this one.")
