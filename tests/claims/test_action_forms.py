"""Every refusal on a workflow action page is shown beside its field and listed at the
top, and nothing is saved; the publish and correct pages start from the verdict."""

import re
from html import unescape

import pytest
from django.contrib.auth.models import User
from django.test import Client

from claims.models import (
    AuditEvent,
    Claim,
    ClaimAppearance,
    ClaimState,
    EvidenceLink,
    RatingLabel,
    Speaker,
)
from sources.models import Article
from tests.claims.test_review_desk import NO_CLAIMANT, action, correct_payload, rate_payload
from tests.conftest import browser_client, queries_for_get

pytestmark = pytest.mark.django_db


def error_summary(html: str) -> list[str]:
    """The lines of the error list at the top of an action page."""
    found = re.search(r'<div class="errornote" id="fb-error-summary".*?</div>', html, re.S)
    assert found, "no error summary on the page"
    return [unescape(line) for line in re.findall(r"<li>(.*?)</li>", found.group(0))]


def field_errors(html: str) -> list[str]:
    """The errors shown beside fields (Django's errorlist under each field)."""
    lists = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S)
    return [unescape(item) for block in lists for item in re.findall(r"<li>(.*?)</li>", block)]


@pytest.fixture
def in_review(claim: Claim, reviewer: User) -> Claim:
    claim.start_review(by=reviewer)
    return claim


@pytest.mark.parametrize(
    ("overrides", "summary_line", "beside_field"),
    [
        ({"rating": ""}, "Rating: Choose a rating from the scale.", None),
        ({"summary": ""}, "Summary: Write a one-sentence summary of the verdict.", None),
        ({"explanation": ""}, "Explanation: Explain the verdict: what the evidence shows.", None),
        (
            {"evidence-0-stance": ""},
            "Evidence row 1, Stance: Say whether the link supports, refutes or gives context.",
            None,
        ),
        ({"evidence-0-title": ""}, "Evidence row 1, Title: Give the linked page's title.", None),
        ({"evidence-0-url": "not a link"}, "Evidence row 1, URL: Enter a valid URL.", None),
        (
            {"evidence-0-url": "", "evidence-0-title": "", "evidence-0-stance": ""},
            "A verdict needs at least one evidence link: fill in a row below with its URL, "
            "title and stance.",
            "A verdict needs at least one evidence link",
        ),
        (
            {"evidence-1-url": "https://example.org/second", "evidence-1-stance": "context"},
            "Evidence row 2, Title: Give the linked page's title.",
            None,
        ),
    ],
)
def test_rate_form_shows_each_error_beside_its_field_and_at_the_top(
    in_review: Claim,
    reviewer_client: Client,
    overrides: dict[str, str],
    summary_line: str,
    beside_field: str | None,
) -> None:
    html = action(reviewer_client, in_review, "rate", **rate_payload(**overrides))

    assert error_summary(html) == [summary_line]
    message = beside_field or summary_line.split(": ", 1)[1]
    assert any(message in error for error in field_errors(html))
    assert "Please submit at least" not in html
    # Nothing saved, and what was typed is still there.
    assert Claim.objects.get(pk=in_review.pk).state == ClaimState.IN_REVIEW
    assert "Both state agencies reported a delegation" in html or overrides.get("explanation") == ""


def test_rate_form_lists_several_errors_at_once(in_review: Claim, reviewer_client: Client) -> None:
    html = action(
        reviewer_client, in_review, "rate", **rate_payload(summary="", **{"evidence-0-stance": ""})
    )
    assert "correct the 2 errors below" in html
    assert error_summary(html) == [
        "Summary: Write a one-sentence summary of the verdict.",
        "Evidence row 1, Stance: Say whether the link supports, refutes or gives context.",
    ]


def test_rate_form_shows_the_rating_definitions(in_review: Claim, reviewer_client: Client) -> None:
    html = reviewer_client.get(f"/admin/claims/claim/{in_review.pk}/action/rate/").content.decode()
    for label in RatingLabel.objects.filter(scale__is_default=True).exclude(description=""):
        assert f"<dt>{label.name}</dt><dd>{label.description}</dd>" in unescape(html)


def test_start_review_on_a_stale_version_says_so(claim: Claim, reviewer_client: Client) -> None:
    url = f"/admin/claims/claim/{claim.pk}/action/start_review/"
    page = reviewer_client.get(url).content.decode()
    seen = re.search(r'name="version" value="(\d+)"', page)
    assert seen
    claim.edit(by=None, text=claim.text + " Reworded.", claimant=claim.claimant, assignee=None)
    html = reviewer_client.post(url, {"version": seen.group(1)}).content.decode()
    assert error_summary(html)[0].startswith("Someone else saved this claim after you opened it.")
    assert Claim.objects.get(pk=claim.pk).state == ClaimState.NEW


def test_publish_by_the_rater_is_refused_at_the_top(in_review: Claim, editor: User) -> None:
    as_editor = browser_client(editor)
    action(as_editor, in_review, "rate", **rate_payload())
    html = action(as_editor, in_review, "publish", **NO_CLAIMANT)
    assert error_summary(html) == [
        "The verdict must be published by someone other than its reviewer."
    ]


