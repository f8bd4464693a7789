"""factbase settings, read from the environment.

DATABASE_URL   PostgreSQL in production and CI; unset means an embedded SQLite file in var/.
SECRET_KEY     required when DEBUG is off (system check factbase.E001).
DEBUG          "1"/"true" turns debug mode on; off by default.
ALLOWED_HOSTS  comma-separated host names.
CELERY_BROKER_URL  redis://host:6379/0 runs imports as jobs for `celery -A factbase worker`;
               unset means imports run inline in the process that asks for them.
"""

import os
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext

# Lets admin and DRF classes be subscripted with their model type at run time.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("FACTBASE_DATA_DIR", BASE_DIR / "var"))


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_flag("DEBUG")

# An empty key is refused by the factbase.E001 system check unless DEBUG is on;
# the development fallback is never used in production.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "factbase-insecure-development-key"

ALLOWED_HOSTS = [
    host.strip() for host in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1").split(",")
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django.contrib.syndication",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "factbase",
    "sources",
    "claims",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "factbase.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "factbase.wsgi.application"

DATABASE_URL = os.environ.get("DATABASE_URL", "")  # empty means unset
if not DATABASE_URL:
    DATA_DIR.mkdir(parents=True, exist_ok=True)

DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL or f"sqlite:///{DATA_DIR / 'factbase.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Queue workers and the web process may write the same file at once: readers never
    # block the writer (WAL), a transaction takes the write lock when it begins rather
    # than failing to upgrade a read lock later, and a writer waits up to 20 s for the
    # lock instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=20,
        transaction_mode="IMMEDIATE",
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_flag(
    "DATABASE_PREPARED_STATEMENTS", True
):
    # Server-side parameters let psycopg prepare a statement it has run a few times on a
    # connection, so the API's long list queries skip parsing. Every execution is still
    # planned for its own parameters (force_custom_plan): a search for a rare word and
    # one for a common word need different plans. Turn this off
    # (DATABASE_PREPARED_STATEMENTS=0) behind a pooler that cannot keep prepared
    # statements, such as PgBouncer before 1.21 in transaction mode.
    connection_options = DATABASES["default"].setdefault("OPTIONS", {})
    connection_options.update(server_side_binding=True, prepare_threshold=5)
    connection_options["options"] = " ".join(
        filter(None, [connection_options.get("options"), "-c plan_cache_mode=force_custom_plan"])
    )

# The cache holds the API throttles' counts, so it must be shared by every worker
# process or each one would count alone: a database table by default (`migrate`
# creates it), Redis with CACHE_URL=redis://host:6379/0 (needs `pip install redis`).
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHES: dict[str, dict[str, Any]]
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "factbase_cache",
            # One row per client address and window: room for many clients before
            # Django culls a third of the rows.
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"

LOGIN_URL = "admin:login"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "claims.api.base.StableCursorPagination",
    "DEFAULT_PARSER_CLASSES": [
        "claims.api.base.SafeJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "claims.api.base.api_exception_handler",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "claims.api.base.FilterBackend",
        "rest_framework.filters.SearchFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Anonymous clients by address at the `anon` rate, signed-in ones by account at
    # the `user` rate, counted in the shared cache (claims/api/throttling.py).
    "DEFAULT_THROTTLE_CLASSES": ["claims.api.throttling.ClientRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("FACTBASE_THROTTLE_ANON", "120/minute"),
        "user": os.environ.get("FACTBASE_THROTTLE_USER", "1200/minute"),
    },
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}

SPECTACULAR_SETTINGS = {
    "TITLE": "factbase API",
    "DESCRIPTION": (
        "Verified claims, quotes, speakers and articles from the factbase fact-tracking database."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and ReDoc come from drf-spectacular-sidecar's static files, not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "QuoteKindEnum": "claims.models.quotes.QuoteKind.choices",
        "SpeakerKindEnum": "claims.models.speakers.SpeakerKind.choices",
    },
}

# The person who publishes a verdict must differ from the one who rated it; turn
# this off for a one-person desk.
FACTBASE_SECOND_REVIEWER_REQUIRED = env_flag("FACTBASE_SECOND_REVIEWER_REQUIRED", True)

# Where factbase is served: scheme, host and any path prefix, e.g.
# https://factcheck.example.org or https://example.org/factbase. Every absolute URL
# factbase writes (ClaimReview, claims:search, feeds, sitemap) starts with it; the
# factbase.E005 check refuses a missing or local one when DEBUG is off.
FACTBASE_SITE_URL = os.environ.get("FACTBASE_SITE_URL", "http://localhost:8000/")

# The organisation that publishes this desk's verdicts (ClaimReview `author`,
# Fact Check Tools `publisher`).
FACTBASE_PUBLISHER_NAME = os.environ.get("FACTBASE_PUBLISHER_NAME", "factbase")
FACTBASE_PUBLISHER_URL = os.environ.get("FACTBASE_PUBLISHER_URL", FACTBASE_SITE_URL)

# Whether the public verdict pages name the reviewer of each verdict. Off by default:
# the organisation publishes, not the person.
FACTBASE_PUBLIC_REVIEWER_NAMES = env_flag("FACTBASE_PUBLIC_REVIEWER_NAMES")
# How long browsers and shared caches may keep a public page (Cache-Control max-age).
FACTBASE_PUBLIC_CACHE_SECONDS = int(os.environ.get("FACTBASE_PUBLIC_CACHE_SECONDS", "300"))

# Imported ClaimReview ratings that no mapping, name or number places on the local
# scale get this label (a slug of the default scale).
FACTBASE_CLAIMREVIEW_FALLBACK_RATING = os.environ.get(
    "FACTBASE_CLAIMREVIEW_FALLBACK_RATING", "unproven"
)

# Claim matching's semantic stage (claims/semantic.py), used when its extra is
# installed (pip install "factbase[semantic]") unless this is set to 0.
FACTBASE_SEMANTIC_MATCHING = env_flag("FACTBASE_SEMANTIC_MATCHING", default=True)

# Whether anonymous API clients read an article's full text, or only its metadata and
# the quoted passages a reviewer confirmed (claims.models.visibility). Off by default:
# the text belongs to its publisher.
FACTBASE_PUBLIC_ARTICLE_TEXT = env_flag("FACTBASE_PUBLIC_ARTICLE_TEXT")

# Import limits: an article larger than this many characters is refused, and so is
# an input file (or fetched page, or standard input) larger than this many bytes.
FACTBASE_MAX_ARTICLE_CHARS = int(os.environ.get("FACTBASE_MAX_ARTICLE_CHARS", str(2_000_000)))
FACTBASE_MAX_FILE_BYTES = int(os.environ.get("FACTBASE_MAX_FILE_BYTES", str(256 * 1024 * 1024)))
# Claim candidates kept per article, the highest scored; the import report counts the
# rest as dropped. A reviewer cannot use thousands from one article anyway.
FACTBASE_MAX_CLAIMS_PER_ARTICLE = int(os.environ.get("FACTBASE_MAX_CLAIMS_PER_ARTICLE", "1000"))
# `import_articles --url`: one deadline in seconds for the whole fetch, redirects
# included; and the networks it may fetch from besides public addresses ("1" for
# every private, loopback and link-local one, or comma-separated CIDR blocks such as
# an intranet's 10.20.0.0/16). Off by default: a page must not make the importer
# reach the database or a cloud metadata service.
FACTBASE_FETCH_TIMEOUT = float(os.environ.get("FACTBASE_FETCH_TIMEOUT", "20"))
_allow_private = os.environ.get("FACTBASE_FETCH_ALLOW_PRIVATE", "").strip()
if env_flag("FACTBASE_FETCH_ALLOW_PRIVATE"):
    FACTBASE_FETCH_ALLOW_PRIVATE = ["0.0.0.0/0", "::/0"]
elif _allow_private.lower() in {"", "0", "false", "no", "off"}:
    FACTBASE_FETCH_ALLOW_PRIVATE = []
else:
    FACTBASE_FETCH_ALLOW_PRIVATE = [n.strip() for n in _allow_private.split(",") if n.strip()]

# Imports as jobs on a queue. With a broker, `import_articles` and API submissions
# enqueue one task per input (a URL, or a file's bytes) for the workers, on any
# machine that reaches the broker and the database; without one they run inline.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
# A task is acknowledged when it ends, not when it starts, so the task of a worker
# killed mid-import goes back on the queue (storing is idempotent by URL and content
# hash, so doing it again is safe); each worker process holds one task at a time.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# No task has a rate limit: the worker skips the bookkeeping for them.
CELERY_WORKER_DISABLE_RATE_LIMITS = True
# Celery closes every database connection before and after each task unless this is
# set; opening a new one for each article cost more than the article's own queries
# (and PostgreSQL a new backend). With it, a worker keeps its connection across tasks
# as a web process does across requests: `factbase.celery` closes it when it is broken
# or older than CONN_MAX_AGE, and Celery only after this many tasks.
CELERY_DB_REUSE_MAX = 1000
# Progress and outcomes are in the import run's jobs, not in a result backend.
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# With Redis, a task taken by a worker that vanished (the whole machine, not just one
# process) is handed out again after this many seconds; longer than any import takes.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("FACTBASE_QUEUE_VISIBILITY_TIMEOUT", "3600"))
}
# Tries of one input whose failure may pass (a timeout, HTTP 5xx, a database
# connection lost); the wait before the next try starts at this many seconds and
# doubles each time. After the last try the job is failed, with its reason.
FACTBASE_IMPORT_TRIES = int(os.environ.get("FACTBASE_IMPORT_TRIES", "3"))
FACTBASE_IMPORT_RETRY_DELAY = float(os.environ.get("FACTBASE_IMPORT_RETRY_DELAY", "30"))
# Watched feeds: `celery -A factbase beat` polls the due ones every minute (each feed
# has its own interval); `manage.py poll_feeds --once` does the same from cron. Two
# requests of one poll round to the same host are this many seconds apart.
# Claims never matched yet are matched in batches every minute too (claims.possible_matches).
CELERY_BEAT_SCHEDULE = {
    "poll-due-feeds": {"task": "claims.poll_feeds", "schedule": 60.0},
    "seek-matches": {"task": "claims.seek_matches", "schedule": 60.0},
}
FACTBASE_FEED_HOST_INTERVAL = float(os.environ.get("FACTBASE_FEED_HOST_INTERVAL", "2"))

# Warnings and errors (a 500 with its request's path and user, and its traceback) go to
# standard error as one JSON object per line, with DEBUG on or off.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "factbase.logformat.JSONFormatter"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["stderr"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

if not DEBUG:
    SESSION_COOKIE_SECURE = env_flag("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_flag("SECURE_COOKIES", True)

# HTTPS in production: set these where factbase is served over TLS.
SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD")
if env_flag("BEHIND_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = [
    origin.strip()
    for origin in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",")
    if origin.strip()
]
