import json
from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from claims.models import Claim, ClaimState, Quote
from tests.conftest import queries_for_get

pytestmark = pytest.mark.django_db

LIST_ENDPOINTS = [
    "/api/v1/claims/",
    "/api/v1/quotes/",
    "/api/v1/speakers/",
    "/api/v1/articles/",
    "/api/v1/outlets/",
]


def test_anonymous_sees_only_published_claims(
    api_client: APIClient, published_claim: Claim
) -> None:
    assert Claim.objects.exclude(state=ClaimState.PUBLISHED).exists()

    response = api_client.get("/api/v1/claims/")

    assert response.status_code == 200
    assert [c["id"] for c in response.json()["results"]] == [published_claim.pk]
    claim = response.json()["results"][0]
    assert claim["rating"] == {"name": "True", "slug": "true", "value": 5}
    assert claim["verdict"]["summary"] == "The delegation visited Tehran in late April."
    assert claim["appearances"][0]["title"].startswith("North Korea and Iran")
    detail = api_client.get(f"/api/v1/claims/{published_claim.pk}/").json()
    assert detail["reviews"][0]["evidence"][0]["stance"] == "supports"


def test_anonymous_cannot_fetch_an_unpublished_claim(api_client: APIClient, claim: Claim) -> None:
    assert api_client.get(f"/api/v1/claims/{claim.pk}/").status_code == 404


def test_staff_sees_every_claim(reviewer_api_client: APIClient, published_claim: Claim) -> None:
    response = reviewer_api_client.get("/api/v1/claims/?page_size=200")
    assert len(response.json()["results"]) == Claim.objects.count() > 1


def test_anonymous_sees_only_verified_quotes(api_client: APIClient, confirmed_quote: Quote) -> None:
    response = api_client.get("/api/v1/quotes/")
    assert [q["id"] for q in response.json()["results"]] == [confirmed_quote.pk]
    speakers = api_client.get("/api/v1/speakers/").json()["results"]
    assert [s["name"] for s in speakers] == ["Kim Sung Kyung"]
    assert speakers[0]["quote_count"] == 1


def test_article_detail_has_body_and_quote_spans(
    reviewer_api_client: APIClient, seed_article: object
) -> None:
    article = reviewer_api_client.get(f"/api/v1/articles/{seed_article.pk}/").json()  # type: ignore[attr-defined]
    assert article["quotes"]
    for quote in article["quotes"]:
        assert article["body"][quote["start"] : quote["end"]] == quote["text"]


# What a signed-in desk user costs before the view runs: the token, then the user's
# and the user's groups' permissions, read once per request.
DESK_REQUEST_QUERIES = 3


def test_speaker_detail_lists_quotes(reviewer_api_client: APIClient, seed_article: object) -> None:
    from claims.models import Speaker

    pinkston = Speaker.objects.get(name="Daniel Pinkston")
    with CaptureQueriesContext(connection) as context:
        body = reviewer_api_client.get(f"/api/v1/speakers/{pinkston.pk}/").json()
    assert len(body["quotes"]) == pinkston.quotes.count() >= 8
    # The speaker, their quotes, the scorecard and (for the desk) their misquotes.
    assert len(context.captured_queries) == DESK_REQUEST_QUERIES + 4


def test_anonymous_cannot_write(api_client: APIClient, published_claim: Claim) -> None:
    response = api_client.delete(f"/api/v1/claims/{published_claim.pk}/")
    assert response.status_code in (401, 403, 405)
    assert Claim.objects.filter(pk=published_claim.pk).exists()


def test_lists_use_cursor_pagination(
    api_client: APIClient, make_published: Callable[[int], None]
) -> None:
    make_published(5)
    first = api_client.get("/api/v1/claims/?page_size=2").json()
    second = api_client.get(first["next"]).json()
    ids = [c["id"] for c in first["results"] + second["results"]]
    assert len(ids) == len(set(ids)) == 4
    assert "cursor=" in first["next"]


@pytest.mark.parametrize("url", LIST_ENDPOINTS)
@pytest.mark.parametrize("client_fixture", ["api_client", "reviewer_api_client"])
def test_list_query_count_does_not_grow_with_rows(
    request: pytest.FixtureRequest,
    client_fixture: str,
    url: str,
    make_published: Callable[[int], None],
) -> None:
    client: APIClient = request.getfixturevalue(client_fixture)
    make_published(2)
    few = queries_for_get(client, url + "?page_size=50")
    make_published(20)
    many = queries_for_get(client, url + "?page_size=50")
    assert few == many


