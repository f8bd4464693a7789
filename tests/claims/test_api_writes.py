"""Writes through the API: token-authenticated reviewers only, same model methods."""

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from claims.models import AttributionStatus, AuditEvent, Claim, ClaimState, Quote, Speaker
from sources.models import Article
from tests.conftest import token_client

pytestmark = pytest.mark.django_db


RATE = {
    "rating": "false",
    "summary": "No such visit.",
    "explanation": "Neither agency reported it.",
    "evidence": [{"url": "https://example.org/a", "title": "Agency archive", "stance": "refutes"}],
}


def test_workflow_through_the_api(
    claim: Claim,
    reviewer_api_client: APIClient,
    reviewer: User,
    editor_api_client: APIClient,
    editor: User,
) -> None:
    base = f"/api/v1/claims/{claim.pk}"

    assert reviewer_api_client.post(f"{base}/start-review/", {}, format="json").status_code == 200
    rated = reviewer_api_client.post(f"{base}/rate/", RATE, format="json")
    assert rated.status_code == 200, rated.content
    assert rated.json()["state"] == "rated"
    assert reviewer_api_client.post(f"{base}/publish/", {}, format="json").status_code == 403
    refused = editor_api_client.post(f"{base}/publish/", {}, format="json")
    assert refused.status_code == 409 and "no claimant" in refused.json()["detail"]
    published = editor_api_client.post(
        f"{base}/publish/",
        {"note": "second pair of eyes", "no_claimant_reason": "unattributed"},
        format="json",
    )
    assert published.json()["state"] == "published"
    assert published.json()["reviews"][0]["no_claimant_reason"] == "unattributed"
    document = editor_api_client.get(f"{base}/claimreview/").json()
    assert "author" not in document["itemReviewed"]  # no claimant is invented
    actors = [
        e.actor
        for e in AuditEvent.objects.for_object(claim).filter(action="claim.state").order_by("id")
    ]
    assert actors == [reviewer, reviewer, editor]


def test_a_correction_through_the_api_is_published_by_a_second_editor(
    published_claim: Claim, editor_api_client: APIClient, second_editor: User
) -> None:
    base = f"/api/v1/claims/{published_claim.pk}"
    speaker = Speaker.objects.get(name="Kim Sung Kyung")
    corrected = editor_api_client.post(
        f"{base}/correct/",
        {**RATE, "note": "Wrong speaker.", "text": "A delegation went.", "claimant": speaker.pk},
        format="json",
    )
    assert corrected.status_code == 200, corrected.content
    assert corrected.json()["state"] == "correcting"
    assert corrected.json()["text"] == published_claim.text  # not public yet

    own = editor_api_client.post(f"{base}/publish-correction/", {}, format="json")
    assert own.status_code == 409
    assert "someone other than whoever wrote it" in own.json()["detail"]
    published = token_client(second_editor).post(f"{base}/publish-correction/", {}, format="json")
    assert published.status_code == 200
    assert (published.json()["state"], published.json()["text"]) == (
        "corrected",
        "A delegation went.",
    )
    assert Claim.objects.get(pk=published_claim.pk).claimant == speaker


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_the_api_refuses_direct_edits_of_a_claim(
    published_claim: Claim, editor_api_client: APIClient, method: str
) -> None:
    url = f"/api/v1/claims/{published_claim.pk}/"
    response = getattr(editor_api_client, method)(url, {"text": "Reworded."}, format="json")
    assert response.status_code == 405
    assert Claim.objects.get(pk=published_claim.pk).text == published_claim.text


def test_illegal_transition_is_a_conflict(claim: Claim, editor_api_client: APIClient) -> None:
    response = editor_api_client.post(f"/api/v1/claims/{claim.pk}/publish/", {}, format="json")
    assert response.status_code == 409
    assert "cannot become published" in response.json()["detail"]


def test_stale_version_is_a_conflict(claim: Claim, reviewer_api_client: APIClient) -> None:
    response = reviewer_api_client.post(
        f"/api/v1/claims/{claim.pk}/start-review/", {"version": claim.version - 1}, format="json"
    )
    assert response.status_code == 409
    assert Claim.objects.get(pk=claim.pk).state == ClaimState.NEW


@pytest.mark.parametrize(
    "payload",
    [
        {**RATE, "evidence": []},
        {**RATE, "rating": "not-a-label"},
        {**RATE, "evidence": [{"url": "javascript:alert(1)", "title": "x", "stance": "refutes"}]},
        {**RATE, "evidence": [{"url": "ftp://example.org/a", "title": "x", "stance": "refutes"}]},
        {**RATE, "summary": "x" * 501},
        {"rating": ["false"], "summary": {"a": 1}},
        {**RATE, "rating": "fal\x00se"},  # NUL: no database stores it
    ],
)
def test_hostile_rating_payloads_are_400(
    claim: Claim, reviewer_api_client: APIClient, reviewer: User, payload: dict[str, object]
) -> None:
    claim.start_review(by=reviewer)
    response = reviewer_api_client.post(f"/api/v1/claims/{claim.pk}/rate/", payload, format="json")
    assert response.status_code == 400
    assert Claim.objects.get(pk=claim.pk).state == ClaimState.IN_REVIEW


