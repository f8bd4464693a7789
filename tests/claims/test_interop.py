"""ClaimReview out and in, the Fact Check Tools search shape, filters and search."""

import base64
import json
from collections.abc import Callable
from datetime import timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from rest_framework.test import APIClient

from claims.models import Claim, ClaimState, RatingMapping, Review, Speaker
from sources.models import Article

pytestmark = pytest.mark.django_db


def feed(client: APIClient) -> dict[str, Any]:
    response = client.get("/api/v1/claimreview/feed/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    document: dict[str, Any] = json.loads(b"".join(response.streaming_content))  # type: ignore[attr-defined]
    return document


# --- ClaimReview out ------------------------------------------------------------------


def test_claimreview_json_ld_of_a_published_claim(
    api_client: APIClient, published_claim: Claim
) -> None:
    speaker = Speaker.objects.get(name="Daniel Pinkston")
    speaker.wikidata_id = "Q42"
    speaker.save()
    published_claim.claimant = speaker
    published_claim.save()

    by_url = api_client.get(f"/api/v1/claims/{published_claim.pk}/claimreview/").json()
    by_accept = api_client.get(
        f"/api/v1/claims/{published_claim.pk}/", HTTP_ACCEPT="application/ld+json"
    ).json()

    assert by_url == by_accept
    assert by_url["@context"] == "https://schema.org" and by_url["@type"] == "ClaimReview"
    assert by_url["claimReviewed"] == published_claim.text
    assert by_url["author"] == {
        "@type": "Organization",
        "name": "factbase",
        "url": "http://localhost:8000/",
    }
    item = by_url["itemReviewed"]
    assert item["author"] == {
        "@type": "Person",
        "name": "Daniel Pinkston",
        "jobTitle": "professor of international relations",
        "sameAs": "https://www.wikidata.org/wiki/Q42",
    }
    assert item["firstAppearance"]["headline"].startswith("North Korea and Iran")
    assert by_url["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "True",
        "ratingValue": 5,
        "bestRating": 5,
        "worstRating": 1,
        "ratingExplanation": "Both governments' news agencies reported the visit.",
    }
    assert by_url["name"] == "The delegation visited Tehran in late April."
    slug = "in-late-april-north-korea-sent-a-high-level-delegation-of"
    assert by_url["url"] == f"http://localhost:8000/fact-checks/{published_claim.pk}-{slug}/"
    assert by_url["datePublished"] == published_claim.published_at.date().isoformat()  # type: ignore[union-attr]


def test_claimreview_of_unpublished_claim_is_not_found(
    reviewer_api_client: APIClient, claim: Claim
) -> None:
    assert reviewer_api_client.get(f"/api/v1/claims/{claim.pk}/claimreview/").status_code == 404


def test_feed_streams_every_published_claim(
    api_client: APIClient, make_published: Callable[[int], None]
) -> None:
    make_published(7)
    document = feed(api_client)
    assert document["@type"] == "DataFeed"
    elements = document["dataFeedElement"]
    assert len(elements) == Claim.objects.published().count() == 7
    assert {e["@type"] for e in elements} == {"ClaimReview"}


# --- Fact Check Tools claims:search ---------------------------------------------------


def test_claims_search_requires_a_query(api_client: APIClient) -> None:
    response = api_client.get("/api/v1/claims:search")
    assert response.status_code == 400
    assert response.json()["error"]["status"] == "INVALID_ARGUMENT"


def test_claims_search_shape_and_paging(
    api_client: APIClient, make_published: Callable[[int], None]
) -> None:
    make_published(5)
    first = api_client.get("/api/v1/claims:search", {"query": "exports", "pageSize": "2"}).json()
    assert len(first["claims"]) == 2
    claim = first["claims"][0]
    assert claim["text"].startswith("Exports rose")
    assert claim["claimant"].startswith("Minister Number")
    review = claim["claimReview"][0]
    assert review["publisher"] == {"name": "factbase", "site": "localhost:8000"}
    assert review["textualRating"] == "True" and review["languageCode"] == "en"
    assert review["reviewDate"].endswith("Z")
    seen = [c["text"] for c in first["claims"]]
    token = first["nextPageToken"]
    while token:
        page = api_client.get(
            "/api/v1/claims:search", {"query": "exports", "pageSize": 2, "pageToken": token}
        ).json()
        seen += [c["text"] for c in page["claims"]]
        token = page.get("nextPageToken")
    assert len(seen) == len(set(seen)) == 5
    offset = api_client.get("/api/v1/claims:search", {"query": "exports", "offset": "4"}).json()
    assert len(offset["claims"]) == 1 and "nextPageToken" not in offset


def test_claims_search_filters(
    api_client: APIClient, make_published: Callable[[int], None]
) -> None:
    make_published(3)
    Review.objects.filter(published_at__isnull=False).update(
        published_at=timezone.now() - timedelta(days=10)
    )
    search = lambda **p: api_client.get("/api/v1/claims:search", {"query": "exports", **p}).json()  # noqa: E731
    assert len(search(maxAgeDays=30)["claims"]) == 3
    assert search(maxAgeDays=5)["claims"] == []
    assert len(search(languageCode="en-US")["claims"]) == 3
    assert search(languageCode="de")["claims"] == []
    first, second, third = Review.objects.order_by("id")
    Review.objects.filter(pk=first.pk).update(language="EN-gb")
    Review.objects.filter(pk=second.pk).update(language="eng")  # another code, not English
    Review.objects.filter(pk=third.pk).update(language="De")
    assert len(search(languageCode="en")["claims"]) == 1
    assert len(search(languageCode="DE-at")["claims"]) == 1
    assert search(reviewPublisherSiteFilter="other.example")["claims"] == []
    assert (
        api_client.get("/api/v1/claims:search", {"query": "x", "pageSize": "many"}).status_code
        == 400
    )
    assert (
        api_client.get("/api/v1/claims:search", {"query": "x", "pageToken": "%%%"}).status_code
        == 400
    )


def token(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("pageToken", token("-5")),  # "LTU"
        ("pageToken", token("9" * 40)),
        ("pageToken", token("0")),
        ("pageToken", token("1e3")),
        ("pageToken", "A" * 10_000),
        ("pageSize", "0"),
        ("pageSize", "101"),
        ("pageSize", "9" * 5000),
        ("pageSize", "١٢"),
        ("offset", "-1"),
        ("offset", "1000001"),
        ("offset", "1_000"),
        ("maxAgeDays", "-3"),
        ("maxAgeDays", "99999999999"),
    ],
)
def test_bad_search_arguments_get_googles_invalid_argument(
    api_client: APIClient, name: str, value: str
) -> None:
    response = api_client.get("/api/v1/claims:search", {"query": "x", name: value})
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["code"], error["status"]) == (400, "INVALID_ARGUMENT")
    assert f"'{name}'" in error["message"]


