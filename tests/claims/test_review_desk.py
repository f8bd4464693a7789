"""The review desk in the admin, driven as reviewers and editors would."""

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from claims.models import AttributionStatus, AuditEvent, Claim, ClaimState, Quote, Speaker
from claims.roles import setup_roles
from sources.models import Article
from tests.conftest import browser_client, queries_for_get

pytestmark = pytest.mark.django_db


def action(client: Client, claim: Claim, verb: str, **data: object) -> str:
    url = f"/admin/claims/claim/{claim.pk}/action/{verb}/"
    page = client.get(url)
    fields = {"version": re.search(r'name="version" value="(\d+)"', page.content.decode())}
    payload: dict[str, object] = {
        "version": fields["version"].group(1) if fields["version"] else ""
    }
    payload.update(data)
    response = client.post(url, payload, follow=True)
    return response.content.decode()


def evidence(**overrides: str) -> dict[str, str]:
    data = {
        "evidence-TOTAL_FORMS": "4",
        "evidence-INITIAL_FORMS": "0",
        "evidence-MIN_NUM_FORMS": "1",
        "evidence-MAX_NUM_FORMS": "1000",
        "evidence-0-url": "https://example.org/report",
        "evidence-0-title": "Official report",
        "evidence-0-stance": "supports",
    }
    data.update(overrides)
    return data


# Why the seed article's narrative claim names no claimant, as the Publish page asks.
NO_CLAIMANT = {"no_claimant_reason": "unattributed"}


def correct_payload(claim: Claim, **overrides: str) -> dict[str, object]:
    """A correction of `claim`'s verdict that keeps its wording and claimant."""
    return {
        "text": claim.text,
        "claimant": claim.claimant_id or "",
        "note": "New figures.",
        **NO_CLAIMANT,
        **rate_payload(**overrides),
    }


def rate_payload(**overrides: str) -> dict[str, object]:
    from claims.models import RatingLabel

    return {
        "rating": RatingLabel.objects.get(slug="mostly-true").pk,
        "summary": "The visit happened; its length is disputed.",
        "explanation": "Both state agencies reported a delegation in late April.",
        **evidence(**overrides),
    }


def test_roles_are_idempotent_and_only_editors_publish() -> None:
    first = {
        name: set(g.permissions.values_list("codename", flat=True))
        for name, g in setup_roles().items()
    }
    second = {
        name: set(g.permissions.values_list("codename", flat=True))
        for name, g in setup_roles().items()
    }
    assert first == second
    assert "publish_claim" in first["Editor"] and "publish_claim" not in first["Reviewer"]
    assert "merge_speakers" in first["Editor"] and "merge_speakers" not in first["Reviewer"]
    assert {"rate_claim", "review_attribution"} <= first["Reviewer"]


def test_reviewer_rates_and_editor_publishes_through_the_admin(
    claim: Claim, reviewer: User, editor: User
) -> None:
    as_reviewer, as_editor = browser_client(reviewer), browser_client(editor)
    page = as_reviewer.get(f"/admin/claims/claim/{claim.pk}/change/").content.decode()
    assert '<mark class="fb-claim"' in page and "Start review" in page

    action(as_reviewer, claim, "start_review")
    html = action(as_reviewer, claim, "rate", **rate_payload())
    assert "Rate: done." in html
    claim.refresh_from_db()
    assert claim.state == ClaimState.RATED and claim.rating.slug == "mostly-true"  # type: ignore[union-attr]

    html = action(as_reviewer, claim, "publish")
    assert "You do not have permission to publish" in html
    assert Claim.objects.get(pk=claim.pk).state == ClaimState.RATED

    action(as_editor, claim, "publish", note="Checked the sources.", **NO_CLAIMANT)
    claim.refresh_from_db()
    assert claim.state == ClaimState.PUBLISHED
    transitions = AuditEvent.objects.for_object(claim).filter(action="claim.state")
    assert [(e.to_value, e.actor) for e in transitions.order_by("id")] == [
        ("in_review", reviewer),
        ("rated", reviewer),
        ("published", editor),
    ]
    page = as_editor.get(f"/admin/claims/claim/{claim.pk}/change/").content.decode()
    assert "Official report" in page and "Checked the sources." in page


def test_rating_without_evidence_is_refused(claim: Claim, reviewer: User) -> None:
    as_reviewer = browser_client(reviewer)
    action(as_reviewer, claim, "start_review")
    html = action(
        as_reviewer, claim, "rate", **rate_payload(**{"evidence-0-url": "", "evidence-0-title": ""})
    )
    assert "Evidence row 1, URL: Give the link&#x27;s URL." in html
    assert Claim.objects.get(pk=claim.pk).state == ClaimState.IN_REVIEW


