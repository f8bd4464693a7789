"""The public site: verdict, home and speaker pages, feeds, sitemap and robots.txt, as
an anonymous visitor and a search engine see them."""

import json
import re
from typing import Any
from xml.etree import ElementTree

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client
from django.utils.http import http_date
from rest_framework.test import APIClient

from claims.links import slug_of
from claims.models import (
    AttributionStatus,
    Claim,
    EvidenceLink,
    NoClaimant,
    NoClaimantReason,
    RatingLabel,
    Speaker,
    Wording,
)
from sources.models import Article
from tests.conftest import queries_for_get

SITE = "https://checks.example.org/fb"


def page_of(claim: Claim) -> str:
    return f"/fact-checks/{claim.pk}-{slug_of(claim.text)}/"


def embedded_claimreview(html: str) -> Any:
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(found) == 1
    return json.loads(found[0])


def correct(claim: Claim, editor: User, publisher: User) -> None:
    """`editor` corrects the verdict and `publisher` publishes the correction."""
    claim.correct(
        by=editor,
        rating=RatingLabel.objects.get(slug="mostly-true"),
        summary="The visit happened, but in early May.",
        explanation="The agencies dated it 2 May.",
        evidence=[EvidenceLink("https://example.org/irna", "IRNA report", "refutes")],
        note="Date of the visit corrected.",
    )
    claim.publish_correction(by=publisher)


@pytest.fixture
def anonymous() -> Client:
    return Client()


@pytest.fixture
def claim(claim: Claim, reviewer: User) -> Claim:
    """The claim (published by `published_claim`), said by a speaker of the sample article."""
    speaker = Speaker.objects.get(name="Kim Sung Kyung")
    claim.edit(by=reviewer, text=claim.text, claimant=speaker, assignee=None)
    return claim


def test_verdict_page_shows_the_verdict_and_where_the_claim_was_made(
    anonymous: Client, published_claim: Claim
) -> None:
    response = anonymous.get(page_of(published_claim))
    assert response.status_code == 200
    html = response.content.decode()
    article = published_claim.appearances.get().article
    for text in [
        "The delegation visited Tehran in late April.",
        "Both governments&#x27; news agencies reported the visit.",
        'href="https://example.org/kcna"',
        "KCNA report",
        "supports",
        RatingLabel.objects.get(slug="true").name,
        article.title,
        f'<link rel="canonical" href="http://localhost:8000{page_of(published_claim)}">',
    ]:
        assert text in html, text
    # The sentence the claim was made in, and no other sentence of the article.
    appearance = published_claim.appearances.get()
    assert article.body[appearance.start : appearance.end] in html
    assert "Leave a Reply" not in html
    for paragraph in article.body.split("\n"):
        if paragraph.strip() and published_claim.text not in paragraph:
            assert paragraph.strip() not in html


def test_verdict_page_embeds_the_api_claimreview(
    anonymous: Client, api_client: APIClient, published_claim: Claim
) -> None:
    html = anonymous.get(page_of(published_claim)).content.decode()
    api = api_client.get(f"/api/v1/claims/{published_claim.pk}/claimreview/").json()
    assert embedded_claimreview(html) == api
    assert api["url"] == f"http://localhost:8000{page_of(published_claim)}"


def test_claimreview_in_a_page_cannot_close_its_script_element(
    anonymous: Client, published_claim: Claim, editor: User, second_editor: User
) -> None:
    published_claim.correct(
        by=editor,
        rating=RatingLabel.objects.get(slug="false"),
        summary="</script><script>alert(1)</script>",
        explanation="x",
        evidence=[EvidenceLink("https://example.org/a", "A", "refutes")],
        note="n",
    )
    published_claim.publish_correction(by=second_editor)
    html = anonymous.get(page_of(published_claim)).content.decode()
    assert "<script>alert(1)" not in html
    assert embedded_claimreview(html)["name"] == "</script><script>alert(1)</script>"


def test_an_outdated_slug_redirects_to_the_current_one(
    anonymous: Client, published_claim: Claim
) -> None:
    for old in [
        f"/fact-checks/{published_claim.pk}-old-words/",
        f"/fact-checks/{published_claim.pk}/",
    ]:
        response = anonymous.get(old)
        assert response.status_code == 301
        assert response["Location"] == page_of(published_claim)


