"""The ClaimReview of every label of the default scale carries what Google's fact-check
markup guidelines require and recommend
(https://developers.google.com/search/docs/appearance/structured-data/factcheck)."""

import json
import re
from datetime import UTC, date, datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client
from rest_framework.test import APIClient

from claims.links import slug_of
from claims.models import Claim, EvidenceLink, RatingLabel, Speaker
from sources.models import Article

DEFAULT_LABELS = [
    "true",
    "mostly-true",
    "half-true",
    "mostly-false",
    "false",
    "unproven",
    "misleading",
]


def test_the_default_scale_is_the_one_checked(db: None) -> None:
    labels = RatingLabel.objects.filter(scale__is_default=True)
    assert sorted(labels.values_list("slug", flat=True)) == sorted(DEFAULT_LABELS)


@pytest.mark.parametrize("slug", DEFAULT_LABELS)
def test_claimreview_has_googles_required_and_recommended_properties(
    slug: str, claim: Claim, reviewer: User, editor: User, api_client: APIClient
) -> None:
    claim.edit(
        by=editor,
        text=claim.text,
        claimant=Speaker.objects.get(name="Kim Sung Kyung"),
        assignee=None,
    )
    # The claim's date and first appearance are its article's, when it has them.
    Article.objects.update(
        published_at=datetime(2024, 5, 2, 9, tzinfo=UTC), url="https://news.example.org/story"
    )
    label = RatingLabel.objects.get(scale__is_default=True, slug=slug)
    claim.start_review(by=reviewer)
    claim.rate(
        by=reviewer,
        rating=label,
        summary="What the evidence shows.",
        explanation="Why.",
        evidence=[EvidenceLink("https://example.org/source", "Source", "context")],
    )
    claim.publish(by=editor)
    review = api_client.get(f"/api/v1/claims/{claim.pk}/claimreview/").json()

    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == claim.text
    assert review["url"] == f"http://localhost:8000/fact-checks/{claim.pk}-{slug_of(claim.text)}/"
    assert date.fromisoformat(review["datePublished"])
    assert review["author"]["name"] and review["author"]["url"].startswith("http")
    rating = review["reviewRating"]
    assert rating["@type"] == "Rating" and rating["alternateName"] == label.name
    if label.value is None:
        assert not {"ratingValue", "bestRating", "worstRating"} & rating.keys()
    else:
        assert rating["ratingValue"] == label.value
        assert (rating["worstRating"], rating["bestRating"]) == (1, 5)
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"]["@type"] == "Person" and item["author"]["name"] == "Kim Sung Kyung"
    assert item["datePublished"] == "2024-05-02"
    assert item["firstAppearance"] == item["appearance"][0]
    assert item["appearance"][0]["@type"] == "CreativeWork"
    assert item["appearance"][0]["url"] == "https://news.example.org/story"

    page = Client().get(f"/fact-checks/{claim.pk}-{slug_of(claim.text)}/").content.decode()
    embedded = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert embedded is not None and json.loads(embedded.group(1)) == review
