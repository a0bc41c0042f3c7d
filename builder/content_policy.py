"""The Content-Security-Policy of each response: the API's loads nothing (CONTENT_SECURITY_POLICY
in the settings), while the pages people read in a browser may load this server's own files."""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts

_LOCKED = {"frame-ancestors": ["'none'"], "base-uri": ["'none'"], "form-action": ["'self'"]}

# Django's admin links its styles, scripts and images from this server and writes no inline
# script, style block or style attribute (its changelist's one <style> appears only on a list
# without actions, which no list here is), so nothing inline is allowed.
ADMIN_POLICY = {
    "default-src": ["'none'"],
    "style-src": ["'self'"],
    "script-src": ["'self'"],
    "img-src": ["'self'"],
    **_LOCKED,
}

# DRF's browsable API (development only) adds web fonts, same-origin requests from its forms,
# and style attributes in its templates; its scripts are files too.
BROWSABLE_API_POLICY = {
    "default-src": ["'none'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "script-src": ["'self'"],
    "img-src": ["'self'"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    **_LOCKED,
}


class ContentPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, choosing the admin's or the browsable API's policy for their
    pages; a view's own policy (a `csp` decorator) still comes first."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None:
            parts.config = page_policy(request, response)
        return parts


def page_policy(request, response) -> dict[str, list[str]] | None:
    """The admin's policy for the admin site's pages, the browsable API's for its pages, or
    None (the settings' policy) for everything else."""
    match = getattr(request, "resolver_match", None)
    if match is not None and "admin" in match.namespaces:
        return ADMIN_POLICY
    if getattr(getattr(response, "accepted_renderer", None), "format", None) == "api":
        return BROWSABLE_API_POLICY
    return None