def test_nothing_unpublished_appears_on_any_page_feed_or_sitemap(
    anonymous: Client, published_claim: Claim, seed_article: Article, reviewer: User
) -> None:
    rated = Claim.objects.exclude(pk=published_claim.pk).filter(claimant__isnull=False).first()
    assert rated is not None
    rated.start_review(by=reviewer)
    rated.rate(
        by=reviewer,
        rating=RatingLabel.objects.get(slug="false"),
        summary="A draft verdict nobody published.",
        explanation="Draft.",
        evidence=[EvidenceLink("https://example.org/draft", "Draft", "refutes")],
    )
    quote = seed_article.quotes.exclude(speaker=None).exclude(speaker=published_claim.claimant)
    rejected = quote.first()
    assert rejected is not None
    rejected.set_attribution(AttributionStatus.REJECTED, by=reviewer)
    assert anonymous.get(page_of(rated)).status_code == 404
    assert anonymous.get(f"/fact-checks/{rated.pk}/").status_code == 404
    pages = ["/", "/feeds/verdicts.atom", "/feeds/verdicts.rss", "/sitemap-verdicts.xml"]
    pages += ["/sitemap-speakers.xml", page_of(published_claim)]
    unpublished = Claim.objects.exclude(pk=published_claim.pk)
    draft_quotes = seed_article.quotes.exclude(attribution_status__in=["confirmed"])
    for url in pages:
        content = anonymous.get(url).content.decode()
        if "speakers" not in url:
            assert f"/fact-checks/{published_claim.pk}-" in content, url
        assert "A draft verdict nobody published." not in content
        assert f"/fact-checks/{rated.pk}-" not in content
        for claim in unpublished:
            assert claim.text not in content, (url, claim.text)
        for draft in draft_quotes:
            if draft.text not in published_claim.text:
                assert draft.text not in content, (url, draft.text)
    speakers = anonymous.get("/sitemap-speakers.xml").content.decode()
    assert f"/speakers/{published_claim.claimant_id}-" in speakers
    assert f"/speakers/{rejected.speaker_id}-" not in speakers
    assert anonymous.get(f"/speakers/{rejected.speaker_id}/").status_code == 404


def test_reviewer_names_appear_only_when_the_organisation_opts_in(
    anonymous: Client, published_claim: Claim, settings: Any
) -> None:
    assert "rita" not in anonymous.get(page_of(published_claim)).content.decode()
    settings.FACTBASE_PUBLIC_REVIEWER_NAMES = True
    assert "reviewed by rita" in anonymous.get(page_of(published_claim)).content.decode()


def test_a_correction_shows_in_the_corrections_log_with_its_date(
    anonymous: Client, published_claim: Claim, editor: User, second_editor: User
) -> None:
    first_published = published_claim.published_at
    correct(published_claim, editor, second_editor)
    html = anonymous.get(page_of(published_claim)).content.decode()
    corrections = html[html.index("Corrections") :]
    assert "Date of the visit corrected." in corrections
    assert "The delegation visited Tehran in late April." in corrections
    assert f'datetime="{first_published.isoformat()}"' in corrections  # type: ignore[union-attr]
    assert embedded_claimreview(html)["reviewRating"]["alternateName"] == "Mostly true"


def test_conditional_get_answers_304_until_the_verdict_changes(
    anonymous: Client, published_claim: Claim, editor: User, second_editor: User
) -> None:
    url = page_of(published_claim)
    first = anonymous.get(url)
    assert "public" in first["Cache-Control"] and "max-age=300" in first["Cache-Control"]
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert last_modified == http_date(published_claim.updated_at.timestamp())
    assert anonymous.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert anonymous.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    correct(published_claim, editor, second_editor)
    again = anonymous.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200
    assert again["ETag"] != etag


def test_a_retracted_verdict_has_no_page(
    anonymous: Client, published_claim: Claim, editor: User
) -> None:
    published_claim.retract(by=editor, note="Wrong claim.")
    assert anonymous.get(page_of(published_claim)).status_code == 404
    assert published_claim.text not in anonymous.get("/").content.decode()