@pytest.mark.parametrize(
    "body", [b'{"rating": "\\ud875x", "summary": "S"}', b'{"\\udc00": 1, "summary": "S"}']
)
def test_lone_surrogates_in_a_json_body_are_400(
    claim: Claim, reviewer_api_client: APIClient, reviewer: User, body: bytes
) -> None:
    claim.start_review(by=reviewer)
    url = f"/api/v1/claims/{claim.pk}/rate/"
    response = reviewer_api_client.post(url, data=body, content_type="application/json")
    assert response.status_code == 400
    assert b"surrogate" in response.content
    assert Claim.objects.get(pk=claim.pk).state == ClaimState.IN_REVIEW


def test_anonymous_cannot_write_anything(api_client: APIClient, claim: Claim, quote: Quote) -> None:
    for url in (
        f"/api/v1/claims/{claim.pk}/start-review/",
        f"/api/v1/quotes/{quote.pk}/attribution/",
        "/api/v1/articles/",
    ):
        assert api_client.post(url, {}, format="json").status_code in (401, 403)
    assert Claim.objects.get(pk=claim.pk).state == ClaimState.NEW


def test_attribution_review_through_the_api(quote: Quote, reviewer_api_client: APIClient) -> None:
    pinkston = Speaker.objects.get(name="Daniel Pinkston")
    url = f"/api/v1/quotes/{quote.pk}/attribution/"
    assert (
        reviewer_api_client.post(url, {"status": "misattributed"}, format="json").status_code == 400
    )
    response = reviewer_api_client.post(
        url, {"status": "misattributed", "speaker": pinkston.pk}, format="json"
    )
    assert response.status_code == 200
    quote.refresh_from_db()
    assert (quote.attribution_status, quote.speaker) == (AttributionStatus.MISATTRIBUTED, pinkston)


def test_article_submission_uses_the_import_workflow(reviewer_api_client: APIClient) -> None:
    article = {
        "title": "Ports reopen",
        "url": "https://news.example.org/ports",
        "body": "“We are relieved,” said Ana Ruiz, a trade official.\n\nShips moved on Monday.",
        "tags": ["trade"],
        "published_at": "2024-05-02",
    }
    created = reviewer_api_client.post("/api/v1/articles/", article, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["outcome"] == "created" and body["quotes_added"] == 1
    assert body["article"]["quotes"][0]["speaker"] == "Ana Ruiz"
    again = reviewer_api_client.post("/api/v1/articles/", article, format="json")
    assert (again.status_code, again.json()["outcome"]) == (200, "unchanged")
    assert Article.objects.count() == 1


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        ({"title": "No text"}, "body"),
        ({"title": "T", "body": "B", "published_at": "soon"}, "not an ISO 8601 date"),
        ({"title": "", "body": "Only a body"}, "no headline"),
        ({"title": "T", "body": "B", "url": "not a url"}, "valid URL"),
    ],
)
def test_bad_article_submissions_are_400(
    reviewer_api_client: APIClient, payload: dict[str, object], fragment: str
) -> None:
    response = reviewer_api_client.post("/api/v1/articles/", payload, format="json")
    assert response.status_code == 400
    assert fragment in response.content.decode()
    assert not Article.objects.exists()


def test_oversized_article_submission_is_refused(
    reviewer_api_client: APIClient, settings: object
) -> None:
    settings.FACTBASE_MAX_ARTICLE_CHARS = 1000  # type: ignore[attr-defined]
    response = reviewer_api_client.post(
        "/api/v1/articles/", {"title": "Long", "body": "word " * 400}, format="json"
    )
    assert response.status_code == 400
    assert "the limit is 1,000" in response.json()["detail"]
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("body", "status_code", "fragment"),
    [
        (b'{"title": ' + b"[" * 5000 + b"]" * 5000 + b"}", 400, b"nested more than 64 levels"),
        (b'{"title": "T", "body": "' + b"w " * 1_500_000 + b'"}', 413, b"larger than"),
        (b'{"title": "T", "body": ', 400, b"JSON parse error"),
        (b'{"title": "\\ud800", "body": "x\\u0000y"}', 400, b"surrogate"),
        (b'{"title": "T", "body": "x\\u0000y"}', 400, b"Null characters"),
    ],
)
def test_hostile_request_bodies_get_4xx(
    reviewer_api_client: APIClient, body: bytes, status_code: int, fragment: bytes
) -> None:
    response = reviewer_api_client.post(
        "/api/v1/articles/", data=body, content_type="application/json"
    )
    assert response.status_code == status_code
    assert fragment in response.content
    assert not Article.objects.exists()
