"""A claim's rating, claimant, appearances and current verdict, read inside the claim
query itself.

The database builds them as JSON in correlated subqueries, so a page of claims is one
query with no model instances for the related rows. Django's prefetch_related would
cost a query per relation and an object per related row, and expressions such as
JSONObject cost more to build and compile than the query takes to run; the SQL is
therefore written out here, once per database, and tested on both. It refers to the
claim row by its table name, which is the alias Django gives the base table of a
query (these annotations are for top-level claim queries, not subqueries).
`appearances_of()` and `verdict_of()` turn the JSON into the dicts the serializers
read, with timestamps as aware datetimes on every database."""

from datetime import UTC, datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import connection
from django.db.models import JSONField, QuerySet
from django.db.models.expressions import RawSQL

from claims.models import Claim, ClaimAppearance, Quote, RatingLabel, Review, Speaker
from sources.models import Article, Outlet

RATING_FIELDS = {"name": "l.name", "slug": "l.slug", "value": "l.value"}
CLAIMANT_FIELDS = {"id": "s.id", "name": "s.name", "kind": "s.kind"}
APPEARANCE_FIELDS = {
    "article": "a.article_id",
    "url": "ar.url",
    "title": "ar.title",
    "outlet": "o.name",
    "published_at": "ar.published_at",
    "quote": "a.quote_id",
    "start": "a.start",
    "end": 'a."end"',
}
VERDICT_FIELDS = {
    field: f"r.{field}"
    for field in ["summary", "original_rating", "published_at", "publisher_name", "url"]
}

# Each subquery's FROM, correlated with the claim row. Being subqueries in the select
# list, they run only for the rows of the page, after any sort and limit.
_CLAIM = Claim._meta.db_table
_RATING = f"FROM {RatingLabel._meta.db_table} l WHERE l.id = {_CLAIM}.rating_id"
_CLAIMANT = f"FROM {Speaker._meta.db_table} s WHERE s.id = {_CLAIM}.claimant_id"
_APPEARANCES = f"""FROM {ClaimAppearance._meta.db_table} a
    JOIN {Article._meta.db_table} ar ON ar.id = a.article_id
    LEFT JOIN {Outlet._meta.db_table} o ON o.id = ar.outlet_id
    WHERE a.claim_id = {_CLAIM}.id"""
_VERDICT = f"""FROM {Review._meta.db_table} r
    WHERE r.claim_id = {_CLAIM}.id AND r.published_at IS NOT NULL
    ORDER BY r.created_at DESC, r.id DESC LIMIT 1"""


def _object(function: str, fields: dict[str, str]) -> str:
    pairs = ", ".join(f"'{key}', {column}" for key, column in fields.items())
    return f"{function}({pairs})"


# The related rows as one JSON object per claim: one value for the driver to read and
# for Django to decode. JSON (not JSONB) keeps the keys in order; sent as text, it is
# decoded by Django's JSONField on both databases.
_PG = "JSON_BUILD_OBJECT"
POSTGRESQL = f"""JSON_BUILD_OBJECT(
    'rating', (SELECT {_object(_PG, RATING_FIELDS)} {_RATING}),
    'claimant', (SELECT {_object(_PG, CLAIMANT_FIELDS)} {_CLAIMANT}),
    'appearances', (SELECT COALESCE(JSON_AGG({_object(_PG, APPEARANCE_FIELDS)}
        ORDER BY a.id), '[]') {_APPEARANCES}),
    'verdict', (SELECT {_object(_PG, VERDICT_FIELDS)} {_VERDICT})
)::text"""
# SQLite: a subquery's JSON arrives as text, which JSON() turns back into JSON. Before
# 3.44 there is no ORDER BY inside an aggregate; it aggregates an ordered FROM-subquery
# in that order.
_SQLITE = "JSON_OBJECT"
SQLITE = f"""JSON_OBJECT(
    'rating', JSON((SELECT {_object(_SQLITE, RATING_FIELDS)} {_RATING})),
    'claimant', JSON((SELECT {_object(_SQLITE, CLAIMANT_FIELDS)} {_CLAIMANT})),
    'appearances', (SELECT JSON_GROUP_ARRAY(JSON(item)) FROM (
        SELECT {_object(_SQLITE, APPEARANCE_FIELDS)} AS item {_APPEARANCES} ORDER BY a.id)),
    'verdict', JSON((SELECT {_object(_SQLITE, VERDICT_FIELDS)} {_VERDICT}))
)"""


def with_listing(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    """Annotate `related`: the claim's rating, claimant, appearances (by id) and current
    verdict (its latest published review), as one JSON object."""
    sql = POSTGRESQL if connection.vendor == "postgresql" else SQLITE
    return claims.annotate(related=RawSQL(sql, (), output_field=JSONField()))


def moment(value: str | None) -> datetime | None:
    """A timestamp from database JSON (ISO 8601 on PostgreSQL, naive UTC text on SQLite)."""
    if value is None:
        return None
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def appearances_of(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**item, "published_at": moment(item["published_at"])} for item in items]


def verdict_of(item: dict[str, Any] | None) -> dict[str, Any] | None:
    if item is None:
        return None
    return {**item, "published_at": moment(item["published_at"])}


def attach_detail(claim: Claim, *, user: User | AnonymousUser) -> None:
    """Give a claim read through `with_listing()` everything its detail shows to `user`:
    the verdicts and quotes `user` may see (claims.models.visibility)."""
    related = claim.related  # type: ignore[attr-defined]
    appearances = appearances_of(related["appearances"])
    reviews = Review.objects.visible_to(user).filter(claim=claim)
    reviews = reviews.select_related("rating").prefetch_related("evidence")
    quote_ids = [appearance["quote"] for appearance in appearances if appearance["quote"]]
    quotes = Quote.objects.visible_to(user).filter(pk__in=quote_ids).for_list()
    quotes = quotes.order_by("article_id", "start")
    claim.listed_appearances = appearances  # type: ignore[attr-defined]
    claim.listed_verdict = verdict_of(related["verdict"])  # type: ignore[attr-defined]
    claim.listed_reviews = list(reviews.order_by("created_at", "id"))  # type: ignore[attr-defined]
    claim.listed_quotes = list(quotes)  # type: ignore[attr-defined]
