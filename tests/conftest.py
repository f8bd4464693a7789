"""Fixtures chained from the sample article: article → quotes → claim → reviewers."""

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from claims.importing import import_articles
from claims.models import AttributionStatus, Claim, EvidenceLink, Quote, RatingLabel
from sources.models import Article

ROOT = Path(__file__).resolve().parent.parent
SEED_FILE = ROOT / "seeds" / "000_938ddf950460c247.txt"
GOLD_FILE = Path(__file__).resolve().parent / "gold" / "seed-article.json"


def queries_for_get(client: Client, url: str) -> int:
    """Number of database queries one successful GET of `url` runs."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content[:500])
    return len(context.captured_queries)


@pytest.fixture
def seed_article(db: None) -> Article:
    report = import_articles([str(SEED_FILE)])
    assert report.ok, report.failures
    return Article.objects.get()


@pytest.fixture
def quote(seed_article: Article) -> Quote:
    return seed_article.quotes.get(text__startswith="Just like in the Cold War")


@pytest.fixture
def claim(seed_article: Article) -> Claim:
    return Claim.objects.get(text__startswith="In late April, North Korea sent")


@pytest.fixture
def reviewer(db: None) -> User:
    return User.objects.create_user("rita", password="pw", is_staff=True, is_superuser=True)


@pytest.fixture
def editor(db: None) -> User:
    return User.objects.create_user("ed", password="pw", is_staff=True, is_superuser=True)


@pytest.fixture
def published_claim(claim: Claim, reviewer: User, editor: User) -> Claim:
    claim.start_review(by=reviewer)
    claim.rate(
        by=reviewer,
        rating=RatingLabel.objects.get(slug="true"),
        summary="The delegation visited Tehran in late April.",
        explanation="Both governments' news agencies reported the visit.",
        evidence=[EvidenceLink("https://example.org/kcna", "KCNA report", "supports")],
    )
    claim.publish(by=editor)
    return claim


@pytest.fixture
def confirmed_quote(quote: Quote, reviewer: User) -> Quote:
    quote.set_attribution(AttributionStatus.CONFIRMED, by=reviewer)
    return quote


@pytest.fixture
def admin_client(reviewer: User) -> Client:
    client = Client()
    client.force_login(reviewer)
    return client


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def staff_api_client(reviewer: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(reviewer)
    return client


@pytest.fixture
def make_published(reviewer: User, editor: User):
    """Factory: n articles, each with a confirmed quote and a published, rated claim."""
    from claims.models import ClaimAppearance, Speaker
    from sources.models import Outlet

    def make(n: int) -> None:
        outlet, _ = Outlet.objects.get_or_create(name="Daily Example", domain="example.org")
        true = RatingLabel.objects.get(slug="true")
        start = Article.objects.count()
        for i in range(start, start + n):
            body = f"“Exports rose {i} percent in 2023,” said Minister Number{i}."
            article = Article.objects.create(
                outlet=outlet,
                url=f"https://example.org/{i}",
                title=f"Story {i}",
                body=body,
                raw=body,
                content_hash=f"{i:064d}",
            )
            speaker = Speaker.objects.create(name=f"Minister Number{i}")
            quote = Quote.objects.create(
                article=article,
                speaker=speaker,
                text=body[1:31],
                start=1,
                end=31,
                attribution_status=AttributionStatus.CONFIRMED,
            )
            claim = Claim.objects.create(text=f"Exports rose {i} percent in 2023", claimant=speaker)
            ClaimAppearance.objects.create(
                claim=claim, article=article, quote=quote, start=1, end=30
            )
            claim.start_review(by=reviewer)
            claim.rate(
                by=reviewer,
                rating=true,
                summary="Right.",
                explanation="Stats office.",
                evidence=[EvidenceLink("https://stats.example.org", "Stats", "supports")],
            )
            claim.publish(by=editor)

    return make
