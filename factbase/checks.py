"""System checks that keep the settings sane."""

from collections.abc import Sequence
from typing import Any

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
