"""B1: every operation of the OpenAPI document, fuzzed by schemathesis against a live server as
a coach and as an admin, with data that fits the document and data that does not: never a 5xx,
invalid data is refused, and every answer (status, content type, headers, body) is one the
document describes. `make fuzz` runs many more examples per operation."""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
MODES = [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE]


@pytest.fixture(params=["coach", "admin"])
def caller(request, make_user):
    from builder.models import Role

    roles = {"coach": (Role.COACH, Role.ATHLETE), "admin": (Role.ADMIN, Role.COACH)}
    return make_user(request.param, roles=roles[request.param])


def token_of(user) -> str:
    """The caller's token, made again when a fuzzed logout ended it."""
    from rest_framework.authtoken.models import Token

    return Token.objects.get_or_create(user=user)[0].key


def fuzz(operation, caller) -> None:
    cases = st.one_of(*(operation.as_strategy(generation_mode=mode) for mode in MODES))

    @given(case=cases)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        case.call_and_validate(
            headers={"Authorization": f"Token {token_of(caller)}"}, checks=CHECKS
        )

    run()


def test_every_operation_answers_as_the_schema_says_and_never_5xx(live_server, caller):
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/schema/")
    failures = []

    for operation in (result.ok() for result in schema.get_all_operations()):
        try:
            fuzz(operation, caller)
        except (Exception, BaseExceptionGroup) as failure:  # every operation runs; all are reported
            failures.append(f"{operation.label}:\n{failure}")

    assert not failures, "\n\n".join(failures)
