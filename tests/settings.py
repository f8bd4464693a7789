"""Test settings: the real settings module plus what only tests need."""

import os
import tempfile

from factbase.settings import *  # noqa: F403
from factbase.settings import SECRET_KEY

SECRET_KEY = SECRET_KEY or "factbase-tests-only-secret-key"
# Fast hashing: tests create many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Live-server request threads must not keep connections open past the request, or
# the test database cannot be dropped at the end of the run.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# On SQLite the test database is a file, not memory, so that the Celery worker process
# of tests/claims/test_queue.py can open it; one file per test process.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"factbase-test-{os.getpid()}.sqlite3")
    }

# Each test starts with empty throttles, and the pinned query counts are the views'
# own; the shared database cache has its own test (tests/claims/test_api_writes.py).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Throttling is tested on its own (tests/claims/test_api_writes.py); elsewhere the
# suite's many requests from one address must not trip it.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute", "user": "100000/minute"},
}
