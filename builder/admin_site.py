"""The staff admin site: Django's, with its login within the same limits on password guesses as
the API's (builder.api.throttles), so that one count covers every door."""

from __future__ import annotations

import math

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from builder.api import throttles


class LimitedLoginForm(AdminAuthenticationForm):
    """The admin's login form: refuses an attempt past a limit unchecked, counts wrong passwords."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "throttled": _("Too many login attempts. Try again in %(seconds)s seconds."),
    }
    wait: float | None = None

    def clean(self):
        attempt = throttles.Attempt.of(self.request, self.data.get("username"))
        self.wait = throttles.wait_before(attempt)
        if self.wait is not None:
            seconds = math.ceil(self.wait)
            raise ValidationError(
                self.error_messages["throttled"], code="throttled", params={"seconds": seconds}
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            if self.user_cache is None:  # the password was wrong (not merely a non-staff user)
                throttles.note_failure(attempt)
            raise
        if self.user_cache is not None:
            throttles.note_success(attempt)
        return cleaned


class AdminSite(admin.AdminSite):
    """Django's admin site; a login refused by a limit is its form with the error, and 429."""

    login_form = LimitedLoginForm

    def login(self, request, extra_context=None):
        response = super().login(request, extra_context)
        form = (getattr(response, "context_data", None) or {}).get("form")
        wait = getattr(form, "wait", None)
        if wait is not None:
            response.status_code = 429
            response["Retry-After"] = str(math.ceil(wait))
        return response
