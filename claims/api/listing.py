"""Related rows for a page of claims, fetched in one query per relation.

Django's prefetch_related clones a queryset per row and builds a model instance per
related row; on a 50-claim page that costs more than the queries themselves. Here
each relation is one `values()` query grouped in Python, and each claim gets plain
data: `listed_appearances` (dicts), `listed_verdict` (dict or None) and, for a
detail, `listed_reviews` (Review objects with their evidence) and `listed_quotes`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from claims.models import Claim, ClaimAppearance, Quote, Review

APPEARANCE_COLUMNS = {
    "claim_id": "claim_id",
    "article_id": "article",
    "quote_id": "quote",
    "start": "start",
    "end": "end",
    "article__url": "url",
    "article__title": "title",
    "article__outlet__name": "outlet",
    "article__published_at": "published_at",
}
VERDICT_COLUMNS = [
    "claim_id",
    "summary",
    "original_rating",
    "published_at",
    "publisher_name",
    "url",
]


# The claim columns a list row needs, read with values(): no model instances at all.
LIST_COLUMNS = [
    "id",
    "text",
    "state",
    "claim_date",
    "language",
    "published_at",
    "check_worthiness",
    "external_appearances",
    "version",
    "created_at",
    "updated_at",
    "rating__name",
    "rating__slug",
    "rating__value",
    "claimant_id",
    "claimant__name",
    "claimant__kind",
]


def related_by_claim(
    ids: list[int],
) -> tuple[dict[int, list[dict[str, Any]]], dict[int, dict[str, Any]]]:
    """Appearances (with article and outlet) and the current published verdict per claim."""
    appearances: dict[int, list[dict[str, Any]]] = defaultdict(list)
    rows = ClaimAppearance.objects.filter(claim_id__in=ids).order_by("id")
    for row in rows.values_list(*APPEARANCE_COLUMNS):
        appearance = dict(zip(APPEARANCE_COLUMNS.values(), row, strict=True))
        appearances[appearance.pop("claim_id")].append(appearance)
    verdicts: dict[int, dict[str, Any]] = {}
    published = Review.objects.filter(claim_id__in=ids, published_at__isnull=False)
    for verdict in published.order_by("created_at", "id").values(*VERDICT_COLUMNS):
        verdicts[verdict.pop("claim_id")] = verdict  # the latest published verdict wins
    return appearances, verdicts


def attach_to_rows(rows: Sequence[dict[str, Any]]) -> None:
    """Give each list row (from LIST_COLUMNS) its appearances and verdict."""
    appearances, verdicts = related_by_claim([row["id"] for row in rows])
    for row in rows:
        row["listed_appearances"] = appearances[row["id"]]
        row["listed_verdict"] = verdicts.get(row["id"])


def attach_related(claims: Sequence[Claim], *, staff: bool, detail: bool = False) -> None:
    appearances, verdicts = related_by_claim([claim.pk for claim in claims])
    for claim in claims:
        setattr(claim, "listed_appearances", appearances[claim.pk])  # noqa: B010
        setattr(claim, "listed_verdict", verdicts.get(claim.pk))  # noqa: B010
    if detail:
        _attach_detail(claims, staff=staff)


def _attach_detail(claims: Sequence[Claim], *, staff: bool) -> None:
    reviews = Review.objects.filter(claim__in=claims).select_related("rating")
    if not staff:
        reviews = reviews.filter(published_at__isnull=False)
    by_claim: dict[int, list[Review]] = defaultdict(list)
    for review in reviews.prefetch_related("evidence").order_by("created_at", "id"):
        by_claim[review.claim_id].append(review)
    for claim in claims:
        quote_ids = [a["quote"] for a in claim.listed_appearances if a["quote"]]  # type: ignore[attr-defined]
        quotes = Quote.objects.filter(pk__in=quote_ids).for_list().order_by("article_id", "start")
        setattr(claim, "listed_reviews", by_claim[claim.pk])  # noqa: B010
        setattr(claim, "listed_quotes", list(quotes))  # noqa: B010
