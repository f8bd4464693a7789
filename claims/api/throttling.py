"""How many requests a client may make: the `anon` rate per address for anonymous
clients, the `user` rate per account for signed-in ones (REST_FRAMEWORK's
DEFAULT_THROTTLE_RATES).

DRF's own throttles keep every request's time of the last window in the cache and
rewrite that list on each request, so a request costs more the higher the rate (at
1,200 a minute, a 10 KB value read and written twice, once per throttle). Here a
client costs two counters, this window's and the last one's, read in one cache call
and one written: the count over the last window is estimated as this window's count
plus the last window's, weighted by how much of it still lies within the sliding
window (the "sliding window counter"). One throttle serves both kinds of client."""

import time
from typing import TYPE_CHECKING

from django.core.cache import cache as default_cache
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.redis import RedisCache
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

if TYPE_CHECKING:  # the settings load this module while rest_framework.views loads
    from rest_framework.views import APIView

DURATIONS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """'120/minute' → (120 requests, 60 seconds), as DRF reads its rates."""
    count, period = rate.split("/")
    return int(count), DURATIONS[period[0]]


def estimate(previous: int, current: int, *, into_window: float, window: int) -> float:
    """The requests of the last `window` seconds, `into_window` seconds into this window."""
    return previous * (window - into_window) / window + current


def seconds_until_allowed(
    previous: int, current: int, *, into_window: float, window: int, limit: int
) -> float:
    """How long, without further requests, until the estimate drops below `limit`."""
    left_in_window = window - into_window
    if current < limit and previous:
        # Within this window, the last window's share falls by previous/window a second.
        wait = left_in_window - (limit - current) * window / previous
        if wait < left_in_window:
            return max(wait, 0.0)
    # In the next window this window's count is the one that fades.
    return left_in_window + max(window * (1 - limit / current), 0.0) if current else 0.0


class ClientRateThrottle(BaseThrottle):
    cache: BaseCache = default_cache

    def __init__(self) -> None:
        self.wait_seconds: float | None = None

    def allow_request(self, request: Request, view: "APIView") -> bool:
        if request.user and request.user.is_authenticated:
            scope, client = "user", str(request.user.pk)
        else:
            scope, client = "anon", self.get_ident(request)
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(scope)
        if rate is None:
            return True
        limit, window = parse_rate(str(rate))  # a string such as "120/minute"
        now = time.time()
        number = int(now // window)
        into_window = now - number * window
        last_key, key = (f"throttle:{scope}:{client}:{window}:{n}" for n in (number - 1, number))
        counts = self.cache.get_many([last_key, key])
        previous, current = counts.get(last_key, 0), counts.get(key, 0)
        if estimate(previous, current, into_window=into_window, window=window) >= limit:
            self.wait_seconds = seconds_until_allowed(
                previous, current, into_window=into_window, window=window, limit=limit
            )
            return False
        self._count(key, current, timeout=2 * window)
        return True

    def _count(self, key: str, current: int, *, timeout: int) -> None:
        if isinstance(self.cache, RedisCache):  # atomic, and keeps the key's expiry
            if current == 0 and self.cache.add(key, 1, timeout):
                return
            try:
                self.cache.incr(key)
            except ValueError:  # expired since it was read
                self.cache.add(key, 1, timeout)
            return
        # Elsewhere incr() is a read and a write anyway, and would reset the expiry:
        # two requests of one client at the same moment may count once.
        self.cache.set(key, current + 1, timeout)

    def wait(self) -> float | None:
        return self.wait_seconds
