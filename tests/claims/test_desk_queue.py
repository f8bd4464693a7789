"""The review queue as a working list: open work by default, published claims one click
away, each row with its source, claimant, state, assignee and age, in a constant number
of queries."""

import re
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client

from claims.models import Claim, ClaimAppearance, ClaimState, RatingLabel
from sources.models import Article, Outlet
from tests.claims.test_review_desk import action, rate_payload
from tests.conftest import queries_for_get

pytestmark = pytest.mark.django_db

QUEUE = "/admin/claims/claim/"


def listed(client: Client, url: str) -> set[str]:
    response = client.get(url)
    assert response.status_code == 200
    return {claim.text for claim in response.context["cl"].result_list}


def make_open(n: int) -> None:
    """n claims waiting for review, each in an article of its own."""
    outlet, _ = Outlet.objects.get_or_create(name="Harbour Gazette", domain="gazette.example")
    start = Article.objects.count()
    for i in range(start, start + n):
        body = f"The ferry carried {i} thousand passengers last year."
        article = Article.objects.create(
            outlet=outlet,
            url=f"https://gazette.example/{i}",
            title=f"Ferry figures {i}",
            body=body,
            raw=body,
            content_hash=f"f{i:063d}",
        )
        claim = Claim.objects.create(text=body)
        ClaimAppearance.objects.create(claim=claim, article=article, start=0, end=len(body))


def test_the_queue_shows_open_work_and_published_claims_are_one_click_away(
    published_claim: Claim, reviewer_client: Client
) -> None:
    rated = Claim.objects.exclude(pk=published_claim.pk).filter(state=ClaimState.NEW).first()
    assert rated is not None
    action(reviewer_client, rated, "start_review")
    action(reviewer_client, rated, "rate", **rate_payload())
    open_texts = set(
        Claim.objects.filter(state__in=["new", "in_review", "rated"]).values_list("text", flat=True)
    )

    page = reviewer_client.get(QUEUE).content.decode()
    assert listed(reviewer_client, QUEUE) == open_texts
    assert published_claim.text not in open_texts and rated.text in open_texts
    published_link = re.search(r'<a href="(\?[^"]*work=published[^"]*)"', page)
    assert published_link is not None, "no 'Published' choice in the queue's filters"
    assert listed(reviewer_client, QUEUE + published_link.group(1).replace("&amp;", "&")) == {
        published_claim.text
    }
    assert len(listed(reviewer_client, QUEUE + "?work=all")) == Claim.objects.count()
    assert f"Rated · {RatingLabel.objects.get(slug='mostly-true')}" in page


def test_the_work_filter_keeps_search_and_other_filters(
    published_claim: Claim, reviewer_client: Client
) -> None:
    assert listed(reviewer_client, QUEUE + "?q=Tehran&work=published") == {published_claim.text}
    assert listed(reviewer_client, QUEUE + "?q=Tehran") == set(
        Claim.objects.open_work().filter(text__icontains="Tehran").values_list("text", flat=True)
    )
    # Choosing a state in the state filter shows that state, published or not.
    assert listed(reviewer_client, QUEUE + "?state__exact=published") == {published_claim.text}
    # The work filter's links keep the search.
    page = reviewer_client.get(QUEUE + "?q=Tehran").content.decode()
    assert re.search(r'href="\?[^"]*q=Tehran[^"]*work=published', page)


def test_each_row_shows_source_claimant_state_assignee_and_age(
    seed_article: Article, reviewer: User, reviewer_client: Client
) -> None:
    seed_article.outlet = Outlet.objects.create(name="Harbour Gazette", domain="gazette.example")
    seed_article.save()
    claim = Claim.objects.get(text__startswith="In late April, North Korea sent")
    claim.start_review(by=reviewer)
    html = reviewer_client.get(QUEUE).content.decode()
    row = re.search(rf"<tr>(?:(?!</tr>).)*?/claims/claim/{claim.pk}/change/.*?</tr>", html, re.S)
    assert row is not None
    cells = row.group(0)
    article_url = f"/admin/sources/article/{seed_article.pk}/change/"
    assert f'<a href="{article_url}">{seed_article.title}</a>' in cells
    assert '<span class="fb-outlet">Harbour Gazette</span>' in cells
    assert '<td class="field-state_and_rating">In review</td>' in cells
    assert f'<td class="field-assignee nowrap">{reviewer}</td>' in cells
    assert '<td class="field-age">0 min</td>' in cells


@pytest.mark.parametrize("view", ["", "?work=published", "?work=all", "?q=percent"])
def test_queue_query_count_is_constant(
    reviewer_client: Client, make_published: Callable[[int], None], view: str
) -> None:
    make_open(2)
    make_published(2)
    few = queries_for_get(reviewer_client, QUEUE + view)
    make_open(15)
    make_published(15)
    assert queries_for_get(reviewer_client, QUEUE + view) == few
