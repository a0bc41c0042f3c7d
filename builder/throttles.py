"""Limits on attempts: password guesses at the login doors, and registrations.

Counters live in Django's cache, which settings.CACHES keeps in our database: every process
counts against the same limits. Their keys are keyed hashes (HMAC under the secret key) of the
email and the client address, so the cache table holds neither, and hashing a list of known
addresses does not find them.
"""

from __future__ import annotations

from django.utils.crypto import salted_hmac
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle


def digest(*parts: str) -> str:
    """A keyed hash of the parts: the same in every process sharing the secret key."""
    return salted_hmac("builder.throttles", "\x1f".join(parts), algorithm="sha256").hexdigest()


def cache_key(scope: str, *parts: str) -> str:
    return ScopedRateThrottle.cache_format % {"scope": scope, "ident": digest(scope, *parts)}


def rate(scope: str) -> str:
    """The scope's rate, read when counting (not when imported), so that changed settings apply."""
    return api_settings.DEFAULT_THROTTLE_RATES[scope]


class AddressThrottle(ScopedRateThrottle):
    """DRF's throttle per client address for the view's `throttle_scope`, under a hashed key."""

    def get_rate(self) -> str:
        return rate(self.scope)

    def get_cache_key(self, request, view) -> str:
        return cache_key(self.scope, self.get_ident(request))
