"""Endpoints for the program tree: add, change, remove and move weeks, days, groups and entries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from builder.api import serializers as s
from builder.api.commands import ProgramCommandApi
from builder.api.schema import PROGRAM_COMMAND_PARAMETERS, command_responses
from builder.wiring import builder


@dataclass(frozen=True)
class Level:
    """How one level of the tree maps onto input serializers and application commands."""

    name: str
    id_field: str
    add: type[serializers.Serializer]
    change: type[serializers.Serializer]
    move: type[serializers.Serializer]


WEEK = Level("week", "week_id", s.WeekAddSerializer, s.WeekChangeSerializer, s.WeekMoveSerializer)
DAY = Level("day", "day_id", s.DayAddSerializer, s.DayChangeSerializer, s.DayMoveSerializer)
GROUP = Level(
    "group", "group_id", s.GroupAddSerializer, s.GroupFieldsSerializer, s.GroupMoveSerializer
)
ENTRY = Level(
    "entry", "entry_id", s.EntryAddSerializer, s.EntryChangeSerializer, s.EntryMoveSerializer
)


def _command(verb: str, level: Level):
    return getattr(builder(), f"{verb}_{level.name}")


def _exercise(data: dict[str, Any]) -> dict[str, Any]:
    """Replace the resolved (id, name) pair of an exercise with the two fields commands take."""
    if "exercise_id" in data:
        data["exercise_id"], data["exercise_name"] = data["exercise_id"]
    return data


class ChildCollectionApi(ProgramCommandApi):
    """POST adds a child at a position under its parent."""

    level: Level = WEEK

    def post(self, request, program_id: UUID):
        self.InputSerializer = self.level.add
        data = _exercise(self.validated(request))
        add = _command("add", self.level)
        return self.run(request, program_id, lambda pid, **pre: add(pid, **pre, **data))


class ChildApi(ProgramCommandApi):
    """PATCH changes a child's fields; DELETE removes it with everything under it."""

    level: Level = WEEK

    def patch(self, request, program_id: UUID, child_id: UUID):
        self.InputSerializer = self.level.change
        changes = _exercise(self.validated(request))
        if not changes:
            raise serializers.ValidationError({"non_field_errors": [_("Send at least one field.")]})
        change = _command("change", self.level)
        ids = {self.level.id_field: child_id}
        return self.run(
            request, program_id, lambda pid, **pre: change(pid, **pre, **ids, **changes)
        )

    def delete(self, request, program_id: UUID, child_id: UUID):
        remove = _command("remove", self.level)
        ids = {self.level.id_field: child_id}
        return self.run(request, program_id, lambda pid, **pre: remove(pid, **pre, **ids))


class ChildMoveApi(ProgramCommandApi):
    """POST moves a child to a position, under the same or another parent."""

    level: Level = WEEK

    def post(self, request, program_id: UUID, child_id: UUID):
        self.InputSerializer = self.level.move
        data = self.validated(request)
        move = _command("move", self.level)
        ids = {self.level.id_field: child_id}
        return self.run(request, program_id, lambda pid, **pre: move(pid, **pre, **ids, **data))


def level_views(level: Level) -> tuple[type, type, type]:
    """The collection, item and move endpoints of one level, each described for the schema."""

    def described(base: type, operations: dict[str, tuple[str, type | None]]) -> type:
        view = type(f"{level.name.capitalize()}{base.__name__}", (base,), {"level": level})
        return extend_schema_view(
            **{
                method: extend_schema(
                    operation_id=f"{verb}_{level.name}",
                    request=request,
                    parameters=PROGRAM_COMMAND_PARAMETERS,
                    responses=command_responses(),
                )
                for method, (verb, request) in operations.items()
            }
        )(view)

    return (
        described(ChildCollectionApi, {"post": ("add", level.add)}),
        described(ChildApi, {"patch": ("change", level.change), "delete": ("remove", None)}),
        described(ChildMoveApi, {"post": ("move", level.move)}),
    )


@extend_schema_view(
    post=extend_schema(
        operation_id="duplicate_week",
        request=s.WeekDuplicateSerializer,
        parameters=PROGRAM_COMMAND_PARAMETERS,
        responses=command_responses(),
    )
)
class WeekDuplicateApi(ProgramCommandApi):
    """POST copies a week (new ids throughout) to a position."""

    InputSerializer = s.WeekDuplicateSerializer

    def post(self, request, program_id: UUID, child_id: UUID):
        data = self.validated(request)
        return self.run(
            request,
            program_id,
            lambda pid, **pre: builder().duplicate_week(
                pid, **pre, source_week_id=child_id, **data
            ),
        )
