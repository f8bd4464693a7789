"""End to end in headless Chromium: a reviewer rates, an editor publishes, the API shows it."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, expect

from claims.importing import import_articles
from claims.models import Claim, ClaimState
from claims.roles import setup_roles
from tests.browser.conftest import log_in
from tests.conftest import SEED_FILE

# The rating scale comes from a data migration: restore it after each test's flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_reviewer_rates_editor_publishes_api_shows_it(
    browser: Browser, live_server: object
) -> None:
    base_url = str(live_server)
    assert import_articles([str(SEED_FILE)]).ok
    groups = setup_roles()
    for username, role in (("rita", "Reviewer"), ("eddie", "Editor")):
        user = User.objects.create_user(username, password="desk-password", is_staff=True)
        user.groups.add(groups[role])
    claim = Claim.objects.get(text__startswith="In late April, North Korea sent")

    reviewer = log_in(browser, base_url, "rita")
    reviewer.goto("/admin/claims/claim/")
    expect(reviewer.locator("#result_list")).to_be_visible()
    reviewer.click("#result_list a:has-text('In late April, North Korea sent')")
    context = reviewer.locator(".fb-appearance mark.fb-claim")
    expect(context).to_contain_text("In late April, North Korea sent a high-level delegation")
    reviewer.click("a.fb-action:has-text('Start review')")
    reviewer.click("#fb-action-form input[type=submit]")
    reviewer.click("a.fb-action:has-text('Rate')")
    reviewer.select_option("#id_rating", label="True")
    reviewer.fill("#id_summary", "A nine-day visit in late April, the first since 2019.")
    reviewer.fill("#id_explanation", "Iranian and North Korean state media reported the visit.")
    reviewer.fill("#id_evidence-0-url", "https://example.org/irna-report")
    reviewer.fill("#id_evidence-0-title", "IRNA: North Korean delegation arrives")
    reviewer.select_option("#id_evidence-0-stance", "supports")
    reviewer.click("#fb-action-form input[type=submit]")
    expect(reviewer.locator(".messagelist")).to_contain_text("Rate: done.")
    assert Claim.objects.get(pk=claim.pk).state == ClaimState.RATED

    editor = log_in(browser, base_url, "eddie")
    editor.goto(f"/admin/claims/claim/{claim.pk}/change/")
    expect(editor.locator(".fb-verdict")).to_contain_text("IRNA: North Korean delegation arrives")
    editor.click("a.fb-action:has-text('Publish')")
    editor.select_option("#id_no_claimant_reason", "unattributed")
    editor.click("#fb-action-form input[type=submit]")
    expect(editor.locator(".messagelist")).to_contain_text("Publish: done.")

    anonymous = browser.new_context(base_url=base_url)
    response = anonymous.request.get("/api/v1/claims/")
    assert response.ok
    published = response.json()["results"]
    assert [c["id"] for c in published] == [claim.pk]
    assert published[0]["rating"]["name"] == "True"