def test_publish_page_shows_the_whole_verdict(
    in_review: Claim, reviewer: User, editor: User
) -> None:
    action(browser_client(reviewer), in_review, "rate", **rate_payload())
    html = unescape(
        browser_client(editor)
        .get(f"/admin/claims/claim/{in_review.pk}/action/publish/")
        .content.decode()
    )
    verdict = html[html.index('id="fb-verdict-to-publish"') :]
    mostly_true = RatingLabel.objects.get(slug="mostly-true")
    for shown in (
        "Mostly true",
        mostly_true.description,
        "The visit happened; its length is disputed.",
        "Both state agencies reported a delegation in late April.",
        "Official report",
        "https://example.org/report",
    ):
        assert shown in verdict


@pytest.mark.parametrize(
    ("verb", "message"),
    [("correct", "Note: Say what changed and why."), ("retract", "Note: Say why.")],
)
def test_correct_and_retract_need_a_note(
    published_claim: Claim, editor_client: Client, verb: str, message: str
) -> None:
    extra = correct_payload(published_claim) if verb == "correct" else {}
    html = action(editor_client, published_claim, verb, **{**extra, "note": ""})
    assert error_summary(html) == [message]
    assert Claim.objects.get(pk=published_claim.pk).state == ClaimState.PUBLISHED


def test_correct_page_starts_from_the_published_verdict(
    published_claim: Claim, editor_client: Client
) -> None:
    html = editor_client.get(
        f"/admin/claims/claim/{published_claim.pk}/action/correct/"
    ).content.decode()
    true = RatingLabel.objects.get(slug="true")
    assert re.search(rf'<option value="{true.pk}" selected>', html)
    assert 'value="The delegation visited Tehran in late April."' in html
    assert "Both governments&#x27; news agencies reported the visit.</textarea>" in html
    assert 'name="evidence-0-url" value="https://example.org/kcna"' in html
    assert 'name="evidence-0-title" value="KCNA report"' in html
    assert 'name="evidence-INITIAL_FORMS" value="0"' in html


def test_claim_page_offers_only_the_actions_the_user_may_take(
    in_review: Claim, reviewer: User, editor: User
) -> None:
    action(browser_client(reviewer), in_review, "rate", **rate_payload())
    url = f"/admin/claims/claim/{in_review.pk}/change/"
    as_reviewer = browser_client(reviewer).get(url).content.decode()
    as_editor = browser_client(editor).get(url).content.decode()
    assert ">Rate</a>" in as_reviewer and ">Publish</a>" not in as_reviewer
    assert ">Rate</a>" in as_editor and ">Publish</a>" in as_editor


def test_claims_in_attributed_quotes_take_the_speaker_as_claimant(seed_article: Article) -> None:
    in_quotes = ClaimAppearance.objects.filter(
        article=seed_article, quote__speaker__isnull=False
    ).select_related("claim", "quote")
    assert in_quotes.exists()
    for appearance in in_quotes:
        assert appearance.quote is not None
        assert appearance.claim.claimant_id == appearance.quote.speaker_id, appearance.claim.text


def test_publish_page_asks_why_a_claim_has_no_claimant(
    in_review: Claim, reviewer: User, editor: User
) -> None:
    action(browser_client(reviewer), in_review, "rate", **rate_payload())
    as_editor = browser_client(editor)
    url = f"/admin/claims/claim/{in_review.pk}/action/publish/"
    Claim.objects.filter(pk=in_review.pk).update(claimant=Speaker.objects.first())
    assert 'name="no_claimant_reason"' not in as_editor.get(url).content.decode()
    Claim.objects.filter(pk=in_review.pk).update(claimant=None)
    assert 'name="no_claimant_reason"' in as_editor.get(url).content.decode()

    html = action(as_editor, in_review, "publish")
    assert error_summary(html) == ["No claimant because: Say why no claimant is named."]
    assert field_errors(html) == ["Say why no claimant is named."]
    html = action(as_editor, in_review, "publish", no_claimant_reason="other")
    assert error_summary(html) == ["In a few words: Say in a few words why no claimant is named."]
    assert Claim.objects.get(pk=in_review.pk).state == ClaimState.RATED

    action(
        as_editor,
        in_review,
        "publish",
        no_claimant_reason="other",
        no_claimant_detail="a leaked memo",
    )
    assert Claim.objects.get(pk=in_review.pk).state == ClaimState.PUBLISHED
    page = unescape(as_editor.get(f"/admin/claims/claim/{in_review.pk}/change/").content.decode())
    assert "No claimant: Other (explained): a leaked memo." in page
    assert "No claimant named: Other (explained): a leaked memo" in page  # the history