# --- filters and search on the claim list -------------------------------------------


def ids(client: APIClient, **params: str | int) -> set[int]:
    response = client.get("/api/v1/claims/", params)
    assert response.status_code == 200, response.content
    return {c["id"] for c in response.json()["results"]}


def test_claim_list_filters(api_client: APIClient, make_published: Callable[[int], None]) -> None:
    make_published(4)
    first, second = Claim.objects.order_by("id")[:2]
    article = first.appearances.get().article
    article.tags = ["economy", "trade"]
    article.save()
    Claim.objects.filter(pk=second.pk).update(language="fr")

    assert ids(api_client, rating="true") == set(Claim.objects.values_list("pk", flat=True))
    assert ids(api_client, rating="false") == set()
    assert ids(api_client, claimant=str(first.claimant_id)) == {first.pk}
    assert ids(api_client, article=article.pk) == {first.pk}
    assert ids(api_client, tag="economy") == {first.pk}
    assert ids(api_client, tag="econ") == set()
    assert ids(api_client, outlet=str(article.outlet_id)) == set(
        Claim.objects.values_list("pk", flat=True)
    )
    assert ids(api_client, language="fr") == {second.pk}
    now = timezone.now()
    assert len(ids(api_client, published_after=(now - timedelta(hours=1)).isoformat())) == 4
    assert ids(api_client, published_before=(now - timedelta(hours=1)).isoformat()) == set()


def test_claim_list_full_text_search(
    api_client: APIClient, make_published: Callable[[int], None]
) -> None:
    make_published(3)
    target = Claim.objects.order_by("id").first()
    assert target is not None
    Claim.objects.filter(pk=target.pk).update(text="Tehran supplied drones to Moscow in 2023")
    target.refresh_from_db()
    target.save()  # keeps the PostgreSQL search vector current through the trigger

    assert ids(api_client, q="drones Moscow") == {target.pk}
    assert ids(api_client, q="exports") == set(
        Claim.objects.exclude(pk=target.pk).values_list("pk", flat=True)
    )
    assert ids(api_client, q="nothing-like-this") == set()
    assert len(ids(api_client, q="   ")) == 3  # blank: no search


