"""Throttling of failed logins and failed API tokens: a wait that grows with each failure.

A counter per key (an account, a client address, an address's API tokens) holds the number of
recent failures and the moment until which the key is blocked. The failure that reaches a key's
limit blocks it for THROTTLE_BASE_WAIT seconds, each further one for twice as long as the last,
up to THROTTLE_MAX_WAIT. A counter is forgotten THROTTLE_WINDOW seconds after
its last failure; a successful login clears its account's counter (not its address's).

While a key is blocked, attempts are refused before any password or token is checked, and are
not counted. Counters live in the "throttle" cache (settings.CACHES): files under
DXTRACK_VAR_DIR shared by the workers of one machine. Not a library (django-axes): the same
counter serves the login form, the admin's login and the API's tokens, and axes would need its
own models and authentication backend and a fixed cool-off rather than a growing one.
"""

import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from django.utils.translation import gettext


@dataclass(frozen=True)
class Key:
    """One thing that is counted: `kind` ("account", "address", "token") and its value."""

    kind: str
    value: str

    @property
    def cache_key(self) -> str:
        digest = hashlib.sha256(self.value.encode("utf-8", "surrogatepass")).hexdigest()[:32]
        return f"dxtrack-throttle:{self.kind}:{digest}"

    @property
    def limit(self) -> int:
        return {
            "account": settings.THROTTLE_ACCOUNT_FAILURES,
            "address": settings.THROTTLE_ADDRESS_FAILURES,
            "token": settings.THROTTLE_TOKEN_FAILURES,
        }[self.kind]


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or behind the HTTPS proxy the address it saw.

    nginx appends the address it saw to X-Forwarded-For ($proxy_add_x_forwarded_for), so the
    last entry is the one a client cannot forge.
    """
    if settings.BEHIND_HTTPS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        entries = [entry.strip() for entry in forwarded.split(",") if entry.strip()]
        if entries:
            return entries[-1]
    return str(request.META.get("REMOTE_ADDR", ""))


def account_key(username: str) -> Key:
    return Key("account", username.strip().casefold())


def address_key(request: HttpRequest) -> Key:
    return Key("address", client_address(request))


def token_key(request: HttpRequest) -> Key:
    return Key("token", client_address(request))


def _cache():
    return caches["throttle"]


def wait_seconds(*keys: Key) -> int:
    """How many seconds until every key may try again (0: now)."""
    now = time.time()
    longest = 0.0
    for key in keys:
        state = _cache().get(key.cache_key)
        if state:
            longest = max(longest, state.get("blocked_until", 0) - now)
    return math.ceil(longest) if longest > 0 else 0


def record_failure(*keys: Key) -> None:
    """One more failure of each key; blocks those that reached their limit."""
    now = time.time()
    for key in keys:
        state = _cache().get(key.cache_key) or {"failures": 0, "blocked_until": 0.0}
        failures = state["failures"] + 1
        blocked_until = state["blocked_until"]
        if failures >= key.limit:
            wait = min(
                settings.THROTTLE_BASE_WAIT * 2 ** min(failures - key.limit, 30),
                settings.THROTTLE_MAX_WAIT,
            )
            blocked_until = now + wait
        _cache().set(
            key.cache_key,
            {"failures": failures, "blocked_until": blocked_until},
            timeout=max(settings.THROTTLE_WINDOW, math.ceil(blocked_until - now)),
        )


def clear(*keys: Key) -> None:
    for key in keys:
        _cache().delete(key.cache_key)


def wait_text(seconds: int) -> str:
    """ "2 phút", "45 giây": the wait in its largest whole unit, rounded up."""
    if seconds >= 3600:
        return gettext("%(n)d giờ") % {"n": math.ceil(seconds / 3600)}
    if seconds >= 60:
        return gettext("%(n)d phút") % {"n": math.ceil(seconds / 60)}
    return gettext("%(n)d giây") % {"n": max(seconds, 1)}