def test_home_lists_latest_verdicts_with_search_and_filters(
    anonymous: Client, make_published: Any
) -> None:
    make_published(3)
    html = anonymous.get("/").content.decode()
    assert all(f"Exports rose {i} percent in 2023" in html for i in range(3))
    assert html.index("rose 2 percent") < html.index("rose 0 percent")  # newest first
    found = anonymous.get("/", {"q": "rose 1 percent"}).content.decode()
    assert "rose 1 percent" in found and "rose 0 percent" not in found
    assert "rose 0" not in anonymous.get("/", {"rating": "false"}).content.decode()
    assert "rose 0" in anonymous.get("/", {"rating": "true"}).content.decode()
    speaker = Claim.objects.get(text__contains="rose 2 percent").claimant
    by_speaker = anonymous.get("/", {"speaker": speaker.pk}).content.decode()  # type: ignore[union-attr]
    assert "rose 2 percent" in by_speaker and "rose 1 percent" not in by_speaker
    assert anonymous.get("/", {"q": "x" * 301}).status_code == 400


@pytest.mark.parametrize(
    "params",
    [
        {"q": "a\x00b"},
        {"rating": "no-such\x00"},
        {"speaker": "9" * 30},
        {"speaker": "²"},
        {"page": "²"},
        {"page": "9" * 30},
    ],
)
def test_home_refuses_or_ignores_bad_parameters_without_an_error(
    anonymous: Client, make_published: Any, params: dict[str, str]
) -> None:
    make_published(1)
    assert anonymous.get("/", params).status_code in (200, 400)


def test_home_and_verdict_pages_run_a_constant_number_of_queries(
    anonymous: Client, make_published: Any
) -> None:
    make_published(2)
    home_few = queries_for_get(anonymous, "/")
    claim = Claim.objects.published().first()
    assert claim is not None
    verdict = queries_for_get(anonymous, page_of(claim))
    make_published(8)
    assert queries_for_get(anonymous, "/") == home_few == 2
    assert queries_for_get(anonymous, page_of(claim)) == verdict == 5