def test_search_ranking_on_both_databases(
    api_client: APIClient, make_published: Callable[[int], None]
) -> None:
    """PostgreSQL ranks by relevance, so the claim naming drones three times comes first
    although it is older; SQLite matches words without ranking: newest first."""
    from django.db import connection

    make_published(4)
    older, newer, other, _ = Claim.objects.order_by("id")
    texts = {
        older.pk: "Drones, more drones and cheap drones were exported in 2023",
        newer.pk: "Drones were exported in 2023",
        other.pk: "Grain was exported in 2023",
    }
    for claim in (older, newer, other):
        claim.text = texts[claim.pk]
        claim.save()  # the PostgreSQL trigger refreshes the search vector

    def ranked(**params: str) -> list[int]:
        body = api_client.get("/api/v1/claims/", {"q": "drones", **params}).json()
        return [c["id"] for c in body["results"]]

    expected = [older.pk, newer.pk] if connection.vendor == "postgresql" else [newer.pk, older.pk]
    assert ranked() == expected
    first_page = api_client.get("/api/v1/claims/", {"q": "drones", "page_size": "1"}).json()
    second_page = api_client.get(first_page["next"]).json()
    assert [c["id"] for c in first_page["results"] + second_page["results"]] == expected
    assert second_page["next"] is None


def test_search_applies_after_the_other_filters(
    api_client: APIClient, make_published: Callable[[int], None]
) -> None:
    make_published(3)
    first = Claim.objects.order_by("id").first()
    assert first is not None
    Claim.objects.exclude(pk=first.pk).update(language="fr")

    assert ids(api_client, q="exports", language="fr") == set(
        Claim.objects.exclude(pk=first.pk).values_list("pk", flat=True)
    )
    assert ids(api_client, q="exports", language="en") == {first.pk}
    assert ids(api_client, q="exports", claimant=str(first.claimant_id), language="fr") == set()


def test_filters_are_validated_only_when_given(
    api_client: APIClient, make_published: Callable[[int], None]
) -> None:
    make_published(2)
    assert api_client.get("/api/v1/claims/", {"claimant": "abc"}).status_code == 400
    assert api_client.get("/api/v1/claims/", {"published_after": "yesterday"}).status_code == 400
    assert len(ids(api_client, unknown="1")) == 2


def test_claim_list_documents_only_parameters_it_reads(api_client: APIClient) -> None:
    schema = api_client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/claims/"]["get"]["parameters"]}
    assert "search" not in parameters  # the claim list searches with q
    assert parameters["q"]["schema"] == {"type": "string", "maxLength": 300}
    assert {"rating", "claimant", "outlet", "tag", "published_after"} <= set(parameters)


def test_claim_list_ordering(api_client: APIClient, make_published: Callable[[int], None]) -> None:
    make_published(3)
    oldest_first = [
        c["id"] for c in api_client.get("/api/v1/claims/", {"ordering": "id"}).json()["results"]
    ]
    assert oldest_first == sorted(oldest_first)


def test_speaker_scorecard(api_client: APIClient, make_published: Callable[[int], None]) -> None:
    make_published(1)
    speaker = Speaker.objects.get(name="Minister Number0")
    card = api_client.get(f"/api/v1/speakers/{speaker.pk}/").json()["scorecard"]
    assert card["published_claims"] == 1
    assert card["by_rating"] == [{"rating": "True", "value": 5, "count": 1}]
    assert card["first_published"] and card["last_published"]
    assert "not a measure of honesty" in card["note"]


