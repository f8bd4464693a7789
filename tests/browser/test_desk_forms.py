"""In headless Chromium: a refused rating says why, the publish page shows the verdict,
and a reviewer is offered no Publish button."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, expect

from claims.importing import import_articles
from claims.models import (
    Claim,
    ClaimState,
    EvidenceLink,
    NoClaimant,
    NoClaimantReason,
    RatingLabel,
)
from claims.roles import setup_roles
from tests.browser.conftest import log_in
from tests.conftest import SEED_FILE

# The rating scale comes from a data migration: restore it after each test's flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def desk(live_server: object) -> tuple[str, Claim, User, User]:
    assert import_articles([str(SEED_FILE)]).ok
    groups = setup_roles()
    users = []
    for username, role in (("rita", "Reviewer"), ("eddie", "Editor")):
        user = User.objects.create_user(username, password="desk-password", is_staff=True)
        user.groups.add(groups[role])
        users.append(user)
    claim = Claim.objects.get(text__startswith="In late April, North Korea sent")
    return str(live_server), claim, users[0], users[1]


def test_rating_with_a_blank_stance_shows_the_error(
    browser: Browser,
    desk: tuple[str, Claim, User, User],
) -> None:
    base_url, claim, rita, _ = desk
    claim.start_review(by=rita)
    page = log_in(browser, base_url, "rita")
    page.goto(f"/admin/claims/claim/{claim.pk}/action/rate/")
    page.select_option("#id_rating", label="True")
    page.fill("#id_summary", "A nine-day visit in late April.")
    page.fill("#id_explanation", "Both state news agencies reported it.")
    page.fill("#id_evidence-0-url", "https://example.org/irna-report")
    page.fill("#id_evidence-0-title", "IRNA: North Korean delegation arrives")
    page.click("#fb-action-form input[type=submit]")

    stance_error = "Say whether the link supports, refutes or gives context."
    expect(page.locator("#fb-error-summary")).to_be_visible()
    expect(page.locator("#fb-error-summary")).to_contain_text(
        f"Evidence row 1, Stance: {stance_error}"
    )
    expect(page.locator("table.fb-evidence tr.errors .errorlist")).to_have_text(stance_error)
    expect(page.locator("#id_evidence-0-title")).to_have_value(
        "IRNA: North Korean delegation arrives"
    )
    assert Claim.objects.get(pk=claim.pk).state == ClaimState.IN_REVIEW


def test_publish_page_shows_the_verdict_and_reviewers_get_no_publish_button(
    browser: Browser,
    desk: tuple[str, Claim, User, User],
) -> None:
    base_url, claim, rita, _ = desk
    claim.start_review(by=rita)
    claim.rate(
        by=rita,
        rating=RatingLabel.objects.get(slug="mostly-true"),
        summary="The visit happened; its length is disputed.",
        explanation="Both state agencies reported a delegation in late April.",
        evidence=[EvidenceLink("https://example.org/kcna", "KCNA report", "supports")],
    )

    reviewer = log_in(browser, base_url, "rita")
    reviewer.goto(f"/admin/claims/claim/{claim.pk}/change/")
    expect(reviewer.locator("a.fb-action:has-text('Rate')")).to_be_visible()
    expect(reviewer.locator("a.fb-action:has-text('Publish')")).to_have_count(0)

    editor = log_in(browser, base_url, "eddie")
    editor.goto(f"/admin/claims/claim/{claim.pk}/change/")
    editor.click("a.fb-action:has-text('Publish')")
    verdict = editor.locator("#fb-verdict-to-publish")
    expect(verdict.locator(".fb-summary")).to_have_text(
        "The visit happened; its length is disputed."
    )
    expect(verdict.locator(".fb-explanation")).to_have_text(
        "Both state agencies reported a delegation in late April."
    )
    expect(verdict.locator("a[href='https://example.org/kcna']")).to_have_text("KCNA report")
    editor.click("#fb-action-form input[type=submit]")
    expect(editor.locator("#fb-error-summary")).to_contain_text(
        "No claimant because: Say why no claimant is named."
    )
    editor.select_option("#id_no_claimant_reason", "unattributed")
    editor.click("#fb-action-form input[type=submit]")
    expect(editor.locator(".messagelist")).to_contain_text("Publish: done.")
    assert Claim.objects.get(pk=claim.pk).state == ClaimState.PUBLISHED


def test_a_correction_starts_from_the_verdict_and_needs_a_second_editor(
    browser: Browser,
    desk: tuple[str, Claim, User, User],
) -> None:
    base_url, claim, rita, eddie = desk
    eva = User.objects.create_user("eva", password="desk-password", is_staff=True)
    eva.groups.add(*eddie.groups.all())
    claim.start_review(by=rita)
    claim.rate(
        by=rita,
        rating=RatingLabel.objects.get(slug="true"),
        summary="A nine-day visit in late April.",
        explanation="Both state news agencies reported it.",
        evidence=[EvidenceLink("https://example.org/kcna", "KCNA report", "supports")],
    )
    claim.publish(by=eddie, no_claimant=NoClaimant(NoClaimantReason.UNATTRIBUTED))

    editor = log_in(browser, base_url, "eddie")
    editor.goto(f"/admin/claims/claim/{claim.pk}/change/")
    expect(editor.locator("textarea[name=text]")).to_have_count(0)  # read-only once published
    editor.click("a.fb-action:has-text('Correct the verdict')")
    expect(editor.locator("#id_text")).to_have_value(claim.text)
    expect(editor.locator("#id_summary")).to_have_value("A nine-day visit in late April.")
    expect(editor.locator("#id_evidence-0-url")).to_have_value("https://example.org/kcna")
    editor.fill("#id_text", "In early May, North Korea sent a delegation to Tehran.")
    editor.fill("#id_note", "The visit began in May.")
    editor.click("#fb-action-form input[type=submit]")
    editor.wait_for_url(f"**/admin/claims/claim/{claim.pk}/change/")
    expect(editor.locator(".messagelist")).to_contain_text("Correct the verdict: done.")
    # Its author gets no button to publish it, and the page itself refuses.
    expect(editor.locator("a.fb-action:has-text('Publish the correction')")).to_have_count(0)
    editor.goto(f"/admin/claims/claim/{claim.pk}/action/publish_correction/")
    editor.click("#fb-action-form input[type=submit]")
    expect(editor.locator("#fb-error-summary")).to_contain_text(
        "The correction must be published by someone other than whoever wrote it."
    )
    assert Claim.objects.get(pk=claim.pk).state == ClaimState.CORRECTING

    second = log_in(browser, base_url, "eva")
    second.goto(f"/admin/claims/claim/{claim.pk}/action/publish_correction/")
    expect(second.locator("#fb-verdict-to-publish")).to_contain_text("In early May")
    second.click("#fb-action-form input[type=submit]")
    second.wait_for_url(f"**/admin/claims/claim/{claim.pk}/change/")
    expect(second.locator(".messagelist")).to_contain_text("Publish the correction: done.")
    corrected = Claim.objects.get(pk=claim.pk)
    assert (corrected.state, corrected.text) == (
        ClaimState.CORRECTED,
        "In early May, North Korea sent a delegation to Tehran.",
    )
