"""The two refusals Django answers itself (403): a step the person may not take (handler403,
for PermissionDenied) and a failed CSRF check (CSRF_FAILURE_VIEW), each saying which it is.

The admin site's pages and browsers asking for HTML get a page; everyone else a problem.
"""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from builder.api.problems import PROBLEM_CONTENT_TYPE, problem

_JSON, _HTML = "application/json", "text/html"


def forbidden_view(request, exception=None) -> HttpResponse:
    return _refusal(request, _("You may not do this."), "forbidden")


def csrf_failure_view(request, reason: str = "") -> HttpResponse:
    return _refusal(request, _("CSRF check failed."), "csrf-failed")


def _refusal(request, detail: str, slug: str) -> HttpResponse:
    title = _("Forbidden")
    if wants_html(request):
        context = {"title": title, "detail": detail}
        return render(request, "builder/refused.html", context, status=403)
    body = problem(403, title, detail, slug)
    return JsonResponse(body, status=403, content_type=PROBLEM_CONTENT_TYPE)


def wants_html(request) -> bool:
    """Whether the client prefers HTML to JSON; a tie (no Accept, or */*) goes to HTML on the
    admin site's pages and to JSON everywhere else."""
    in_admin = request.path.startswith(reverse("admin:index"))
    offered = [_HTML, _JSON] if in_admin else [_JSON, _HTML]
    return request.get_preferred_type(offered) == _HTML
