"""Coaching links: a coach invites an athlete by address, the athlete accepts and consents.

A link is visible to its coach, its athlete, the invited person while the invitation is open,
and auditors; to anyone else it does not exist (404). Others are shown by display name only.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from builder.api.access import CoachesWrite, reads_everything
from builder.api.commands import ItemCommandApi, etag, if_match
from builder.api.idempotency import idempotent
from builder.api.pages import Pages
from builder.api.schema import (
    COMMAND_PARAMETERS,
    CREATE_PARAMETERS,
    PAGE_PARAMETERS,
    PROBLEMS,
    paginated,
    problems,
)
from builder.api.serializers import EmailField, PatternField, StreamIdField, StrictSerializer
from builder.applications.base import Saved
from builder.domain.coaching import LINK_STATUSES, PURPOSES
from builder.services import coaching as use
from projections.queries import coaching as coaching_queries
from projections.queries import people as people_queries


class InviteSerializer(StrictSerializer):
    email = EmailField(max_length=254)
    link_id = StreamIdField(required=False)


class ConsentSerializer(StrictSerializer):
    purpose = serializers.ChoiceField(PURPOSES)
    terms_version = PatternField(
        r"^[0-9A-Za-z][0-9A-Za-z.\-]{0,19}$", help_text="The terms the athlete agreed to."
    )


class PersonSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    display_name = serializers.CharField()


class LinkSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    version = serializers.IntegerField()
    status = serializers.ChoiceField(LINK_STATUSES)
    role = serializers.ChoiceField(
        ["coach", "athlete", "invitee", "auditor"], help_text="The caller's part in the link."
    )
    coach = PersonSerializer()
    athlete = PersonSerializer(allow_null=True)
    invited_email = serializers.EmailField(
        allow_null=True, help_text="The invited address: shown to the coach while it is open."
    )
    consents = serializers.DictField(
        child=serializers.CharField(), help_text="Purpose → terms version, in force."
    )
    ended_by = serializers.CharField(allow_blank=True)
    invited_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class LinkResultSerializer(serializers.Serializer):
    position = serializers.IntegerField(allow_null=True)
    link = LinkSerializer()


LINK_PROBLEMS = {
    **PROBLEMS,
    **problems(
        _403="Not your part of the link (e.g. only the athlete consents).",
        _409="The link's state refuses the step.",
        _412="Stale If-Match; the current ETag is in the response.",
        _428="If-Match is missing.",
    ),
}


def _role(row: Any, user: Any) -> str | None:
    if row.coach_id == user.id:
        return "coach"
    if row.athlete_id == user.id:
        return "athlete"
    if row.status == "invited" and coaching_queries.is_invited(row.link_id, user.email):
        return "invitee"
    if reads_everything(user):
        return "auditor"
    return None


def as_link(row: Any, role: str, names: dict[UUID, str]) -> dict[str, Any]:
    athlete = row.athlete_id
    return {
        "id": str(row.link_id),
        "version": row.version,
        "status": row.status,
        "role": role,
        "coach": {"id": str(row.coach_id), "display_name": names.get(row.coach_id, "")},
        "athlete": (
            {"id": str(athlete), "display_name": names.get(athlete, "")} if athlete else None
        ),
        "invited_email": coaching_queries.invited_email(row.link_id) if role == "coach" else None,
        "consents": row.consents,
        "ended_by": row.ended_by,
        "invited_at": row.invited_at.isoformat(),
        "updated_at": row.updated_at.isoformat(),
    }


class LinkApi(ItemCommandApi):
    """An endpoint about one link the caller may see; others' links are 404."""

    item = "link"
    # The caller's part in the link, for the answer of a step that ended it.
    role = ""

    def visible(self, request: Request, link_id: UUID) -> tuple[Any, str]:
        row = coaching_queries.coaching_link(link_id)
        role = _role(row, request.user) if row is not None else None
        if role is None:
            raise exceptions.NotFound(_("No such link."))
        return row, role

    def read_back(self, saved: Saved) -> tuple[Any, dict[str, Any]]:
        row = coaching_queries.coaching_link(saved.aggregate.id)
        role = _role(row, self.request.user) or self.role
        names = people_queries.display_names([row.coach_id, row.athlete_id])
        return row, as_link(row, role, names)


