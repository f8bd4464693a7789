"""One visibility rule (claims.models.visibility) behind every list, detail and nested
representation: the desk reads everything, everybody else what was published."""

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import override_settings
from rest_framework.test import APIClient

from claims.models import AttributionStatus, Claim, Quote
from sources.models import Article
from tests.conftest import token_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_without_permissions() -> APIClient:
    return token_client(User.objects.create_user("intern", is_staff=True))


def test_staff_without_desk_permissions_read_only_what_is_published(
    staff_without_permissions: APIClient, published_claim: Claim, quote: Quote
) -> None:
    listed = staff_without_permissions.get("/api/v1/claims/?page_size=200").json()["results"]
    assert [claim["id"] for claim in listed] == [published_claim.pk]
    draft = Claim.objects.exclude(pk=published_claim.pk).first()
    assert draft is not None
    assert staff_without_permissions.get(f"/api/v1/claims/{draft.pk}/").status_code == 404
    assert staff_without_permissions.get("/api/v1/quotes/").json()["results"] == []
    assert staff_without_permissions.get(f"/api/v1/quotes/{quote.pk}/").status_code == 404


def test_desk_reads_drafts(reviewer_api_client: APIClient, claim: Claim) -> None:
    assert reviewer_api_client.get(f"/api/v1/claims/{claim.pk}/").status_code == 200


@pytest.mark.parametrize("status", [AttributionStatus.UNREVIEWED, AttributionStatus.REJECTED])
def test_a_published_claims_detail_hides_unverified_quotes_from_the_public(
    api_client: APIClient,
    reviewer_api_client: APIClient,
    make_published: Callable[[int], None],
    status: AttributionStatus,
) -> None:
    make_published(1)
    claim = Claim.objects.get()
    Quote.objects.update(attribution_status=status)
    url = f"/api/v1/claims/{claim.pk}/"

    assert api_client.get(url).json()["quotes"] == []
    assert len(reviewer_api_client.get(url).json()["quotes"]) == 1


def test_a_published_claims_detail_shows_its_confirmed_quote(
    api_client: APIClient, make_published: Callable[[int], None]
) -> None:
    make_published(1)
    claim = Claim.objects.get()
    quotes = api_client.get(f"/api/v1/claims/{claim.pk}/").json()["quotes"]
    assert [quote["attribution_status"] for quote in quotes] == ["confirmed"]


def test_the_public_reads_only_published_verdicts(
    api_client: APIClient, reviewer_api_client: APIClient, published_claim: Claim, editor: User
) -> None:
    from claims.models import Review

    draft = published_claim.current_review()
    assert draft is not None
    Review.objects.filter(pk=draft.pk).update(published_at=None)
    url = f"/api/v1/claims/{published_claim.pk}/"
    assert api_client.get(url).json()["reviews"] == []
    assert len(reviewer_api_client.get(url).json()["reviews"]) == 1


def test_anonymous_article_detail_is_metadata_and_confirmed_passages(
    api_client: APIClient, seed_article: Article, confirmed_quote: Quote
) -> None:
    article = api_client.get(f"/api/v1/articles/{seed_article.pk}/").json()

    assert "body" not in article
    assert article["title"] == seed_article.title
    assert [quote["id"] for quote in article["quotes"]] == [confirmed_quote.pk]
    assert article["quotes"][0]["text"] == confirmed_quote.text


@override_settings(FACTBASE_PUBLIC_ARTICLE_TEXT=True)
def test_a_setting_publishes_article_text(
    api_client: APIClient, seed_article: Article, confirmed_quote: Quote
) -> None:
    article = api_client.get(f"/api/v1/articles/{seed_article.pk}/").json()
    assert article["body"] == seed_article.body
    assert [quote["id"] for quote in article["quotes"]] == [confirmed_quote.pk]


def test_desk_reads_article_text_and_every_quote(
    reviewer_api_client: APIClient, seed_article: Article
) -> None:
    article = reviewer_api_client.get(f"/api/v1/articles/{seed_article.pk}/").json()
    assert article["body"] == seed_article.body
    assert len(article["quotes"]) == seed_article.quotes.count()
    for quote in article["quotes"]:
        assert article["body"][quote["start"] : quote["end"]] == quote["text"]
