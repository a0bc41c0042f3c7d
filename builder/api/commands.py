"""Base views: who may touch a program, the If-Match precondition, and how a command answers."""

from __future__ import annotations

import re
from abc import ABCMeta, abstractmethod
from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from builder.api.access import reads_everything
from builder.api.presenters.programs import presented_document
from builder.api.problems import PreconditionRequired
from builder.applications.base import Saved
from builder.domain import Actor
from projections.queries import programs as program_queries

_IF_MATCH = re.compile(r'^\s*"(\d{1,9})"\s*$')
_RETURN_MINIMAL = re.compile(r"(?:^|[,;\s])return\s*=\s*minimal(?:$|[,;\s])", re.IGNORECASE)


def etag(version: int) -> str:
    return f'"{version}"'


def language() -> str:
    """The language this request is answered in (chosen from Accept-Language)."""
    return get_language() or "en"


def if_match(request: Request) -> int:
    """The version the client edits, from `If-Match: "7"`: 428 when missing, 400 when malformed."""
    header = request.headers.get("If-Match")
    if header is None:
        raise PreconditionRequired()
    match = _IF_MATCH.match(header)
    if match is None:
        raise exceptions.ValidationError({"If-Match": [_('Send the ETag as read, e.g. "7".')]})
    return int(match.group(1))


def prefers_minimal(request: Request) -> bool:
    """Whether the client asked `Prefer: return=minimal` (RFC 7240) for a command's answer."""
    return bool(_RETURN_MINIMAL.search(request.headers.get("Prefer", "")))


def answer(
    name: str, item: dict[str, Any], version: int, position: int | None, status: int = 200
) -> Response:
    """A command's answer: `{"position": …, name: item}`, the item's ETag, and the position of
    the command's last event in `X-Event-Position` (none when the command changed nothing)."""
    headers = {"ETag": etag(version)}
    if position is not None:
        headers["X-Event-Position"] = str(position)
    return Response({"position": position, name: item}, status, headers=headers)


class InputApi(APIView):
    """An endpoint whose body is read by its InputSerializer (which can see the request)."""

    InputSerializer: type[serializers.Serializer] | None = None

    def validated(self, request: Request) -> dict[str, Any]:
        serializer = self.InputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def actor(self, request: Request) -> Actor:
        return Actor(user_id=request.user.id, correlation_id=request.correlation_id)


class ItemCommandApi(InputApi, metaclass=ABCMeta):
    """A command on a link or an assignment, answered with the item as it reads after it."""

    item: str  # the answer's key, e.g. "link"

    @abstractmethod
    def read_back(self, saved: Saved) -> tuple[Any, dict[str, Any]]:
        """The item's row after the command, and the item as the API shows it."""

    def respond(self, saved: Saved, status: int = 200) -> Response:
        row, shown = self.read_back(saved)
        return answer(self.item, shown, row.version, saved.position, status)


class ProgramApi(APIView):
    """An endpoint about one program the caller may see; others' programs are 404."""

    def visible(self, request: Request, program_id: UUID) -> Any:
        summary = program_queries.visible_program(
            request.user.id, program_id, everything=reads_everything(request.user)
        )
        if summary is None:
            raise exceptions.NotFound(_("No such program."))
        return summary


class CommandApi(InputApi):
    """An endpoint that runs one command and answers with the program document and position."""

    def respond(self, saved: Saved, status: int = 200) -> Response:
        row = program_queries.program_document(saved.aggregate.id)
        document = presented_document(row, language())
        return answer("program", document, row.version, saved.position, status)


class ProgramCommandApi(CommandApi, ProgramApi):
    """A command on an existing program: visible to the caller, If-Match required.

    The checks run before the body is read, so that a hidden program is 404, someone else's
    program they may read (auditors) 403, and a missing precondition 428 whatever the body holds.
    """

    expected_version: int

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if request.method in ("GET", "HEAD"):
            return  # a read checks visibility in the query that reads (one round trip less)
        summary = self.visible(request, kwargs["program_id"])
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            if summary.owner_id != request.user.id:
                raise exceptions.PermissionDenied(_("Only the program's owner changes it."))
            self.expected_version = self.precondition(request)

    def precondition(self, request: Request) -> int:
        return if_match(request)

    def respond(self, saved: Saved, status: int = 200) -> Response:
        if not prefers_minimal(self.request):
            return super().respond(saved, status)
        # The editor already holds the tree it changed: the version and position are enough,
        # and reading, presenting and sending a large document back costs more than the edit.
        version = saved.aggregate.version
        headers = {"ETag": etag(version), "Preference-Applied": "return=minimal"}
        if saved.position is not None:
            headers["X-Event-Position"] = str(saved.position)
        return Response({"position": saved.position, "version": version}, status, headers=headers)

    def run(self, request: Request, program_id: UUID, command: Callable[..., Saved]) -> Response:
        """Run `command` in one transaction and answer with the program after it."""
        with transaction.atomic():
            saved = command(
                program_id, actor=self.actor(request), expected_version=self.expected_version
            )
            return self.respond(saved)