class LinkCollectionApi(LinkApi):
    """GET the caller's links and invitations; POST invites an athlete (coaches)."""

    permission_classes = [IsAuthenticated, CoachesWrite]
    InputSerializer = InviteSerializer

    @extend_schema(
        operation_id="list_links",
        parameters=PAGE_PARAMETERS,
        responses={200: paginated(LinkSerializer, "LinkPage"), **PROBLEMS},
    )
    def get(self, request):
        user = request.user
        rows = (
            coaching_queries.all_links()
            if reads_everything(user)
            else coaching_queries.links_of(user.id, user.email)
        )
        pages = Pages()
        page = pages.paginate_queryset(rows, request, view=self)
        names = people_queries.display_names(
            person for row in page for person in (row.coach_id, row.athlete_id)
        )
        return pages.get_paginated_response(
            [as_link(row, _role(row, user) or "auditor", names) for row in page]
        )

    @extend_schema(
        operation_id="invite_athlete",
        description=(
            "Invites the owner of an address. The answer is the same whether or not the "
            "address has an account; the person sees the invitation once signed in."
        ),
        request=InviteSerializer,
        parameters=CREATE_PARAMETERS,
        responses={201: LinkResultSerializer, **LINK_PROBLEMS},
    )
    def post(self, request):
        data = self.validated(request)
        return idempotent(request, lambda: self._invite(request, data))

    def _invite(self, request, data) -> Response:
        link_id = data.get("link_id") or uuid4()
        saved = use.invite(actor=self.actor(request), link_id=link_id, email=data["email"])
        response = self.respond(saved, status=201)
        response["Location"] = f"/api/links/{link_id}/"
        return response


class LinkDocumentApi(LinkApi):
    @extend_schema(
        operation_id="read_link",
        responses={200: LinkSerializer, **PROBLEMS},
    )
    def get(self, request, link_id: UUID):
        row, role = self.visible(request, link_id)
        names = people_queries.display_names([row.coach_id, row.athlete_id])
        return Response(as_link(row, role, names), headers={"ETag": etag(row.version)})


class LinkCommandApi(LinkApi):
    """A step on a link the caller sees, with If-Match; auditors only read (403)."""

    parties: tuple[str, ...] = ()

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        role = self.visible(request, kwargs["link_id"])[1]
        self.role = role
        if role not in self.parties:
            raise exceptions.PermissionDenied(_("This step is not yours to take on this link."))
        self.expected_version = if_match(request)

    def step(self, request, link_id: UUID, command) -> Response:
        saved = command(link_id, actor=self.actor(request), expected_version=self.expected_version)
        return self.respond(saved)


def _command_schema(operation_id: str, request=None, description: str = "") -> Any:
    return extend_schema(
        operation_id=operation_id,
        description=description,
        request=request,
        parameters=COMMAND_PARAMETERS,
        responses={200: OpenApiResponse(LinkResultSerializer), **LINK_PROBLEMS},
    )


class LinkAcceptApi(LinkCommandApi):
    parties = ("invitee",)

    @_command_schema("accept_link", description="The invited athlete accepts.")
    def post(self, request, link_id: UUID):
        return self.step(request, link_id, lambda *a, **kw: use.accept(*a, user=request.user, **kw))


class LinkDeclineApi(LinkCommandApi):
    parties = ("invitee",)

    @_command_schema("decline_link", description="The invited person turns it down.")
    def post(self, request, link_id: UUID):
        return self.step(
            request, link_id, lambda *a, **kw: use.decline(*a, user=request.user, **kw)
        )


class LinkEndApi(LinkCommandApi):
    parties = ("coach", "athlete")

    @_command_schema("end_link", description="Either side ends the link; its assignments end.")
    def post(self, request, link_id: UUID):
        return self.step(request, link_id, use.end_link)


class LinkConsentsApi(LinkCommandApi):
    parties = ("athlete",)
    InputSerializer = ConsentSerializer

    @_command_schema("grant_consent", ConsentSerializer, "The athlete allows a purpose.")
    def post(self, request, link_id: UUID):
        data = self.validated(request)
        return self.step(
            request,
            link_id,
            lambda *a, **kw: use.grant_consent(
                *a, purpose=data["purpose"], terms_version=data["terms_version"], **kw
            ),
        )


class LinkConsentApi(LinkCommandApi):
    parties = ("athlete",)

    @_command_schema("withdraw_consent", description="The athlete takes a purpose back.")
    def delete(self, request, link_id: UUID, purpose: str):
        if purpose not in PURPOSES:
            raise exceptions.NotFound(_("No such purpose."))
        return self.step(
            request,
            link_id,
            lambda *a, **kw: use.withdraw_consent(*a, purpose=purpose, **kw),
        )
