"""Rebuilding a projection is an admin action, recorded as an event the audit log shows."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from builder.api.presenters.audit import as_audit_entries
from builder.domain.operations import OPERATIONS_ID, OPERATOR
from eventstore.models import EventRecord
from projections.audit_summaries import summary
from projections.queries import audit as audit_queries
from tests.timeline import catch_up

pytestmark = pytest.mark.django_db(transaction=True)


def rebuilds() -> list[EventRecord]:
    return list(
        EventRecord.objects.filter(
            originator_id=OPERATIONS_ID, topic__endswith="ProjectionRebuilt"
        ).order_by("notification_id")
    )


def test_a_rebuild_from_the_shell_is_recorded_with_the_operator_as_actor():
    call_command("rebuild_projections", "exercise_catalogue", stdout=io.StringIO())
    catch_up()

    [recorded] = rebuilds()
    [row] = audit_queries.audit_events(stream_id=OPERATIONS_ID, event_type="ProjectionRebuilt")
    with translation.override("en"):
        [entry] = as_audit_entries([row])

    assert row.actor_id == OPERATOR
    assert entry["actor"]["name"] == "[operator]"
    assert entry["summary"].startswith("Rebuilt the projection exercise_catalogue up to position")
    assert recorded.notification_id == row.position


def test_a_rebuild_names_the_staff_member_who_ran_it(make_user):
    staff = make_user("operator")
    staff.is_staff = True
    staff.save()

    call_command(
        "rebuild_projections", "coaching", "--by", staff.email.upper(), stdout=io.StringIO()
    )
    catch_up()

    [row] = audit_queries.audit_events(stream_id=OPERATIONS_ID, event_type="ProjectionRebuilt")
    assert row.actor_id == staff.id
    assert row.change == {"projection": "coaching", "position": row.change["position"]}
    with translation.override("de"):
        assert summary(row.stream_kind, row.event_type, row.change, row.context).startswith(
            "Projektion coaching bis Position"
        )


def test_an_unknown_staff_address_refuses_the_rebuild(make_user):
    with pytest.raises(CommandError):
        call_command("rebuild_projections", "coaching", "--by", "nobody@example.com")

    assert rebuilds() == []
