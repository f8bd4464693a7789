"""Which links factbase stores and republishes: http:// and https:// URLs only.

A `javascript:` or `data:` link stored from an import would be handed on to every
reader of the API and of the ClaimReview feed. Host names are not judged further:
an intranet's `http://wiki/page` is a fine link.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError

WEB_URL_RULE = "must be an http:// or https:// URL"


def is_web_url(value: str) -> bool:
    if not isinstance(value, str) or any(char.isspace() or char < " " for char in value):
        return False
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 (raises ValueError for a bad port)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def validate_web_url(value: str) -> None:
    if not is_web_url(value):
        raise ValidationError(f"The link {WEB_URL_RULE}.", code="invalid")


def validate_web_urls(value: object) -> None:
    """A JSON list of http(s) URLs."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError("Give a list of http:// or https:// URLs.", code="invalid")
    for item in value:
        validate_web_url(item)