def test_editor_cannot_publish_own_rating(claim: Claim, editor: User) -> None:
    as_editor = browser_client(editor)
    action(as_editor, claim, "start_review")
    action(as_editor, claim, "rate", **rate_payload())
    html = action(as_editor, claim, "publish", **NO_CLAIMANT)
    assert "must be published by someone other than its reviewer" in html
    assert Claim.objects.get(pk=claim.pk).state == ClaimState.RATED


def test_action_not_allowed_in_this_state_is_refused(claim: Claim, editor: User) -> None:
    html = (
        browser_client(editor)
        .get(f"/admin/claims/claim/{claim.pk}/action/publish/", follow=True)
        .content.decode()
    )
    assert "not possible for a new claim" in html
    assert Claim.objects.get(pk=claim.pk).state == ClaimState.NEW


def test_correction_and_retraction_through_the_admin(
    published_claim: Claim, editor: User, second_editor: User
) -> None:
    as_editor = browser_client(editor)
    action(as_editor, published_claim, "correct", **correct_payload(published_claim))
    published_claim.refresh_from_db()
    assert published_claim.state == ClaimState.CORRECTING
    html = action(as_editor, published_claim, "publish_correction")
    assert "someone other than whoever wrote it" in html
    action(browser_client(second_editor), published_claim, "publish_correction")
    published_claim.refresh_from_db()
    assert published_claim.state == ClaimState.CORRECTED
    assert published_claim.reviews.published().count() == 2

    html = action(as_editor, published_claim, "retract")
    assert "Note: Say why." in html
    action(as_editor, published_claim, "retract", note="The article was withdrawn.")
    assert Claim.objects.get(pk=published_claim.pk).state == ClaimState.RETRACTED


def test_retracting_withdraws_a_pending_correction_and_says_so(
    published_claim: Claim, editor: User
) -> None:
    as_editor = browser_client(editor)
    action(as_editor, published_claim, "correct", **correct_payload(published_claim))
    published_claim.refresh_from_db()
    assert published_claim.state == ClaimState.CORRECTING
    published = list(published_claim.reviews.published())

    action(as_editor, published_claim, "retract", note="The article was withdrawn.")

    claim = Claim.objects.get(pk=published_claim.pk)
    assert claim.state == ClaimState.RETRACTED
    assert list(claim.reviews.all()) == published
    assert claim.current_review() == published[-1]
    history = as_editor.get(f"/admin/claims/claim/{claim.pk}/change/").content.decode()
    assert "Pending correction (Mostly true) withdrawn with the retraction" in history
    assert "‘The article was withdrawn.’" in history


def test_concurrent_edit_is_refused_and_keeps_the_first(
    claim: Claim, reviewer: User, editor: User
) -> None:
    first, second = browser_client(reviewer), browser_client(editor)
    url = f"/admin/claims/claim/{claim.pk}/change/"
    seen = claim.version
    base = {
        "text": claim.text,
        "claimant": "",
        "seen_version": seen,
        "appearances-TOTAL_FORMS": "0",
        "appearances-INITIAL_FORMS": "0",
    }

    saved = first.post(url, {**base, "assignee": reviewer.pk})
    refused = second.post(url, {**base, "assignee": editor.pk, "text": "Overwritten text"})

    assert saved.status_code == 302
    assert refused.status_code == 200
    assert "Someone else saved this claim" in refused.content.decode()
    claim.refresh_from_db()
    assert claim.assignee == reviewer and claim.text != "Overwritten text"


def test_stale_workflow_action_is_refused(claim: Claim, reviewer: User) -> None:
    as_reviewer = browser_client(reviewer)
    old_version = claim.version
    claim.assign(reviewer, by=reviewer)
    html = as_reviewer.post(
        f"/admin/claims/claim/{claim.pk}/action/start_review/", {"version": old_version}
    ).content.decode()
    assert "Someone else saved this claim" in html
    assert Claim.objects.get(pk=claim.pk).state == ClaimState.NEW


def test_assign_to_me_and_assignee_filters(seed_article: Article, reviewer: User) -> None:
    as_reviewer = browser_client(reviewer)
    ids = list(Claim.objects.values_list("pk", flat=True)[:2])
    as_reviewer.post("/admin/claims/claim/", {"action": "assign_to_me", "_selected_action": ids})

    assert set(Claim.objects.filter(assignee=reviewer).values_list("pk", flat=True)) == set(ids)
    assert AuditEvent.objects.filter(action="claim.assignee").count() == 2
    mine = as_reviewer.get("/admin/claims/claim/?assigned=me").context["cl"].result_count
    unassigned = as_reviewer.get("/admin/claims/claim/?assigned=none").context["cl"].result_count
    assert (mine, unassigned) == (2, Claim.objects.count() - 2)


