"""A verdict's canonical URL: the organisation's own article about it, set by the desk
when rating or correcting, then used by ClaimReview, the feeds and the public page."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from rest_framework.test import APIClient

from claims.links import slug_of
from claims.models import Claim, ClaimState, EvidenceLink, Review
from tests.claims.test_review_desk import NO_CLAIMANT, action, correct_payload, rate_payload

pytestmark = pytest.mark.django_db

OWN = "https://factcheck.example.org/2024/05/the-tehran-visit"


def api_verdict(url: str) -> dict[str, object]:
    return {
        "rating": "mostly-true",
        "summary": "The visit happened.",
        "explanation": "The agencies reported it.",
        "evidence": [{"url": "https://example.org/a", "title": "Archive", "stance": "supports"}],
        "url": url,
    }


def public_page(claim: Claim) -> str:
    return f"/fact-checks/{claim.pk}-{slug_of(claim.text)}/"


@pytest.fixture
def rated_with_own_article(
    claim: Claim, reviewer: User, reviewer_client: Client, editor_client: Client
) -> Claim:
    claim.start_review(by=reviewer)
    action(reviewer_client, claim, "rate", **rate_payload(), url=OWN)
    action(editor_client, claim, "publish", **NO_CLAIMANT)
    claim.refresh_from_db()
    assert claim.state == ClaimState.PUBLISHED
    return claim


def test_the_desk_sets_the_article_that_claimreview_feeds_and_page_point_to(
    rated_with_own_article: Claim, api_client: APIClient
) -> None:
    claim = rated_with_own_article
    anonymous = Client()

    review = api_client.get(f"/api/v1/claims/{claim.pk}/claimreview/").json()
    assert review["url"] == OWN
    html = anonymous.get(public_page(claim)).content.decode()
    assert f'<link rel="canonical" href="{OWN}">' in html
    assert f'href="{OWN}"' in anonymous.get("/feeds/verdicts.atom").content.decode()
    assert f"<link>{OWN}</link>" in anonymous.get("/feeds/verdicts.rss").content.decode()


def test_a_correction_starts_from_the_article_and_may_keep_it(
    rated_with_own_article: Claim, editor_client: Client, second_editor: User
) -> None:
    claim = rated_with_own_article
    page = editor_client.get(f"/admin/claims/claim/{claim.pk}/action/correct/").content.decode()
    assert f'name="url" value="{OWN}"' in page

    action(editor_client, claim, "correct", **correct_payload(claim), url=OWN)
    client = Client()
    client.force_login(second_editor)
    action(client, claim, "publish_correction")

    claim.refresh_from_db()
    assert claim.state == ClaimState.CORRECTED
    assert [r.url for r in claim.reviews.order_by("created_at", "id")] == [OWN, OWN]


def test_one_article_may_check_several_claims(
    rated_with_own_article: Claim, editor: User, reviewer: User
) -> None:
    other = Claim.objects.exclude(pk=rated_with_own_article.pk).first()
    assert other is not None
    other.start_review(by=reviewer)
    other.rate(
        by=reviewer,
        rating=rated_with_own_article.rating,  # type: ignore[arg-type]
        summary="Checked in the same article.",
        explanation="The same article covers both statements.",
        evidence=[EvidenceLink("https://example.org/report", "Official report", "supports")],
        url=OWN,
    )
    assert Review.objects.filter(url=OWN).count() == 2


@pytest.mark.parametrize(
    ("url", "field_error"),
    [
        ("javascript:alert(1)", "Enter a valid URL."),
        ("ftp://files.example.org/verdict", "Enter a valid URL."),
        ("https://example.org/" + "x" * 2000, "Ensure this value has at most 2000 characters"),
    ],
)
def test_a_canonical_url_that_is_no_web_page_is_refused(
    claim: Claim,
    reviewer: User,
    reviewer_client: Client,
    reviewer_api_client: APIClient,
    url: str,
    field_error: str,
) -> None:
    claim.start_review(by=reviewer)
    html = action(reviewer_client, claim, "rate", **rate_payload(), url=url)
    assert "Canonical URL:" in html and field_error in html

    payload = api_verdict(url)
    response = reviewer_api_client.post(
        f"/api/v1/claims/{claim.pk}/rate/", json.dumps(payload), content_type="application/json"
    )
    assert response.status_code == 400 and "url" in response.json()
    assert Claim.objects.get(pk=claim.pk).state == ClaimState.IN_REVIEW
    assert not Review.objects.filter(claim=claim).exists()


def test_the_api_sets_it_too(claim: Claim, reviewer: User, reviewer_api_client: APIClient) -> None:
    claim.start_review(by=reviewer)
    payload = api_verdict(OWN)
    response = reviewer_api_client.post(f"/api/v1/claims/{claim.pk}/rate/", payload, format="json")
    assert response.status_code == 200, response.content
    assert claim.current_review().url == OWN  # type: ignore[union-attr]


def test_importing_a_claimreview_at_that_address_leaves_the_desks_verdict_alone(
    rated_with_own_article: Claim, tmp_path: Path
) -> None:
    document = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": OWN,
        "claimReviewed": "A different statement, checked by someone else.",
        "datePublished": "2024-05-03",
        "author": {
            "@type": "Organization",
            "name": "Other Checkers",
            "url": "https://other.example",
        },
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
    }
    path = tmp_path / "review.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    call_command("import_claimreview", str(path), stdout=StringIO())

    own = rated_with_own_article.current_review()
    assert own is not None and own.publisher_name == "" and own.summary.startswith("The visit")
    imported = Review.objects.imported().get(url=OWN)
    assert imported.claim_id != rated_with_own_article.pk
