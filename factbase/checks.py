"""System checks that keep the settings sane."""

import importlib.util
import ipaddress
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, register
from django.core.exceptions import ImproperlyConfigured


@register()
def secret_key_is_set(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[CheckMessage]:
    try:
        has_key = bool(settings.SECRET_KEY)
    except ImproperlyConfigured:  # Django refuses to read an empty key
        has_key = False
    if settings.DEBUG or has_key:
        return []
    return [
        Error(
            "SECRET_KEY is not set.",
            hint="Set the SECRET_KEY environment variable to a long random string, "
            "or set DEBUG=1 for local development.",
            id="factbase.E001",
        )
    ]


@register()
def fetch_networks_are_valid(
    app_configs: Sequence[AppConfig] | None, **kwargs: Any
) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    for value in settings.FACTBASE_FETCH_ALLOW_PRIVATE:
        try:
            ipaddress.ip_network(value, strict=False)
        except ValueError:
            errors.append(
                Error(
                    f"FACTBASE_FETCH_ALLOW_PRIVATE: {value!r} is not a network.",
                    hint="Give 1, or comma-separated CIDR blocks such as 10.20.0.0/16.",
                    id="factbase.E002",
                )
            )
    return errors


@register()
def cache_url_is_usable(
    app_configs: Sequence[AppConfig] | None, **kwargs: Any
) -> list[CheckMessage]:
    url = settings.CACHE_URL
    if not url:
        return []
    if not url.startswith(("redis://", "rediss://", "unix://")):
        return [
            Error(
                f"CACHE_URL {url!r} is not a Redis URL.",
                hint="Use redis://host:6379/0 (or rediss:// or unix://), or leave CACHE_URL "
                "unset for the database cache.",
                id="factbase.E003",
            )
        ]
    if importlib.util.find_spec("redis") is None:
        return [
            Error(
                "CACHE_URL names Redis, but the redis package is not installed.",
                hint="pip install redis",
                id="factbase.E004",
            )
        ]
    return []


LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "0.0.0.0"})


@register()
def site_url_is_public(
    app_configs: Sequence[AppConfig] | None, **kwargs: Any
) -> list[CheckMessage]:
    url = urlsplit(settings.FACTBASE_SITE_URL)
    if url.scheme not in {"http", "https"} or not url.hostname or url.query or url.fragment:
        return [
            Error(
                f"FACTBASE_SITE_URL {settings.FACTBASE_SITE_URL!r} is not a site address.",
                hint="Give scheme, host and an optional path, e.g. https://factcheck.example.org",
                id="factbase.E005",
            )
        ]
    if settings.DEBUG or url.hostname not in LOCAL_HOSTS:
        return []
    return [
        Error(
            f"FACTBASE_SITE_URL points at {url.hostname}: ClaimReview, feeds and the sitemap "
            "would link there.",
            hint="Set FACTBASE_SITE_URL to the public address, e.g. https://factcheck.example.org",
            id="factbase.E005",
        )
    ]