def test_merge_speakers_moves_quotes_and_keeps_the_alias(
    seed_article: Article, editor: User
) -> None:
    pinkston = Speaker.objects.get(name="Daniel Pinkston")
    duplicate = Speaker.objects.create(name="Dan Pinkston")
    moved = Quote.objects.filter(speaker=pinkston).first()
    assert moved is not None
    Quote.objects.filter(pk=moved.pk).update(speaker=duplicate)
    before = Quote.objects.filter(speaker__in=[pinkston, duplicate]).count()

    browser_client(editor).post(
        "/admin/claims/speaker/",
        {
            "action": "merge_speakers",
            "_selected_action": [pinkston.pk, duplicate.pk],
            "apply": "Merge",
            "target": pinkston.pk,
            "note": "same person",
        },
    )

    assert not Speaker.objects.filter(pk=duplicate.pk).exists()
    pinkston.refresh_from_db()
    assert pinkston.quotes.count() == before
    assert "dan pinkston" in pinkston.aliases
    event = AuditEvent.objects.for_object(pinkston).get(action="speaker.merge")
    assert event.actor == editor and event.note == "same person"


def test_reviewers_cannot_merge_speakers(seed_article: Article, reviewer: User) -> None:
    page = browser_client(reviewer).get("/admin/claims/speaker/").content.decode()
    assert "merge_speakers" not in page


def test_quote_verdict_form_marks_misattribution(seed_article: Article, reviewer: User) -> None:
    quote = Quote.objects.get(text__startswith="Just like in the Cold War")
    pinkston = Speaker.objects.get(name="Daniel Pinkston")
    as_reviewer = browser_client(reviewer)
    url = f"/admin/claims/quote/{quote.pk}/change/"
    assert "Quote in its paragraph" in as_reviewer.get(url).content.decode()

    response = as_reviewer.post(
        url, {"speaker": pinkston.pk, "verdict": "misattributed", "note": "wrong professor"}
    )

    assert response.status_code == 302
    quote.refresh_from_db()
    assert (quote.attribution_status, quote.speaker) == (AttributionStatus.MISATTRIBUTED, pinkston)
    history = as_reviewer.get(url).content.decode()
    assert "Attribution marked misattributed by rita (reviewer)" in history
    assert "‘wrong professor’" in history and "quote.attribution" not in history


def test_quote_verdict_misattributed_needs_a_new_speaker(
    seed_article: Article, reviewer: User
) -> None:
    quote = Quote.objects.get(text__startswith="Just like in the Cold War")
    response = browser_client(reviewer).post(
        f"/admin/claims/quote/{quote.pk}/change/",
        {"speaker": quote.speaker_id, "verdict": "misattributed"},
    )
    assert response.status_code == 200
    assert "Choose the speaker who really said it" in response.content.decode()
    assert Quote.objects.get(pk=quote.pk).attribution_status == AttributionStatus.UNREVIEWED


def test_dashboard_on_the_admin_index(published_claim: Claim, reviewer: User) -> None:
    html = browser_client(reviewer).get("/admin/").content.decode()
    assert 'id="fb-dashboard"' in html
    assert "awaiting attribution review" in html
    assert re.search(r"<strong>\d+</strong> claims? waiting for review", html)


def test_dashboard_query_count_is_constant(reviewer_client: Client, make_published: object) -> None:
    make_published(2)  # type: ignore[operator]
    few = queries_for_get(reviewer_client, "/admin/")
    make_published(15)  # type: ignore[operator]
    assert queries_for_get(reviewer_client, "/admin/") == few


def test_claim_and_article_pages_have_constant_query_counts(
    reviewer_client: Client, seed_article: Article
) -> None:
    claim = Claim.objects.first()
    assert claim is not None
    article_url = f"/admin/sources/article/{seed_article.pk}/change/"
    claim_url = f"/admin/claims/claim/{claim.pk}/change/"
    reviewer_client.get(article_url)  # warm the content-type cache
    reviewer_client.get(claim_url)  # the first view looks for possible matches
    article_queries, claim_queries = (
        queries_for_get(reviewer_client, article_url),
        queries_for_get(reviewer_client, claim_url),
    )
    quotes = list(seed_article.quotes.all())
    for copy, quote in enumerate(quotes * 3):
        Quote.objects.create(
            article=seed_article,
            text=quote.text,
            start=quote.start,
            end=quote.end + 1 + copy,
            speaker=quote.speaker,
        )
    assert queries_for_get(reviewer_client, article_url) == article_queries
    assert queries_for_get(reviewer_client, claim_url) == claim_queries
