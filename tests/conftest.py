"""Fixtures chained from the sample article: article → quotes → claim, and the desk's
personas: a reviewer and an editor in the groups `setup_roles` makes, each with a
browser client and an API token client."""

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims.importing import import_articles
from claims.models import (
    AttributionStatus,
    Claim,
    EvidenceLink,
    NoClaimant,
    NoClaimantReason,
    Quote,
    RatingLabel,
)
from claims.roles import setup_roles
from sources.models import Article

ROOT = Path(__file__).resolve().parent.parent
SEED_FILE = ROOT / "seeds" / "000_938ddf950460c247.txt"
GOLD_FILE = Path(__file__).resolve().parent / "gold" / "seed-article.json"
# Why the seed article's narrative claims, which no one in it makes, name no claimant.
UNATTRIBUTED = NoClaimant(NoClaimantReason.UNATTRIBUTED)
REDIS_URL = os.environ.get("FACTBASE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@contextmanager
def redis_broker() -> Iterator[str]:
    """Redis as the queue's broker, with a queue of this test session's own, so checkouts
    sharing one Redis never take each other's tasks (skipped without Redis, except in CI,
    where .ci/run starts it). The queue's name is `app.conf.task_default_queue`."""
    from factbase.celery import app

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        client.close()
        if os.environ.get("CI"):
            raise
        pytest.skip(f"no Redis at {REDIS_URL}")
    queue = f"factbase-test-{uuid.uuid4().hex[:12]}"
    previous = (app.conf.broker_url, app.conf.task_default_queue)
    app.conf.broker_url = REDIS_URL
    app.conf.task_default_queue = queue
    try:
        with override_settings(CELERY_BROKER_URL=REDIS_URL):
            yield REDIS_URL
    finally:
        app.conf.broker_url, app.conf.task_default_queue = previous
        bindings = [f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}"]
        keys = [*client.scan_iter(match=f"{queue}*"), *bindings]
        client.delete(*keys)
        client.close()


@pytest.fixture
def broker() -> Iterator[str]:
    with redis_broker() as url:
        yield url


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
def roles(db: None) -> dict[str, Group]:
    return setup_roles()


def desk_user(username: str, group: Group) -> User:
    user = User.objects.create_user(username, password="pw", is_staff=True)
    user.groups.add(group)
    return user


@pytest.fixture
def reviewer(roles: dict[str, Group]) -> User:
    return desk_user("rita", roles["Reviewer"])


@pytest.fixture
def editor(roles: dict[str, Group]) -> User:
    return desk_user("ed", roles["Editor"])


@pytest.fixture
def second_editor(roles: dict[str, Group]) -> User:
    """Another editor: who publishes a correction the first one wrote."""
    return desk_user("eva", roles["Editor"])


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
    claim.publish(by=editor, no_claimant=UNATTRIBUTED)
    return claim


@pytest.fixture
def confirmed_quote(quote: Quote, reviewer: User) -> Quote:
    quote.set_attribution(AttributionStatus.CONFIRMED, by=reviewer)
    return quote


def browser_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def reviewer_client(reviewer: User) -> Client:
    return browser_client(reviewer)


@pytest.fixture
def editor_client(editor: User) -> Client:
    return browser_client(editor)


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


def token_client(user: User) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def reviewer_api_client(reviewer: User) -> APIClient:
    return token_client(reviewer)


@pytest.fixture
def editor_api_client(editor: User) -> APIClient:
    return token_client(editor)


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
