"""Which links factbase stores and republishes: http:// and https:// URLs only.

A `javascript:` or `data:` link stored from an import would be handed on to every
reader of the API and of the ClaimReview feed.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

WEB_URL_RULE = "must be an http:// or https:// URL"

validate_web_url = URLValidator(schemes=["http", "https"], message=f"The link {WEB_URL_RULE}.")


def is_web_url(value: str) -> bool:
    try:
        validate_web_url(value)
    except ValidationError:
        return False
    return True


def validate_web_urls(value: object) -> None:
    """A JSON list of http(s) URLs."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError("Give a list of http:// or https:// URLs.")
    for item in value:
        validate_web_url(item)
