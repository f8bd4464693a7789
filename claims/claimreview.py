"""schema.org ClaimReview out: one claim as JSON-LD, and every published claim as a
DataFeed streamed in constant memory."""

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db.models import Max, Min, Prefetch, QuerySet
from django.utils import timezone

from claims.models import Claim, ClaimAppearance, RatingLabel, Review

CONTEXT = "https://schema.org"


@dataclass(frozen=True)
class Publisher:
    name: str
    url: str

    @classmethod
    def from_settings(cls) -> "Publisher":
        return cls(settings.FACTBASE_PUBLISHER_NAME, settings.FACTBASE_PUBLISHER_URL)


@dataclass(frozen=True)
class ScaleBounds:
    best: int | None
    worst: int | None

    @classmethod
    def of_default_scale(cls) -> "ScaleBounds":
        bounds = (
            RatingLabel.objects.of_default_scale()
            .filter(value__isnull=False)
            .aggregate(best=Max("value"), worst=Min("value"))
        )
        return cls(bounds["best"], bounds["worst"])


def published_claims_for_feed() -> QuerySet[Claim]:
    """Published claims with everything ClaimReview needs, in three queries per chunk."""
    appearances = ClaimAppearance.objects.select_related("article__outlet").defer(
        "article__body", "article__raw", "article__metadata"
    )
    reviews = Review.objects.published().select_related("rating")
    return (
        Claim.objects.published()
        .for_api()
        .prefetch_related(
            Prefetch("appearances", queryset=appearances),
            Prefetch("reviews", queryset=reviews.order_by("published_at", "id")),
        )
        .order_by("id")
    )


def claim_review(
    claim: Claim, *, publisher: Publisher, bounds: ScaleBounds, claim_url: str
) -> dict[str, Any] | None:
    """The ClaimReview of a claim's current published verdict, or None if it has none.

    `claim` must come with its appearances and published reviews prefetched.
    """
    reviews = [r for r in claim.reviews.all() if r.published_at is not None]
    if not reviews:
        return None
    review = reviews[-1]
    author: dict[str, Any] = (
        {
            "@type": "Organization",
            "name": review.publisher_name,
            **({"url": _site_url(review.publisher_site)} if review.publisher_site else {}),
        }
        if review.is_imported()
        else {"@type": "Organization", "name": publisher.name, "url": publisher.url}
    )
    appearances = [_appearance(a) for a in claim.appearances.all()]
    appearances += [{"@type": "CreativeWork", "url": url} for url in claim.external_appearances]
    item: dict[str, Any] = {"@type": "Claim"}
    if claim.claimant is not None:
        item["author"] = _speaker(claim)
    claim_date = claim.claim_date or _first_date(claim)
    if claim_date:
        item["datePublished"] = claim_date.isoformat()
    if appearances:
        item["appearance"] = appearances
        item["firstAppearance"] = appearances[0]
    rating: dict[str, Any] = {
        "@type": "Rating",
        "alternateName": review.original_rating or review.rating.name,
    }
    if review.rating.value is not None and bounds.best is not None:
        rating.update(
            ratingValue=review.rating.value, bestRating=bounds.best, worstRating=bounds.worst
        )
    if review.explanation:
        rating["ratingExplanation"] = review.explanation
    return {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "name": review.summary,
        "url": review.url or claim_url,
        "datePublished": _iso_date(review.published_at),
        "author": author,
        "claimReviewed": claim.text,
        "itemReviewed": item,
        "reviewRating": rating,
        "inLanguage": review.language or claim.language,
    }


def stream_feed(claim_url: Callable[[int], str]) -> Iterator[str]:
    """A schema.org DataFeed of every published ClaimReview, as JSON text chunks.

    `claim_url` gives a claim's URL from its id. Rows are read in chunks with their
    prefetches, so memory stays flat however many claims there are.
    """
    publisher, bounds = Publisher.from_settings(), ScaleBounds.of_default_scale()
    head = {"@context": CONTEXT, "@type": "DataFeed", "dateModified": timezone.now().isoformat()}
    yield json.dumps(head)[:-1] + ', "dataFeedElement": ['
    separator = ""
    for claim in published_claims_for_feed().iterator(chunk_size=500):
        element = claim_review(
            claim, publisher=publisher, bounds=bounds, claim_url=claim_url(claim.pk)
        )
        if element is not None:
            yield separator + json.dumps(element, ensure_ascii=False)
            separator = ", "
    yield "]}"


def _appearance(appearance: ClaimAppearance) -> dict[str, Any]:
    article = appearance.article
    work: dict[str, Any] = {"@type": "CreativeWork", "headline": article.title}
    if article.url:
        work["url"] = article.url
    if article.published_at:
        work["datePublished"] = _iso_date(article.published_at)
    if article.outlet is not None:
        work["publisher"] = {"@type": "Organization", "name": article.outlet.name}
    return work


def _speaker(claim: Claim) -> dict[str, Any]:
    speaker = claim.claimant
    assert speaker is not None
    person: dict[str, Any] = {
        "@type": "Person" if speaker.kind == "person" else "Organization",
        "name": speaker.name,
    }
    if speaker.role and speaker.kind == "person":
        person["jobTitle"] = speaker.role
    if speaker.wikidata_id:
        person["sameAs"] = f"https://www.wikidata.org/wiki/{speaker.wikidata_id}"
    return person


def _first_date(claim: Claim) -> date | None:
    dates = [a.article.published_at for a in claim.appearances.all() if a.article.published_at]
    return min(dates).date() if dates else None


def _iso_date(moment: datetime | None) -> str | None:
    return moment.date().isoformat() if moment else None


def _site_url(site: str) -> str:
    return site if site.startswith(("http://", "https://")) else f"https://{site}"
