"""The API's rate limit: per address for anonymous clients, per account for signed-in
ones, over a sliding window, counted in the cache every worker process shares."""

import importlib
import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from django.apps import apps as django_apps
from django.core.cache import cache, caches
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.redis import RedisCache
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory, override_settings
from rest_framework.request import Request
from rest_framework.test import APIClient
from rest_framework.views import APIView

from claims.api import throttling
from claims.api.throttling import ClientRateThrottle, seconds_until_allowed
from tests.conftest import REDIS_URL

DATABASE_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "factbase_cache",
}
WINDOW_START = 1_800_000_000.0  # a multiple of 60: a minute window starts here


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def time(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock(WINDOW_START)
    monkeypatch.setattr(throttling, "time", clock)
    return clock


@pytest.fixture
def rates(settings: Any) -> Iterator[None]:
    cache.clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "4/minute", "user": "6/minute"},
    }
    yield
    cache.clear()


def anonymous_request(rf: RequestFactory, address: str = "203.0.113.7") -> Request:
    return Request(rf.get("/api/v1/claims/", REMOTE_ADDR=address))


def allowed(throttle_cache: BaseCache, request: Request) -> bool:
    throttle = ClientRateThrottle()
    throttle.cache = throttle_cache
    return throttle.allow_request(request, APIView())


@pytest.mark.django_db
def test_anonymous_clients_are_throttled_with_a_retry_after(
    api_client: APIClient, rates: None
) -> None:
    responses = [api_client.get("/api/v1/claims/") for _ in range(6)]

    assert [response.status_code for response in responses] == [200] * 4 + [429] * 2
    assert 0 < int(responses[-1]["Retry-After"]) <= 120


@pytest.mark.django_db
def test_signed_in_clients_count_per_account_at_the_user_rate(
    reviewer_api_client: APIClient, api_client: APIClient, rates: None
) -> None:
    codes = [reviewer_api_client.get("/api/v1/claims/").status_code for _ in range(7)]

    assert codes == [200] * 6 + [429]
    # The same address, anonymous, has a count of its own.
    assert api_client.get("/api/v1/claims/").status_code == 200


def test_other_addresses_are_not_slowed_by_one_busy_client(
    rf: RequestFactory, rates: None, clock: Clock
) -> None:
    busy = [allowed(cache, anonymous_request(rf)) for _ in range(5)]

    assert busy == [True] * 4 + [False]
    assert allowed(cache, anonymous_request(rf, "198.51.100.2"))


def test_the_last_window_fades_out_over_the_next(
    rf: RequestFactory, rates: None, clock: Clock
) -> None:
    request = anonymous_request(rf)
    assert [allowed(cache, request) for _ in range(5)] == [True] * 4 + [False]

    clock.now = WINDOW_START + 60  # the next window begins: the last counts whole
    assert not allowed(cache, request)
    clock.now = WINDOW_START + 60 + 30  # half of the last window is still in view: 2
    assert [allowed(cache, request) for _ in range(3)] == [True, True, False]
    clock.now = WINDOW_START + 180  # two quiet windows later: a fresh start
    assert [allowed(cache, request) for _ in range(5)] == [True] * 4 + [False]


@pytest.mark.parametrize(
    ("previous", "current", "into_window"),
    [(0, 4, 0.0), (0, 4, 59.0), (6, 0, 10.0), (4, 2, 20.0), (8, 3, 45.0), (3, 5, 5.0)],
)
def test_the_wait_announced_is_when_the_next_request_passes(
    rf: RequestFactory, rates: None, clock: Clock, previous: int, current: int, into_window: float
) -> None:
    request = anonymous_request(rf)
    window = int(WINDOW_START // 60)
    cache.set_many(
        {
            f"throttle:anon:203.0.113.7:60:{window - 1}": previous,
            f"throttle:anon:203.0.113.7:60:{window}": current,
        },
        timeout=120,
    )
    clock.now = WINDOW_START + into_window
    throttle = ClientRateThrottle()
    assert not throttle.allow_request(request, APIView())
    wait = throttle.wait()
    assert wait == seconds_until_allowed(
        previous, current, into_window=into_window, window=60, limit=4
    )
    assert wait is not None and wait > 0

    clock.now = WINDOW_START + into_window + wait - 0.01
    assert not ClientRateThrottle().allow_request(request, APIView())
    clock.now = WINDOW_START + into_window + wait + 0.01
    assert ClientRateThrottle().allow_request(request, APIView())


@pytest.mark.django_db
@override_settings(CACHES={"default": DATABASE_CACHE})
def test_counts_are_shared_between_worker_processes_in_the_database(
    rf: RequestFactory, rates: None
) -> None:
    """Two gunicorn workers each have their own cache client; with the database cache
    (the default) they count every client's requests together."""
    call_command("createcachetable", verbosity=0)
    workers = [caches.create_connection("default") for _ in range(2)]
    assert workers[0] is not workers[1]
    request = anonymous_request(rf)

    assert [allowed(workers[n % 2], request) for n in range(6)] == [True] * 4 + [False] * 2


@pytest.fixture
def redis_cache() -> Iterator[RedisCache]:
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"no Redis at {REDIS_URL}")
    finally:
        client.close()
    # A prefix of this test's own: clear() would empty the database other tests use.
    prefix = f"factbase-test-{uuid.uuid4().hex[:12]}"
    redis_cache = RedisCache(REDIS_URL, {"KEY_PREFIX": prefix})
    yield redis_cache
    disconnect(redis_cache)
    with redis.Redis.from_url(REDIS_URL) as client:
        keys = list(client.scan_iter(match=f"{prefix}:*"))
        if keys:
            client.delete(*keys)


def disconnect(redis_cache: RedisCache) -> None:
    """Close the connections a worker's cache client opened (Django keeps them open
    for the life of the process)."""
    for pool in redis_cache._cache._pools.values():  # type: ignore[attr-defined]
        pool.disconnect()


def test_counts_are_shared_between_worker_processes_in_redis(
    rf: RequestFactory, rates: None, redis_cache: RedisCache, clock: Clock
) -> None:
    other_worker = RedisCache(REDIS_URL, {"KEY_PREFIX": redis_cache.key_prefix})
    request = anonymous_request(rf)

    counted = [allowed([redis_cache, other_worker][n % 2], request) for n in range(6)]
    disconnect(other_worker)

    assert counted == [True] * 4 + [False] * 2
    key = f"throttle:anon:203.0.113.7:60:{int(WINDOW_START // 60)}"
    assert redis_cache.get(key) == 4
    with redis.Redis.from_url(REDIS_URL) as client:  # kept for this window and the next
        assert 60 < client.ttl(redis_cache.make_and_validate_key(key)) <= 120


@pytest.mark.django_db
@override_settings(CACHES={"default": DATABASE_CACHE})
def test_the_counts_table_skips_the_write_ahead_log_on_postgresql() -> None:
    """A throttle update then commits without waiting for a disk flush."""
    if connection.vendor != "postgresql":
        pytest.skip("UNLOGGED tables are PostgreSQL's")
    migration = importlib.import_module("factbase.migrations.0002_cache_table_unlogged")
    call_command("createcachetable", verbosity=0)

    def persistence() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SELECT relpersistence FROM pg_class WHERE relname = 'factbase_cache'")
            return str(cursor.fetchone()[0])

    with connection.schema_editor() as schema_editor:
        migration.set_persistence("UNLOGGED")(django_apps, schema_editor)
    assert persistence() == "u"
    with connection.schema_editor() as schema_editor:
        migration.set_persistence("LOGGED")(django_apps, schema_editor)
    assert persistence() == "p"
