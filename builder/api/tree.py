"""Endpoints for the program tree: add, change, remove and move weeks, days, groups and entries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.request import Request

from builder.api import serializers as s
from builder.api.commands import ProgramCommandApi
from builder.api.schema import PROGRAM_COMMAND_PARAMETERS, command_responses
from builder.applications.programs import ProgramBuilder, Saved
from builder.services import programs
from builder.wiring import builder

# An application command, called on the process's ProgramBuilder.
Command = Callable[..., Saved]


@dataclass(frozen=True)
class Operation:
    """One endpoint's body and the ProgramBuilder command it runs."""

    command: Command
    body: type[serializers.Serializer] | None = None


@dataclass(frozen=True)
class Level:
    """One level of the tree: the id its commands take and its four operations."""

    name: str
    id_field: str
    add: Operation
    change: Operation
    remove: Operation
    move: Operation


WEEK = Level(
    "week",
    "week_id",
    add=Operation(ProgramBuilder.add_week, s.WeekAddSerializer),
    change=Operation(ProgramBuilder.change_week, s.WeekChangeSerializer),
    remove=Operation(ProgramBuilder.remove_week),
    move=Operation(ProgramBuilder.move_week, s.WeekMoveSerializer),
)
DAY = Level(
    "day",
    "day_id",
    add=Operation(ProgramBuilder.add_day, s.DayAddSerializer),
    change=Operation(ProgramBuilder.change_day, s.DayChangeSerializer),
    remove=Operation(ProgramBuilder.remove_day),
    move=Operation(ProgramBuilder.move_day, s.DayMoveSerializer),
)
GROUP = Level(
    "group",
    "group_id",
    add=Operation(ProgramBuilder.add_group, s.GroupAddSerializer),
    change=Operation(ProgramBuilder.change_group, s.GroupFieldsSerializer),
    remove=Operation(ProgramBuilder.remove_group),
    move=Operation(ProgramBuilder.move_group, s.GroupMoveSerializer),
)
ENTRY = Level(
    "entry",
    "entry_id",
    add=Operation(ProgramBuilder.add_entry, s.EntryAddSerializer),
    change=Operation(ProgramBuilder.change_entry, s.EntryChangeSerializer),
    remove=Operation(ProgramBuilder.remove_entry),
    move=Operation(ProgramBuilder.move_entry, s.EntryMoveSerializer),
)


def _exercise(request: Request, data: dict[str, Any]) -> dict[str, Any]:
    """An entry's exercise as commands take it: the id the caller may use and its name."""
    if "exercise_id" in data:
        data["exercise_id"], data["exercise_name"] = programs.entry_exercise(
            request.user.id, data["exercise_id"]
        )
    return data


class TreeApi(ProgramCommandApi):
    """A command on one level of the tree; `level` is set per endpoint by `level_views`."""

    level: Level = WEEK

    def body(self, request: Request, operation: Operation) -> dict[str, Any]:
        if operation.body is None:
            return {}
        serializer = operation.body(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        return _exercise(request, dict(serializer.validated_data))

    def perform(self, request: Request, program_id: UUID, operation: Operation, **arguments: Any):
        """Run the operation's command on the program with the caller's precondition."""
        return self.run(
            request,
            program_id,
            lambda pid, **pre: operation.command(builder(), pid, **pre, **arguments),
        )


class ChildCollectionApi(TreeApi):
    """POST adds a child at a position under its parent."""

    def post(self, request, program_id: UUID):
        data = self.body(request, self.level.add)
        return self.perform(request, program_id, self.level.add, **data)


class ChildApi(TreeApi):
    """PATCH changes a child's fields; DELETE removes it with everything under it."""

    def patch(self, request, program_id: UUID, child_id: UUID):
        changes = self.body(request, self.level.change)
        if not changes:
            raise serializers.ValidationError({"non_field_errors": [_("Send at least one field.")]})
        ids = {self.level.id_field: child_id}
        return self.perform(request, program_id, self.level.change, **ids, **changes)

    def delete(self, request, program_id: UUID, child_id: UUID):
        ids = {self.level.id_field: child_id}
        return self.perform(request, program_id, self.level.remove, **ids)


class ChildMoveApi(TreeApi):
    """POST moves a child to a position, under the same or another parent."""

    def post(self, request, program_id: UUID, child_id: UUID):
        data = self.body(request, self.level.move)
        ids = {self.level.id_field: child_id}
        return self.perform(request, program_id, self.level.move, **ids, **data)


def level_views(level: Level) -> tuple[type, type, type]:
    """The collection, item and move endpoints of one level, each described for the schema."""

    def described(base: type, operations: dict[str, Operation]) -> type:
        view = type(f"{level.name.capitalize()}{base.__name__}", (base,), {"level": level})
        return extend_schema_view(
            **{
                method: extend_schema(
                    operation_id=operation.command.__name__,
                    request=operation.body,
                    parameters=PROGRAM_COMMAND_PARAMETERS,
                    responses=command_responses(),
                )
                for method, operation in operations.items()
            }
        )(view)

    return (
        described(ChildCollectionApi, {"post": level.add}),
        described(ChildApi, {"patch": level.change, "delete": level.remove}),
        described(ChildMoveApi, {"post": level.move}),
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
