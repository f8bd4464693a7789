"""Workflow actions racing each other on PostgreSQL: real threads, real connections.

Each request runs in its own thread with its own database connection, released
together by a barrier, so the actions truly overlap in the database.
"""

import importlib
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.db import connection
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims.models import AuditEvent, Claim, ClaimState, EvidenceLink, RatingLabel, Review
from claims.roles import setup_roles

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)"
    ),
]

RATE = {
    "rating": "false",
    "summary": "No such visit took place.",
    "explanation": "Neither news agency reported it.",
    "evidence": [{"url": "https://example.org/a", "title": "Agency archive", "stance": "refutes"}],
}


@pytest.fixture(autouse=True)
def rating_scale() -> None:
    """The default scale, which the flush after each transactional test removes."""
    migration = importlib.import_module("claims.migrations.0002_default_rating_scale")
    migration.create_default_scale(apps, None)


def desk_user(username: str, role: str) -> tuple[User, str]:
    user = User.objects.create_user(username, is_staff=True)
    user.groups.add(setup_roles()[role])
    return user, Token.objects.create(user=user).key


def run_together(*calls: Callable[[], Any]) -> list[Any]:
    """Start every call at the same moment, each in its own thread and connection."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # reported as the thread's result, checked by the test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def post(token: str, url: str, data: dict[str, Any]) -> Callable[[], int]:
    def call() -> int:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        return client.post(url, data, format="json").status_code

    return call


def state_events(claim: Claim) -> list[str]:
    events = AuditEvent.objects.for_object(claim).filter(action="claim.state")
    return list(events.order_by("created_at", "id").values_list("to_value", flat=True))


def test_parallel_ratings_leave_one_draft_and_one_audit_pair() -> None:
    reviewer, token = desk_user("rita", "Reviewer")
    claim = Claim.objects.create(text="The delegation visited Tehran in late April.")
    claim.start_review(by=reviewer)
    events_before = AuditEvent.objects.for_object(claim).count()

    url = f"/api/v1/claims/{claim.pk}/rate/"
    statuses = run_together(*[post(token, url, RATE) for _ in range(20)])

    assert statuses == [200] * 20
    claim.refresh_from_db()
    assert claim.state == ClaimState.RATED
    assert Review.objects.filter(claim=claim).count() == 1
    actions = AuditEvent.objects.for_object(claim).values_list("action", flat=True)
    assert len(actions) - events_before == 2
    assert sorted(actions[: len(actions) - events_before]) == ["claim.rating", "claim.state"]
    # Every successful save raised the version once, in the database.
    assert claim.version == 1 + 1 + 20


@pytest.mark.parametrize("run", range(25))
def test_publish_racing_a_rerate_ends_consistent(run: int) -> None:
    reviewer, reviewer_token = desk_user(f"rita{run}", "Reviewer")
    _, editor_token = desk_user(f"ed{run}", "Editor")
    claim = Claim.objects.create(text=f"Exports rose {run} percent in 2023.")
    claim.start_review(by=reviewer)
    claim.rate(
        by=reviewer,
        rating=RatingLabel.objects.get(slug="true"),
        summary="Right.",
        explanation="The statistics office says so.",
        evidence=[EvidenceLink("https://stats.example.org", "Statistics", "supports")],
    )
    base = f"/api/v1/claims/{claim.pk}"

    publish, rerate = run_together(
        post(editor_token, f"{base}/publish/", {"no_claimant_reason": "unattributed"}),
        post(reviewer_token, f"{base}/rate/", RATE),
    )

    claim.refresh_from_db()
    reviews = list(Review.objects.filter(claim=claim))
    published = [review for review in reviews if review.published_at is not None]
    assert {publish, rerate} <= {200, 409}
    assert state_events(claim)[-1] == claim.state
    if claim.state == ClaimState.PUBLISHED:
        assert publish == 200
        assert len(published) == 1
        assert claim.rating_id == published[0].rating_id
        assert claim.published_at == published[0].published_at
        # A re-rate after the publish is refused; one before it is what was published.
        assert len(reviews) == 1
    else:
        assert claim.state == ClaimState.RATED
        assert publish == 409
        assert published == []
