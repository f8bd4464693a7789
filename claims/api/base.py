"""Plumbing every API endpoint shares: request parsing, error shapes, filtering,
pagination and the id filter. It knows no model, so any API module may import it;
the settings name its parser, exception handler, filter backend and pagination."""

from collections.abc import Mapping
from typing import Any

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import status
from rest_framework.exceptions import ParseError
from rest_framework.pagination import CursorPagination
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response

from sources.parsing import UnreadableInput, check_json_depth, too_deep


class SafeJSONParser(JSONParser):
    """JSON bodies, refusing nesting too deep for the decoder with a 400, not a 500."""

    def parse(
        self,
        stream: Any,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
            check_json_depth(data)
            _refuse_unstorable_strings(data)
        except (RecursionError, UnreadableInput):
            raise ParseError(f"JSON parse error - {too_deep()}.") from None
        return data


def unstorable(text: str) -> str | None:
    """Why no database can store `text` (NUL, or a lone UTF-16 surrogate), else None."""
    if "\x00" in text:
        return "Null characters are not allowed."
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "Unpaired surrogate characters (\\ud800-\\udfff) are not allowed."
    return None


def _refuse_unstorable_strings(value: Any) -> None:
    """Every string of a JSON body, keys included, must be storable: such a string
    reaching a query would fail there, as a server error instead of a 400."""
    if isinstance(value, str):
        problem = unstorable(value)
        if problem:
            raise ParseError(f"JSON parse error - {problem}")
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_unstorable_strings(key)
            _refuse_unstorable_strings(item)
    elif isinstance(value, list):
        for item in value:
            _refuse_unstorable_strings(item)


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    # Imported here: loading rest_framework.views reads the API settings, which name
    # this module, so importing it at the top would fail whenever this module loads first.
    from rest_framework.views import exception_handler

    if isinstance(exc, RequestDataTooBig):
        return Response(
            {
                "detail": "The request body is larger than "
                f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,} bytes."
            },
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    return exception_handler(exc, context)


class FilterBackend(DjangoFilterBackend):
    """django-filter, skipped when no query parameter belongs to a filter.

    Building and validating a FilterSet's form costs more than the rest of a plain list
    request; with no filter parameter it could only return the queryset unchanged.
    A parameter "belongs" when it starts with a filter's name, which also covers
    widgets that add a suffix (`published_after`, `published_before`).
    """

    def filter_queryset(self, request: Request, queryset: QuerySet[Any], view: Any) -> Any:
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None and not any(
            parameter.startswith(name)
            for parameter in request.query_params
            for name in filterset_class.base_filters
        ):
            return queryset
        return super().filter_queryset(request, queryset, view)


class StableCursorPagination(CursorPagination):
    """Cursor pagination on a unique, immutable key so pages never skip or repeat rows."""

    ordering = "-id"
    page_size_query_param = "page_size"
    # A page of 200 claims is still one query answered in milliseconds; larger pages
    # belong to the ClaimReview feed, which streams.
    max_page_size = 200


# The largest value of a 64-bit signed integer column: PostgreSQL's bigint, which
# Django's BigAutoField ids use. A larger id in a filter would be a database error.
MAX_ID = 2**63 - 1


class IdFilter(django_filters.NumberFilter):
    """A row id: a positive 64-bit integer, so no database ever sees an out-of-range value."""

    field_class = forms.IntegerField

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)