def test_no_one_rewords_a_published_claim_outside_a_correction(
    published_claim: Claim, reviewer_client: Client, editor_client: Client
) -> None:
    url = f"/admin/claims/claim/{published_claim.pk}/change/"
    posted = {
        "text": "Reworded on the claim page.",
        "claimant": Speaker.objects.first().pk,  # type: ignore[union-attr]
        "assignee": "",
        "seen_version": published_claim.version,
        "appearances-TOTAL_FORMS": "0",
        "appearances-INITIAL_FORMS": "0",
    }
    for client in (reviewer_client, editor_client):
        page = client.get(url).content.decode()
        assert 'name="text"' not in page and 'name="claimant"' not in page
        posted["seen_version"] = Claim.objects.get(pk=published_claim.pk).version
        assert client.post(url, posted).status_code == 302
    claim = Claim.objects.get(pk=published_claim.pk)
    assert (claim.text, claim.claimant) == (published_claim.text, None)


def test_correct_page_changes_wording_and_claimant_and_the_log_keeps_them(
    published_claim: Claim, editor_client: Client, second_editor: User
) -> None:
    speaker = Speaker.objects.get(name="Kim Sung Kyung")
    html = editor_client.get(
        f"/admin/claims/claim/{published_claim.pk}/action/correct/"
    ).content.decode()
    assert f"{published_claim.text}</textarea>" in unescape(html)  # starts from the claim
    assert '<option value="unattributed" selected>' in html

    payload = correct_payload(published_claim)
    payload.update(text="North Korea sent a delegation to Tehran in May.", claimant=speaker.pk)
    action(editor_client, published_claim, "correct", **payload)
    assert Claim.objects.get(pk=published_claim.pk).text == published_claim.text
    action(browser_client(second_editor), published_claim, "publish_correction")

    claim = Claim.objects.get(pk=published_claim.pk)
    assert (claim.text, claim.claimant) == (payload["text"], speaker)
    page = unescape(editor_client.get(f"/admin/claims/claim/{claim.pk}/change/").content.decode())
    log = page[page.index("Verdicts (corrections log)") :]
    assert f"The claim as corrected: “{payload['text']}”, claimant: Kim Sung Kyung." in log
    assert "Correction: New figures." in log


def test_a_reviewer_sets_and_changes_the_claimant_on_the_claim_page(
    claim: Claim, reviewer: User, reviewer_client: Client
) -> None:
    url = f"/admin/claims/claim/{claim.pk}/change/"
    kim = Speaker.objects.get(name="Kim Sung Kyung")
    other = Speaker.objects.exclude(pk=kim.pk).first()
    assert other is not None
    for speaker in (kim, other):
        posted = {
            "text": claim.text,
            "claimant": speaker.pk,
            "assignee": "",
            "seen_version": Claim.objects.get(pk=claim.pk).version,
            "appearances-TOTAL_FORMS": "0",
            "appearances-INITIAL_FORMS": "0",
        }
        assert reviewer_client.post(url, posted).status_code == 302
        assert Claim.objects.get(pk=claim.pk).claimant == speaker

    events = AuditEvent.objects.for_object(claim).filter(action="claim.claimant").order_by("id")
    assert [(e.actor, e.from_value, e.to_value) for e in events] == [
        (reviewer, "", kim.name),
        (reviewer, kim.name, other.name),
    ]
    page = unescape(reviewer_client.get(url).content.decode())
    assert f"Claimant changed from {kim.name} to {other.name}" in page


def test_correct_and_publish_pages_have_constant_query_counts(
    published_claim: Claim, editor: User, editor_client: Client, second_editor: User
) -> None:
    def correct(links: int) -> None:
        published_claim.correct(
            by=editor,
            rating=RatingLabel.objects.get(slug="mostly-true"),
            summary="Nearly.",
            explanation="The visit lasted eight days.",
            evidence=[
                EvidenceLink(f"https://example.org/{n}", f"Report {n}", "supports")
                for n in range(links)
            ],
            note="Duration fixed.",
        )

    as_second = browser_client(second_editor)
    correct_url = f"/admin/claims/claim/{published_claim.pk}/action/correct/"
    publish_url = f"/admin/claims/claim/{published_claim.pk}/action/publish_correction/"
    editor_client.get(correct_url)  # warm the content-type cache
    correct(1)
    few = [queries_for_get(editor_client, correct_url), queries_for_get(as_second, publish_url)]
    correct(5)
    many = [queries_for_get(editor_client, correct_url), queries_for_get(as_second, publish_url)]
    assert many == few


def test_whoever_wrote_what_waits_to_be_published_gets_no_button_to_publish_it(
    in_review: Claim, editor: User, editor_client: Client, second_editor: User
) -> None:
    def buttons(client: Client) -> set[str]:
        page = client.get(f"/admin/claims/claim/{in_review.pk}/change/").content.decode()
        return set(re.findall(rf"/admin/claims/claim/{in_review.pk}/action/(\w+)/", page))

    as_second = browser_client(second_editor)
    action(editor_client, in_review, "rate", **rate_payload())
    assert "publish" not in buttons(editor_client)
    assert "publish" in buttons(as_second)

    action(as_second, in_review, "publish", **NO_CLAIMANT)
    action(editor_client, in_review, "correct", **correct_payload(in_review))
    in_review.refresh_from_db()
    assert in_review.state == ClaimState.CORRECTING
    assert "publish_correction" not in buttons(editor_client)
    assert "publish_correction" in buttons(as_second)