EXPECTED_LIST_QUERIES = {
    "/api/v1/claims/": 1,  # appearances and verdicts come as JSON in the claim query
    "/api/v1/quotes/": 1,
    "/api/v1/speakers/": 1,
    "/api/v1/articles/": 1,
    "/api/v1/outlets/": 1,
}


@pytest.mark.parametrize("url", LIST_ENDPOINTS)
def test_list_query_count_is_pinned(
    api_client: APIClient, url: str, make_published: Callable[[int], None]
) -> None:
    make_published(12)
    assert queries_for_get(api_client, url) == EXPECTED_LIST_QUERIES[url]


def test_openapi_schema_and_docs_are_served(api_client: APIClient) -> None:
    schema = api_client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    assert "/api/v1/claims/" in schema.json()["paths"]
    assert api_client.get("/api/docs/").status_code == 200


def _declared(claim: Claim) -> dict[str, object]:
    """What ClaimSerializer gives for a claim whose related rows come from the ORM."""
    from claims.api.serializers import ClaimSerializer

    claim.listed_appearances = [  # type: ignore[attr-defined]
        {
            "article": a.article_id,
            "url": a.article.url,
            "title": a.article.title,
            "outlet": a.article.outlet.name if a.article.outlet else None,
            "published_at": a.article.published_at,
            "quote": a.quote_id,
            "start": a.start,
            "end": a.end,
        }
        for a in claim.appearances.select_related("article__outlet").order_by("id")
    ]
    verdict = claim.reviews.exclude(published_at=None).order_by("created_at", "id").last()
    claim.listed_verdict = verdict and {  # type: ignore[attr-defined]
        field: getattr(verdict, field)
        for field in ["summary", "original_rating", "published_at", "publisher_name", "url"]
    }
    return json.loads(json.dumps(ClaimSerializer(claim).data))


@pytest.mark.parametrize("client_fixture", ["api_client", "reviewer_api_client"])
def test_list_and_detail_equal_the_declared_serializer(
    request: pytest.FixtureRequest, client_fixture: str, make_published: Callable[[int], None]
) -> None:
    """The one-query list (related rows as database JSON) against model instances."""
    from claims.models import ClaimAppearance, RatingLabel, Review
    from sources.models import Article

    client: APIClient = request.getfixturevalue(client_fixture)
    make_published(3)
    first, second = Claim.objects.order_by("id")[:2]
    Claim.objects.filter(pk=first.pk).update(claim_date="2024-05-01")
    no_outlet = Article.objects.create(
        title="Wire copy",
        body="Exports rose 0 percent in 2023, the minister said.",
        raw="-",
        content_hash="f" * 64,
        published_at="2024-05-02T07:08:09.123456Z",
    )
    ClaimAppearance.objects.create(claim=first, article=no_outlet, start=0, end=31)
    older = second.reviews.get()
    Review.objects.filter(pk=older.pk).update(created_at="2024-01-01T00:00:00Z")
    Review.objects.create(
        claim=second,
        rating=RatingLabel.objects.get(slug="false"),
        summary="Corrected: wrong.",
        published_at="2024-06-01T10:00:00.5Z",
        publisher_name="Other Desk",
        original_rating="Pants on fire",
        url="https://other.example/review",
    )
    Claim.objects.create(text="An unpublished claim with no verdict")
    staff = client_fixture == "reviewer_api_client"

    listed = {row["id"]: row for row in client.get("/api/v1/claims/").json()["results"]}

    claims = list((Claim.objects.all() if staff else Claim.objects.published()).for_api())
    assert len(listed) == len(claims) == (4 if staff else 3)
    for claim in claims:
        expected = _declared(claim)
        assert listed[claim.pk] == expected
        detail = client.get(f"/api/v1/claims/{claim.pk}/").json()
        assert {key: detail[key] for key in expected} == expected
    assert [a["outlet"] for a in listed[first.pk]["appearances"]] == ["Daily Example", None]
    assert listed[second.pk]["verdict"]["summary"] == "Corrected: wrong."


def test_browsable_api_renders_the_claim_list(
    api_client: APIClient, make_published: Callable[[int], None]
) -> None:
    make_published(2)
    response = api_client.get("/api/v1/claims/?q=exports", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert "Exports rose 1 percent in 2023" in response.content.decode()
