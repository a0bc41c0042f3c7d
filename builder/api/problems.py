"""RFC 9457 problem details: the one place where errors become HTTP responses."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.db import DatabaseError as DjangoDatabaseError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from eventsourcing.persistence import OperationalError as StoreOperationalError
from rest_framework import exceptions
from rest_framework.response import Response

from builder.api.messages import message, stale_message
from builder.domain import (
    AccountErasedError,
    CoachingRuleViolation,
    DuplicateMediaError,
    EnglishNameRequiredError,
    ExerciseArchivedError,
    ExerciseMergedError,
    InvalidValue,
    LastAdminError,
    MergeRefusedError,
    NotAllowedError,
    NotFoundError,
    RuleViolation,
    StaleVersion,
)
from builder.services.privacy import PersonErasedError
from eventstore.errors import EventStoreBusyError, EventTooLargeError, SubjectErasedError

PROBLEM_CONTENT_TYPE = "application/problem+json"
RETRY_AFTER_SECONDS = "1"


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = gettext_lazy("This edit needs an If-Match header with the ETag you read.")
    default_code = "precondition-required"


class IdempotencyKeyReused(exceptions.APIException):
    status_code = 422
    default_detail = gettext_lazy(
        "This Idempotency-Key was already used with a different request body."
    )
    default_code = "idempotency-key-reused"


class PayloadTooLarge(exceptions.APIException):
    status_code = 413
    default_detail = gettext_lazy("The request body is too large.")
    default_code = "payload-too-large"


class ProjectionBehind(exceptions.APIException):
    """A read asked for a position the worker projection has not reached in time."""

    status_code = 503
    default_detail = gettext_lazy(
        "This view has not caught up with your last change yet; retry shortly."
    )
    default_code = "projection-behind"
    wait = int(RETRY_AFTER_SECONDS)


def problem(status_code: int, title: str, detail: str, slug: str, **extra: Any) -> dict[str, Any]:
    return {
        "type": f"/problems/{slug}",
        "title": title,
        "status": status_code,
        "detail": detail,
        **extra,
    }


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Map every error the API can meet onto a problem response."""
    response = _domain_problem(exc) or _framework_problem(exc)
    if response is None:
        return None
    response.content_type = PROBLEM_CONTENT_TYPE
    return response


# Refusals by the exercise library's rules (the other rule violations are the program's).
_LIBRARY_RULES = (
    ExerciseArchivedError,
    ExerciseMergedError,
    EnglishNameRequiredError,
    DuplicateMediaError,
    MergeRefusedError,
)


_ACCOUNT_RULES = (LastAdminError, AccountErasedError, PersonErasedError)


# A refusal's type is its code, for a client may act on which rule refused. A forbidden step, a
# missing thing and a malformed value each have one type: the detail (or `errors`) says which.
def _domain_problem(exc: Exception) -> Response | None:
    if isinstance(exc, StaleVersion):
        return _stale(exc)
    if isinstance(exc, NotAllowedError):
        return Response(problem(403, _("Forbidden"), message(exc), "forbidden"), 403)
    if isinstance(exc, InvalidValue):
        text = message(exc)
        errors = {exc.field: [text]}
        body = problem(
            400, _("Invalid input"), f"{exc.field}: {text}", "invalid-input", errors=errors
        )
        return Response(body, status=400)
    if isinstance(exc, NotFoundError):
        body = problem(404, _("Not found"), message(exc), "not-found")
        return Response(body, status=404)
    if isinstance(exc, EventTooLargeError):
        detail = _("One change may record at most %(limit)s bytes; make it in smaller steps.") % {
            "limit": exc.limit
        }
        body = problem(409, _("Refused: too large"), detail, "event-too-large", limit=exc.limit)
        return Response(body, status=409)
    if isinstance(exc, SubjectErasedError):
        # A command concerning someone whose data was erased (G3): nothing was recorded.
        detail = _("This concerns a person whose data was erased; nothing was changed.")
        body = problem(409, _("Refused: personal data erased"), detail, "subject-erased")
        return Response(body, status=409)
    if isinstance(exc, RuleViolation):
        title = (
            _("Refused by an exercise library rule")
            if isinstance(exc, _LIBRARY_RULES)
            else _("Refused by an account rule")
            if isinstance(exc, _ACCOUNT_RULES)
            else _("Refused by a coaching rule")
            if isinstance(exc, CoachingRuleViolation)
            else _("Refused by a program rule")
        )
        return Response(problem(409, title, message(exc), exc.code), status=409)
    if isinstance(exc, EventStoreBusyError | StoreOperationalError | DjangoDatabaseError):
        body = problem(
            503, _("Service unavailable"), _("The database is busy; retry shortly."), "unavailable"
        )
        return Response(body, status=503, headers={"Retry-After": RETRY_AFTER_SECONDS})
    if isinstance(exc, RequestDataTooBig):
        return _framework_problem(PayloadTooLarge())
    return None


def _stale(exc: StaleVersion) -> Response:
    body = problem(
        412, _("Precondition failed"), stale_message(exc), exc.code, current_version=exc.current
    )
    headers = {"ETag": f'"{exc.current}"'} if exc.current is not None else {}
    return Response(body, status=412, headers=headers)


def _framework_problem(exc: Exception) -> Response | None:
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    if not isinstance(exc, exceptions.APIException):
        return None
    code = exc.status_code
    body = problem(code, _title(code), _detail(exc), _slug(exc.default_code))
    if isinstance(exc.detail, dict | list):
        body["detail"] = _("The request has invalid fields.") if code == 400 else body["detail"]
        body["errors"] = (
            exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        )
    headers = {}
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        headers["WWW-Authenticate"] = 'Token realm="api"'
    return Response(body, status=code, headers=headers)


def _detail(exc: exceptions.APIException) -> str:
    return exc.detail if isinstance(exc.detail, str) else str(exc.default_detail)


# The titles of the status codes the API answers with, as Python's HTTPStatus names them.
_TITLES = {
    400: gettext_lazy("Bad Request"),
    401: gettext_lazy("Unauthorized"),
    403: gettext_lazy("Forbidden"),
    404: gettext_lazy("Not Found"),
    405: gettext_lazy("Method Not Allowed"),
    406: gettext_lazy("Not Acceptable"),
    409: gettext_lazy("Conflict"),
    412: gettext_lazy("Precondition Failed"),
    413: gettext_lazy("Request Entity Too Large"),
    415: gettext_lazy("Unsupported Media Type"),
    422: gettext_lazy("Unprocessable Entity"),
    428: gettext_lazy("Precondition Required"),
    429: gettext_lazy("Too Many Requests"),
    500: gettext_lazy("Internal Server Error"),
    503: gettext_lazy("Service Unavailable"),
}


def _title(code: int) -> str:
    return str(_TITLES.get(code, HTTPStatus(code).phrase))


def _slug(name: str) -> str:
    out = "".join(f"-{c.lower()}" if c.isupper() else c for c in name).strip("-")
    return out.replace("_", "-").removesuffix("-error")


def not_found_view(request, exception=None) -> JsonResponse:
    return _plain(404, _("No such resource."), "not-found")


def server_error_view(request) -> JsonResponse:
    return _plain(500, _("An unexpected error occurred; it has been logged."), "server-error")


def bad_request_view(request, exception=None) -> JsonResponse:
    return _plain(400, _("The request could not be understood."), "bad-request")


def _plain(code: int, detail: str, slug: str) -> JsonResponse:
    return JsonResponse(
        problem(code, _title(code), detail, slug), status=code, content_type=PROBLEM_CONTENT_TYPE
    )
