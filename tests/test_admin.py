from collections.abc import Callable

import pytest
from django.test import Client

from sources.models import Article
from tests.conftest import queries_for_get

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "/admin/sources/outlet/",
    "/admin/sources/article/",
    "/admin/sources/importrun/",
    "/admin/sources/importjob/",
    "/admin/sources/feed/",
    "/admin/claims/speaker/",
    "/admin/claims/quote/",
    # The queue opens on open work; the published view is where make_published's rows are.
    "/admin/claims/claim/?work=published",
    "/admin/claims/review/",
    "/admin/claims/auditevent/",
    "/admin/claims/ratingscale/",
]


@pytest.mark.parametrize("url", CHANGELISTS)
def test_changelist_query_count_is_constant(
    reviewer_client: Client, url: str, make_published: Callable[[int], None]
) -> None:
    make_published(2)
    few = queries_for_get(reviewer_client, url)
    make_published(15)
    assert queries_for_get(reviewer_client, url) == few


def test_claim_changelist_count_is_taken_on_a_page_of_rows(
    reviewer_client: Client, make_published: Callable[[int], None]
) -> None:
    make_published(17)

    html = reviewer_client.get("/admin/claims/claim/?work=published").content.decode()

    assert html.count('<th class="field-claim_text">') == 17


def test_article_page_highlights_every_quote_with_its_speaker(
    reviewer_client: Client, seed_article: Article
) -> None:
    response = reviewer_client.get(f"/admin/sources/article/{seed_article.pk}/change/")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<mark class="fb-quote') == seed_article.quotes.count()
    assert '<sup class="fb-label">Kim Sung Kyung · Unreviewed</sup>' in html
    assert html.count('<mark class="fb-claim"') == seed_article.appearances.count() >= 6
    assert "Just like in the Cold War" in html


def test_every_change_page_renders(reviewer_client: Client, published_claim: object) -> None:
    from claims.models import Claim, Quote, Review, Speaker

    for url in [
        f"/admin/claims/claim/{Claim.objects.first().pk}/change/",  # type: ignore[union-attr]
        f"/admin/claims/quote/{Quote.objects.first().pk}/change/",  # type: ignore[union-attr]
        f"/admin/claims/speaker/{Speaker.objects.first().pk}/change/",  # type: ignore[union-attr]
        f"/admin/claims/review/{Review.objects.first().pk}/change/",  # type: ignore[union-attr]
        "/admin/",
    ]:
        assert reviewer_client.get(url).status_code == 200, url


def test_speaker_autocomplete_finds_by_name(reviewer_client: Client, seed_article: Article) -> None:
    response = reviewer_client.get(
        "/admin/autocomplete/",
        {"term": "pinks", "app_label": "claims", "model_name": "quote", "field_name": "speaker"},
    )
    assert [r["text"] for r in response.json()["results"]] == ["Daniel Pinkston"]


def test_bulk_confirm_writes_audit_events(reviewer_client: Client, seed_article: Article) -> None:
    from claims.models import AttributionStatus, AuditEvent, Quote

    ids = list(Quote.objects.values_list("pk", flat=True)[:3])
    response = reviewer_client.post(
        "/admin/claims/quote/", {"action": "confirm_attribution", "_selected_action": ids}
    )
    assert response.status_code == 302
    assert Quote.objects.filter(attribution_status=AttributionStatus.CONFIRMED).count() == 3
    events = AuditEvent.objects.filter(action="quote.attribution")
    assert events.count() == 3
    assert {e.to_value for e in events} == {"confirmed"}
    assert all(e.actor is not None for e in events)


def test_reassigning_the_speaker_marks_the_quote_misattributed(
    reviewer_client: Client, seed_article: Article
) -> None:
    from claims.models import AuditEvent, Quote, Speaker

    quote = Quote.objects.get(text__startswith="Just like in the Cold War")
    pinkston = Speaker.objects.get(name="Daniel Pinkston")

    response = reviewer_client.post(
        f"/admin/claims/quote/{quote.pk}/change/", {"speaker": pinkston.pk, "kind": "direct"}
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    quote.refresh_from_db()
    assert quote.speaker == pinkston and quote.attribution_status == "misattributed"
    assert AuditEvent.objects.for_object(quote).filter(action="quote.speaker").exists()