def test_speaker_page_shows_the_scorecard_with_its_caveat(
    anonymous: Client, published_claim: Claim
) -> None:
    speaker = published_claim.claimant
    assert speaker is not None
    response = anonymous.get(f"/speakers/{speaker.pk}-{slug_of(speaker.name)}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "this is not a measure of honesty" in html
    assert "1 published verdict," in html
    assert published_claim.text in html


def test_feeds_list_published_and_corrected_verdicts_at_site_urls(
    anonymous: Client, published_claim: Claim, editor: User, second_editor: User, settings: Any
) -> None:
    settings.FACTBASE_SITE_URL = SITE
    correct(published_claim, editor, second_editor)
    atom = ElementTree.fromstring(anonymous.get("/feeds/verdicts.atom").content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = atom.findall("a:entry", ns)
    assert len(entries) == 1
    link = entries[0].find("a:link", ns)
    assert link is not None
    assert link.get("href") == f"{SITE}{page_of(published_claim)}"
    assert "(corrected)" in (entries[0].findtext("a:title", namespaces=ns) or "")
    rss = ElementTree.fromstring(anonymous.get("/feeds/verdicts.rss").content)
    assert rss.findtext("channel/item/link") == f"{SITE}{page_of(published_claim)}"


def test_absolute_urls_follow_the_site_url(
    anonymous: Client, api_client: APIClient, published_claim: Claim, settings: Any
) -> None:
    settings.FACTBASE_SITE_URL = SITE + "/"
    page = f"{SITE}{page_of(published_claim)}"
    review = api_client.get(f"/api/v1/claims/{published_claim.pk}/claimreview/").json()
    assert review["url"] == page
    search = api_client.get("/api/v1/claims:search", {"query": "Tehran"}).json()
    assert search["claims"][0]["claimReview"][0]["url"] == page
    feed = b"".join(api_client.get("/api/v1/claimreview/feed/").streaming_content)  # type: ignore[attr-defined]
    assert json.loads(feed)["dataFeedElement"][0]["url"] == page
    html = anonymous.get(page_of(published_claim)).content.decode()
    assert f'<link rel="canonical" href="{page}">' in html
    robots = anonymous.get("/robots.txt").content.decode()
    assert f"Sitemap: {SITE}/sitemap.xml" in robots and "Disallow: /admin/" in robots
    index = anonymous.get("/sitemap.xml").content.decode()
    assert f"<loc>{SITE}/sitemap-verdicts.xml</loc>" in index
    assert f"<loc>{SITE}/sitemap-speakers.xml</loc>" in index
    verdicts = anonymous.get("/sitemap-verdicts.xml").content.decode()
    assert f"<loc>{page}</loc>" in verdicts


def test_a_verdicts_own_url_is_its_canonical_page(
    anonymous: Client, published_claim: Claim
) -> None:
    own = "https://factcheck.example.org/2024/tehran-visit"
    published_claim.reviews.update(url=own)
    html = anonymous.get(page_of(published_claim)).content.decode()
    assert f'<link rel="canonical" href="{own}">' in html
    assert embedded_claimreview(html)["url"] == own
    atom = anonymous.get("/feeds/verdicts.atom").content.decode()
    assert f'href="{own}"' in atom


@pytest.mark.parametrize(
    ("debug", "site", "fails"),
    [
        (False, "http://localhost:8000/", True),
        (False, "https://127.0.0.1/", True),
        (False, "", True),
        (False, "https://checks.example.org", False),
        (True, "http://localhost:8000/", False),
        (True, "checks.example.org", True),
    ],
)
def test_system_check_refuses_a_local_or_missing_site_url_in_production(
    settings: Any, debug: bool, site: str, fails: bool
) -> None:
    settings.DEBUG = debug
    settings.FACTBASE_SITE_URL = site
    if fails:
        with pytest.raises(SystemCheckError, match=r"factbase\.E005"):
            call_command("check")
    else:
        call_command("check")


def test_admin_view_site_opens_the_home_page_and_a_published_claim_its_page(
    editor_client: Client, anonymous: Client, published_claim: Claim, claim: Claim
) -> None:
    index = editor_client.get("/admin/").content.decode()
    assert '<a href="/">View site</a>' in index
    assert anonymous.get("/").status_code == 200
    change = editor_client.get(f"/admin/claims/claim/{published_claim.pk}/change/")
    html = change.content.decode()
    link = html[html.index("View on site") - 200 : html.index("View on site")]
    assert f'href="{page_of(published_claim)}"' in link
    other = Claim.objects.exclude(pk=published_claim.pk).first()
    assert other is not None
    assert (
        "View on site"
        not in editor_client.get(f"/admin/claims/claim/{other.pk}/change/").content.decode()
    )


def test_api_page_links_follow_the_site_url(
    api_client: APIClient, make_published: Any, settings: Any
) -> None:
    settings.FACTBASE_SITE_URL = SITE
    make_published(2)
    first = api_client.get("/api/v1/claims/", {"page_size": 1}).json()
    assert first["next"].startswith(f"{SITE}/api/v1/claims/?")
    second = api_client.get(first["next"].removeprefix(SITE)).json()
    assert second["previous"].startswith(f"{SITE}/api/v1/claims/?")


def test_a_verdict_without_claimant_says_why_and_invents_no_author(
    anonymous: Client, published_claim: Claim, editor: User, second_editor: User
) -> None:
    published_claim.correct(
        by=editor,
        rating=RatingLabel.objects.get(slug="true"),
        summary="The delegation visited Tehran in late April.",
        explanation="The article reports the visit in its own voice.",
        evidence=[EvidenceLink("https://example.org/kcna", "KCNA report", "supports")],
        note="No one in the article says it.",
        wording=Wording(published_claim.text, None),
        no_claimant=NoClaimant(NoClaimantReason.INSTITUTIONAL),
    )
    published_claim.publish_correction(by=second_editor)

    html = anonymous.get(page_of(published_claim)).content.decode()
    assert "No claimant named: Institutional statement, no person named." in html
    assert "Said by" not in html
    assert "author" not in embedded_claimreview(html)["itemReviewed"]
