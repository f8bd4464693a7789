"""Test settings: the real settings module plus what only tests need."""

from factbase.settings import *  # noqa: F403
from factbase.settings import SECRET_KEY

SECRET_KEY = SECRET_KEY or "factbase-tests-only-secret-key"
# Fast hashing: tests create many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Live-server request threads must not keep connections open past the request, or
# the test database cannot be dropped at the end of the run.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
