"""The dashboard on the admin index: its counts link to the queue filtered to the claims
they count, its bars are as long as their counts, and only the desk sees it."""

import re
from html import unescape

import pytest
from django.contrib.auth.models import User
from django.test import Client

from claims.models import Claim, ClaimState
from tests.conftest import browser_client

pytestmark = pytest.mark.django_db


def listed_count(client: Client, url: str) -> int:
    response = client.get(unescape(url))
    assert response.status_code == 200, url
    return int(response.context["cl"].result_count)


def test_every_count_links_to_the_queue_showing_that_many_claims(
    published_claim: Claim, reviewer: User, reviewer_client: Client
) -> None:
    other = Claim.objects.filter(state=ClaimState.NEW).first()
    assert other is not None
    other.start_review(by=reviewer)
    html = reviewer_client.get("/admin/").content.decode()

    backlog = re.search(
        r'<a href="([^"]+)" id="fb-backlog"><strong>(\d+)</strong> claims waiting', html
    )
    assert backlog is not None
    assert int(backlog.group(2)) == Claim.objects.needs_review().count()
    assert listed_count(reviewer_client, backlog.group(1)) == int(backlog.group(2))

    bars = re.findall(
        r'<span class="fb-bar-label"><a href="([^"]+)">([^<]+)</a></span>.*?'
        r'<span class="fb-bar-count"><a href="[^"]+">(\d+)</a>',
        html,
    )
    labels = {label for _, label, _ in bars}
    assert {state.label for state in ClaimState} | {"True"} <= labels
    for url, label, count in bars:
        assert listed_count(reviewer_client, url) == int(count), label
    in_review = next(int(count) for _, label, count in bars if label == "In review")
    assert in_review == 1


def test_bars_are_as_long_as_their_counts(seed_article: object, reviewer_client: Client) -> None:
    html = reviewer_client.get("/admin/").content.decode()
    widths = dict(
        re.findall(
            r'<a href="[^"]+">([^<]+)</a></span><span class="fb-bar-track">'
            r'<span class="fb-bar fb-bar-state" style="width: (\d+)%"',
            html,
        )
    )
    new = Claim.objects.filter(state=ClaimState.NEW).count()
    assert widths["New"] == "100" and widths["Published"] == "0"
    assert new > 0


def test_staff_without_a_desk_role_see_no_dashboard(db: None) -> None:
    clerk = User.objects.create_user("clerk", password="pw", is_staff=True)
    html = browser_client(clerk).get("/admin/").content.decode()
    assert 'id="fb-dashboard"' not in html
    assert "waiting for review" not in html
