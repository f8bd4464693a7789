import json
from typing import Any

import django_filters
from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend
from rest_framework.request import Request

from claims.api.base import IdFilter, unstorable
from claims.models import Claim, ClaimAppearance, Quote, Speaker

# Longest search query accepted (`q`, and `query` of claims:search): a search for more
# words than a sentence is not a search, and the database parses every word.
MAX_QUERY_CHARS = 300


class ClaimFilter(django_filters.FilterSet):
    rating = django_filters.CharFilter(
        field_name="rating__slug", help_text="Rating slug, e.g. false."
    )
    claimant = IdFilter(field_name="claimant_id")
    outlet = IdFilter(method="filter_outlet", help_text="Outlet id.")
    article = IdFilter(method="filter_article", help_text="Article id.")
    tag = django_filters.CharFilter(
        method="filter_tag", help_text="A tag of an article it appears in."
    )
    language = django_filters.CharFilter(field_name="language")
    state = django_filters.CharFilter(field_name="state")
    published_after = django_filters.IsoDateTimeFilter(field_name="published_at", lookup_expr="gte")
    published_before = django_filters.IsoDateTimeFilter(field_name="published_at", lookup_expr="lt")

    class Meta:
        model = Claim
        fields: list[str] = []

    # Appearance filters use EXISTS so that a claim never comes back twice.
    def filter_outlet(self, queryset: QuerySet[Claim], name: str, value: int) -> QuerySet[Claim]:
        return _appears(queryset, article__outlet_id=value)

    def filter_article(self, queryset: QuerySet[Claim], name: str, value: int) -> QuerySet[Claim]:
        return _appears(queryset, article_id=value)

    def filter_tag(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet[Claim]:
        if connection.vendor == "postgresql":
            return _appears(queryset, article__tags__contains=[value])
        # SQLite keeps the list as JSON text: look for the quoted element.
        return _appears(queryset, article__tags__icontains=json.dumps(value))


def _appears(queryset: QuerySet[Claim], **lookups: object) -> QuerySet[Claim]:
    return queryset.filter(Exists(ClaimAppearance.objects.filter(claim=OuterRef("pk"), **lookups)))


class ClaimSearchFilter(BaseFilterBackend):
    """`q`: full-text search in the claim text, applied after every other filter."""

    description = (
        "Full-text search in the claim text, ranked by relevance (on PostgreSQL; "
        'web-search syntax: "exact phrase", OR, -word).'
    )

    @staticmethod
    def query(request: Request) -> str:
        return request.query_params.get("q", "").strip()

    def filter_queryset(self, request: Request, queryset: Any, view: Any) -> Any:
        query = self.query(request)
        if not query:
            return queryset
        if len(query) > MAX_QUERY_CHARS:
            raise ValidationError({"q": f"At most {MAX_QUERY_CHARS} characters."})
        if problem := unstorable(query):
            raise ValidationError({"q": problem})
        return queryset.search(query)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": "q",
                "required": False,
                "in": "query",
                "description": self.description,
                "schema": {"type": "string", "maxLength": MAX_QUERY_CHARS},
            }
        ]


class QuoteFilter(django_filters.FilterSet):
    speaker = IdFilter(field_name="speaker_id")
    article = IdFilter(field_name="article_id")

    class Meta:
        model = Quote
        fields = ["kind", "attribution_status"]


class SpeakerFilter(django_filters.FilterSet):
    class Meta:
        model = Speaker
        fields = ["kind"]
