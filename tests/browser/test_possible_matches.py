"""In headless Chromium: a reviewer sees possible matches on the claim page, a foreign
verdict among them, and marks them the same claim: the foreign one is then shown as
checked before, the desk's own is merged."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from playwright.sync_api import Browser, expect

from claims.models import Claim, ClaimState
from claims.roles import setup_roles
from tests.browser.conftest import log_in
from tests.claims.test_possible_matches import (
    BAKERIES,
    TRAM,
    TRAM_AGAIN,
    TRAM_CHECKED,
    claim_review,
    said_in,
)

# The rating scale comes from a data migration: restore it after each test's flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_reviewer_marks_a_foreign_verdict_and_a_duplicate_the_same_claim(
    browser: Browser, live_server: object, tmp_path: Path
) -> None:
    tram = said_in(TRAM, "Harbour Wire", 1)
    again = said_in(TRAM_AGAIN, "Coast Daily", 2)
    said_in(BAKERIES, "Coast Daily", 3)
    path = tmp_path / "review.json"
    path.write_text(json.dumps(claim_review()))
    call_command("import_claimreview", str(path), stdout=StringIO(), stderr=StringIO())
    user = User.objects.create_user("rita", password="desk-password", is_staff=True)
    user.groups.add(setup_roles()["Reviewer"])

    page = log_in(browser, str(live_server), "rita")
    page.goto(f"/admin/claims/claim/{tram.pk}/change/")
    foreign = page.locator(".fb-possible-matches li.fb-match", has_text=TRAM_CHECKED)
    expect(foreign.locator(".fb-foreign-verdict")).to_contain_text("Tram Check: Pants on Fire")
    expect(foreign.locator(".fb-foreign-verdict a")).to_have_attribute(
        "href", "https://tramcheck.example.org/riders"
    )
    foreign.locator("button.fb-match-same").click()
    expect(page.locator(".messagelist")).to_contain_text("is the same claim: checked before")
    expect(page.locator(".fb-checked-before")).to_contain_text("Tram Check: Pants on Fire")

    duplicate = page.locator(".fb-possible-matches li.fb-match", has_text=TRAM_AGAIN)
    duplicate.locator("button.fb-match-same").click()
    expect(page.locator(".messagelist")).to_contain_text(f"merged into #{tram.pk}")
    expect(page.locator(".fb-merged")).to_contain_text(TRAM_AGAIN)
    expect(page.locator(".fb-appearance")).to_have_count(2)
    assert Claim.objects.get(pk=again.pk).state == ClaimState.MERGED

    page.goto(f"/admin/claims/claim/{again.pk}/change/")
    expect(page).to_have_url(f"{live_server}/admin/claims/claim/{tram.pk}/change/")