def test_claim_detail_query_count_is_constant(
    api_client: APIClient, published_claim: Claim, django_assert_max_num_queries: object
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = f"/api/v1/claims/{published_claim.pk}/"
    api_client.get(url)
    with CaptureQueriesContext(connection) as few:
        api_client.get(url)
    for article in Article.objects.all():
        for start in range(10):
            published_claim.appearances.create(article=article, start=start, end=start + 5)
    with CaptureQueriesContext(connection) as many:
        api_client.get(url)
    assert len(few.captured_queries) == len(many.captured_queries) <= 5


# --- ClaimReview in -------------------------------------------------------------------

POLITIFACT = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://factcheck.example.org/2024/bridge-costs",
    "datePublished": "2024-05-03",
    "author": {
        "@type": "Organization",
        "name": "Example Fact",
        "url": "https://factcheck.example.org",
    },
    "claimReviewed": "The bridge repairs cost $40 million.",
    "itemReviewed": {
        "@type": "Claim",
        "author": {
            "@type": "Person",
            "name": "Jane Holloway",
            "jobTitle": "Mayor",
            "sameAs": "https://www.wikidata.org/wiki/Q12345",
        },
        "datePublished": "2024-04-30",
        "appearance": [{"@type": "CreativeWork", "url": "https://news.example.org/bridge"}],
    },
    "reviewRating": {
        "@type": "Rating",
        "alternateName": "Pants on Fire!",
        "ratingValue": 0,
        "bestRating": 5,
        "worstRating": 0,
    },
}


def run_import(tmp_path: Path, document: object, name: str = "reviews.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(document))
    out = StringIO()
    call_command("import_claimreview", str(path), stdout=out, stderr=out)
    return out.getvalue()


def test_import_json_ld_maps_label_and_keeps_original(tmp_path: Path) -> None:
    output = run_import(tmp_path, POLITIFACT)

    assert "1 created" in output
    review = Review.objects.select_related("claim__claimant", "rating").get()
    assert (review.rating.slug, review.original_rating) == ("false", "Pants on Fire!")
    assert (review.publisher_name, review.publisher_site) == (
        "Example Fact",
        "factcheck.example.org",
    )
    claim = review.claim
    assert claim.state == ClaimState.PUBLISHED and claim.rating == review.rating
    assert claim.claimant.name == "Jane Holloway" and claim.claimant.wikidata_id == "Q12345"  # type: ignore[union-attr]
    assert claim.external_appearances == ["https://news.example.org/bridge"]
    assert str(claim.claim_date) == "2024-04-30"


def test_reimport_changes_nothing(tmp_path: Path) -> None:
    run_import(tmp_path, POLITIFACT)
    assert "1 unchanged" in run_import(tmp_path, POLITIFACT)
    assert (Claim.objects.count(), Review.objects.count()) == (1, 1)


def test_mapping_is_editable_and_numbers_and_fallback_apply(tmp_path: Path) -> None:
    unknown = {
        **POLITIFACT,
        "url": "https://x.example/1",
        "reviewRating": {"@type": "Rating", "alternateName": "Wobbly"},
    }
    numeric = {
        **POLITIFACT,
        "url": "https://x.example/2",
        "claimReviewed": "Another claim",
        "reviewRating": {
            "alternateName": "Two Pinocchios",
            "ratingValue": 4,
            "bestRating": 5,
            "worstRating": 1,
        },
    }
    run_import(tmp_path, {"@context": "https://schema.org", "@graph": [unknown, numeric]})
    assert Review.objects.get(url="https://x.example/1").rating.slug == "unproven"
    assert Review.objects.get(url="https://x.example/2").rating.slug == "mostly-true"

    RatingMapping.objects.create(
        foreign_label="wobbly", label=Review.objects.get(url="https://x.example/2").rating
    )
    assert "1 updated" in run_import(tmp_path, unknown, "again.json")
    assert Review.objects.get(url="https://x.example/1").rating.slug == "mostly-true"


def test_import_datafeed_and_fact_check_tools_response(tmp_path: Path) -> None:
    datafeed = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "dataFeedElement": [{"@type": "DataFeedItem", "item": [POLITIFACT]}],
    }
    google = {
        "claims": [
            {
                "text": "Unemployment fell to 3 percent in 2023.",
                "claimant": "Carlos Mendes",
                "claimDate": "2024-01-02T00:00:00Z",
                "claimReview": [
                    {
                        "publisher": {"name": "Wire Check", "site": "wirecheck.example"},
                        "url": "https://wirecheck.example/jobs",
                        "title": "Jobs claim",
                        "reviewDate": "2024-01-05T10:00:00Z",
                        "textualRating": "Mostly True",
                        "languageCode": "en",
                    }
                ],
            }
        ]
    }
    assert "1 created" in run_import(tmp_path, datafeed, "feed.json")
    assert "1 created" in run_import(tmp_path, google, "google.json")
    review = Review.objects.get(url="https://wirecheck.example/jobs")
    assert (review.rating.slug, review.summary, review.claim.claimant.name) == (  # type: ignore[union-attr]
        "mostly-true",
        "Jobs claim",
        "Carlos Mendes",
    )


