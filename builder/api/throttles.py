"""Limits on attempts: password guesses at the login doors, registrations and reset mails.

Every login door (the API's token and session logins, the admin site's) passes its attempts
through the same three limits, each with a rate in REST_FRAMEWORK's DEFAULT_THROTTLE_RATES:

- `login`: every attempt from one client address, whatever the account;
- `login_account_address`: wrong passwords for one account from one address. A stranger spends
  their own budget there, not the owner's, who still logs in from elsewhere;
- `login_account`: wrong passwords for one account from every address together, slower: what
  guesses spread over many addresses meet. Addresses the owner logged in from lately are spared
  it, so such a spread does not lock the owner out there either.

Registrations are limited per client address (`register`) on the same counters, and password
reset mails per client address (`password_reset`) and per address mailed
(`password_reset_email`), so that no one fills a person's inbox.

Counters live in Django's cache, which settings.CACHES keeps in our database: every process
counts against the same limits, and counts of one key made at once take turns, so all of them
add up. Their keys are keyed hashes (HMAC under the secret key) of the email and the client
address, so the cache table holds neither, and hashing a list of known addresses does not find
them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.contrib.auth.base_user import BaseUserManager
from django.core.cache import cache
from django.db import connection, transaction
from django.utils.crypto import salted_hmac
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle

log = logging.getLogger(__name__)

# How long an address the owner logged in from stays spared the account's overall limit.
KNOWN_ADDRESS_SECONDS = 30 * 24 * 3600
# The advisory locks (namespace, hash of the key) under which a counter is read and written.
LOCK_NAMESPACE = 0x5448


def digest(*parts: str) -> str:
    """A keyed hash of the parts: the same in every process sharing the secret key."""
    return salted_hmac("builder.api.throttles", "\x1f".join(parts), algorithm="sha256").hexdigest()


def cache_key(scope: str, *parts: str) -> str:
    return SimpleRateThrottle.cache_format % {"scope": scope, "ident": digest(scope, *parts)}


def rate(scope: str) -> str:
    """The scope's rate, read when counting (not when imported), so that changed settings apply."""
    return api_settings.DEFAULT_THROTTLE_RATES[scope]


class Counter(SimpleRateThrottle):
    """The attempts counted under one key, within its scope's rate."""

    def __init__(self, scope: str, *parts: str) -> None:
        self.scope = scope
        self.key = cache_key(scope, *parts)
        super().__init__()

    def get_rate(self) -> str:
        return rate(self.scope)

    def full(self) -> bool:
        """Whether the rate is used up now; counts nothing."""
        self.now = self.timer()
        since = self.now - self.duration
        self.history = [moment for moment in self.cache.get(self.key, []) if moment > since]
        return len(self.history) >= self.num_requests

    def count(self) -> None:
        """Counts one attempt now. Counts of one key (from any process) take turns: the cache
        reads and writes a whole entry, so two at once would keep only one of them."""
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [LOCK_NAMESPACE, self.key]
            )
            self.full()
            self.cache.set(self.key, [self.now, *self.history], self.duration)

    def wait(self) -> float:
        """Seconds until a full counter lets one more attempt through."""
        return self.history[self.num_requests - 1] + self.duration - self.now


class AddressThrottle(BaseThrottle):
    """Requests per client address for the view's `throttle_scope` (DRF's scoped throttle, on
    the counters above)."""

    def allow_request(self, request, view) -> bool:
        self.counter = Counter(view.throttle_scope, self.get_ident(request) or "")
        if self.counter.full():
            return False
        self.counter.count()
        return True

    def wait(self) -> float:
        return self.counter.wait()


class MailThrottle(BaseThrottle):
    """Requests per client address for the view's `throttle_scope`, and per email address the
    body names for `<throttle_scope>_email`."""

    def allow_request(self, request, view) -> bool:
        data = request.data if isinstance(request.data, dict) else {}
        attempt = Attempt.of(request, data.get("email"))
        counters = [Counter(view.throttle_scope, attempt.address)]
        if attempt.account is not None:
            counters.append(Counter(f"{view.throttle_scope}_email", attempt.account))
        self.met = [counter for counter in counters if counter.full()]
        if self.met:
            return False
        for counter in counters:
            counter.count()
        return True

    def wait(self) -> float:
        return max(counter.wait() for counter in self.met)


@dataclass(frozen=True)
class Attempt:
    """A login attempt: the account it names (the normalised email, None when there is none),
    the client address it comes from (BUILDER_NUM_PROXIES hops back, as DRF reads it) and the
    door (the path) it came through."""

    account: str | None
    address: str
    door: str

    @classmethod
    def of(cls, request, email: object) -> Attempt:
        named = email.strip() if isinstance(email, str) else ""
        account = BaseUserManager.normalize_email(named).lower() if named else None
        return cls(account, BaseThrottle().get_ident(request) or "", request.path)

    def logged(self) -> tuple[str, str, str]:
        """The door and tags for the account and the address: short keyed hashes, by which log
        lines about one account (or address) can be matched without naming it."""
        account = digest("log", self.account)[:12] if self.account else "-"
        return self.door, account, digest("log", self.address)[:12]

    def checked(self) -> list[Counter]:
        """The limits this attempt must be within; the first counts it when it goes ahead."""
        limits = [Counter("login", self.address)]
        if self.account is not None:
            limits.append(Counter("login_account_address", self.account, self.address))
            if not cache.get(self.known_key()):
                limits.append(Counter("login_account", self.account))
        return limits

    def failures(self) -> list[Counter]:
        """The counters a wrong password for the account adds to."""
        if self.account is None:
            return []
        return [
            Counter("login_account_address", self.account, self.address),
            Counter("login_account", self.account),
        ]

    def known_key(self) -> str:
        return cache_key("login_known", self.account or "", self.address)


def wait_before(attempt: Attempt) -> float | None:
    """None when the attempt may go ahead (then it counts against its address); otherwise the
    seconds until every limit it meets lets it."""
    limits = attempt.checked()
    met = [limit for limit in limits if limit.full()]
    if met:
        log.warning(
            "Login refused at %s, too many attempts: account %s, address %s", *attempt.logged()
        )
        return max(limit.wait() for limit in met)
    limits[0].count()
    return None


def note_failure(attempt: Attempt) -> None:
    """A wrong password: counted against the account, from this address and from all."""
    for counter in attempt.failures():
        counter.count()


def note_success(attempt: Attempt) -> None:
    """The right password: the address is the owner's, spared the account's overall limit."""
    if attempt.account is not None:
        cache.set(attempt.known_key(), True, KNOWN_ADDRESS_SECONDS)


def log_failed_login(sender, credentials: dict, request=None, **kwargs) -> None:
    """Logs a wrong password (Django's `user_login_failed`, at every door) by its tags: never
    the email, the address or the password."""
    if request is not None:
        attempt = Attempt.of(request, credentials.get("username"))
        log.warning("Login failed at %s: account %s, address %s", *attempt.logged())