def test_bad_records_fail_clearly_and_their_document_stores_nothing(tmp_path: Path) -> None:
    broken = [
        {"@type": "ClaimReview", "author": {"name": "X"}},
        {**POLITIFACT, "datePublished": "last week"},
        POLITIFACT,
    ]
    (tmp_path / "broken.json").write_text(json.dumps(broken))
    (tmp_path / "good.json").write_text(json.dumps(POLITIFACT))
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match=r"2 review.*1 document.*broken\.json"):
        call_command(
            "import_claimreview",
            str(tmp_path / "broken.json"),
            str(tmp_path / "good.json"),
            stdout=out,
            stderr=err,
        )
    assert f'FAILED {tmp_path / "broken.json"}:[0]: "claimReviewed" is missing' in err.getvalue()
    assert "[1]: \"datePublished\" is not an ISO 8601 date: 'last week'" in err.getvalue()
    assert "1 created" in out.getvalue()
    assert list(Review.objects.values_list("url", flat=True)) == [POLITIFACT["url"]]
    (tmp_path / "junk.json").write_text("{not json")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_claimreview", str(tmp_path / "junk.json"), stdout=StringIO(), stderr=err
        )
    assert "invalid JSON" in err.getvalue()


def test_claimreview_with_script_links_is_refused(tmp_path: Path) -> None:
    script_url = {**POLITIFACT, "url": "javascript:alert(document.cookie)"}
    script_appearance = {
        **POLITIFACT,
        "url": "https://factcheck.example.org/2024/other",
        "claimReviewed": "Another claim.",
        "itemReviewed": {"appearance": [{"url": "javascript:alert(1)"}]},
    }
    err = StringIO()
    with pytest.raises(CommandError, match="2 review"):
        (tmp_path / "links.json").write_text(
            json.dumps([script_url, script_appearance, POLITIFACT])
        )
        call_command("import_claimreview", str(tmp_path / "links.json"), stdout=err, stderr=err)
    assert '"url" must be an http:// or https:// URL' in err.getvalue()
    assert '"itemReviewed.appearance" must be an http:// or https:// URL' in err.getvalue()
    assert not Review.objects.exists()  # the document is imported whole or not at all


def test_deep_claimreview_document_is_refused(tmp_path: Path) -> None:
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_claimreview", str(tmp_path / "deep.json"), stdout=err, stderr=err)
    assert "JSON nested more than 64 levels deep" in err.getvalue()


def test_own_feed_round_trips(
    tmp_path: Path, api_client: APIClient, make_published: Callable[[int], None]
) -> None:
    make_published(3)
    exported = feed(api_client)
    originals = {
        c.text: (c.claimant and c.claimant.name, c.rating and c.rating.slug)
        for c in Claim.objects.select_related("claimant", "rating")
    }
    Claim.objects.all().delete()

    run_import(tmp_path, exported)

    imported = {
        c.text: (c.claimant and c.claimant.name, c.rating and c.rating.slug)
        for c in Claim.objects.select_related("claimant", "rating")
    }
    assert imported == originals
    again = feed(api_client)
    strip = lambda e: {k: e[k] for k in ("claimReviewed", "name", "reviewRating", "datePublished")}  # noqa: E731
    assert sorted(map(str, map(strip, again["dataFeedElement"]))) == sorted(
        map(str, map(strip, exported["dataFeedElement"]))
    )


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/api/v1/claims/", {"q": "drones\x00"}),
        ("/api/v1/claims:search", {"query": "drones\x00"}),
        ("/api/v1/claims:search", {"query": "drones", "languageCode": "e\x00n"}),
        ("/api/v1/claims:search", {"query": "drones", "reviewPublisherSiteFilter": "\x00"}),
    ],
)
def test_search_parameters_no_database_can_store_are_400(
    api_client: APIClient, url: str, params: dict[str, str]
) -> None:
    assert api_client.get(url, params).status_code == 400


def test_overlong_search_queries_are_400(api_client: APIClient) -> None:
    long_query = "word " * 100
    assert api_client.get("/api/v1/claims/", {"q": long_query}).status_code == 400
    response = api_client.get("/api/v1/claims:search", {"query": long_query})
    assert response.status_code == 400
    assert response.json()["error"]["status"] == "INVALID_ARGUMENT"
