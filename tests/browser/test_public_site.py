"""An anonymous visitor on the public site, in headless Chromium: search, open a
verdict, follow its evidence, see a correction; the embedded ClaimReview is the API's;
axe-core finds no serious or critical accessibility violation."""

import json
import os
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, Page, expect

from claims.importing import import_articles
from claims.models import Claim, EvidenceLink, RatingLabel, Speaker
from claims.roles import setup_roles
from tests.conftest import SEED_FILE

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
EVIDENCE = "https://example.org/kcna"


def publish_a_verdict() -> tuple[Claim, User]:
    assert import_articles([str(SEED_FILE)]).ok
    groups = setup_roles()
    reviewer = User.objects.create_user("rita", password="pw", is_staff=True)
    reviewer.groups.add(groups["Reviewer"])
    editor = User.objects.create_user("eddie", password="pw", is_staff=True)
    editor.groups.add(groups["Editor"])
    claim = Claim.objects.get(text__startswith="In late April, North Korea sent")
    speaker = Speaker.objects.get(name="Kim Sung Kyung")
    claim.edit(by=editor, text=claim.text, claimant=speaker, assignee=None)
    claim.start_review(by=reviewer)
    claim.rate(
        by=reviewer,
        rating=RatingLabel.objects.get(slug="true"),
        summary="The delegation visited Tehran in late April.",
        explanation="Both governments' news agencies reported the visit.",
        evidence=[EvidenceLink(EVIDENCE, "KCNA report", "supports")],
    )
    claim.publish(by=editor)
    return claim, editor


def serious_violations(page: Page) -> list[dict[str, object]]:
    if not AXE.exists():
        if os.environ.get("FACTBASE_REQUIRE_BROWSER"):
            pytest.fail("axe-core is required: run npm ci")
        pytest.skip("axe-core is not installed (npm ci)")
    page.add_script_tag(path=str(AXE))
    violations: list[dict[str, object]] = page.evaluate(
        """async () => (await axe.run()).violations.map(
            v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target)}))"""
    )
    return [v for v in violations if v["impact"] in ("serious", "critical")]


def test_visitor_searches_reads_a_verdict_and_sees_its_correction(
    browser: Browser, live_server: object
) -> None:
    claim, editor = publish_a_verdict()
    page = browser.new_context(base_url=str(live_server)).new_page()
    page.route(
        f"{EVIDENCE}*",
        lambda route: route.fulfill(body="<title>KCNA</title>", content_type="text/html"),
    )

    page.goto("/")
    assert serious_violations(page) == []
    page.get_by_label("Search claims").fill("delegation Tehran")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=claim.text).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "The delegation visited Tehran in late April."
    )
    assert serious_violations(page) == []

    embedded = page.locator('script[type="application/ld+json"]').text_content()
    api = page.request.get(f"/api/v1/claims/{claim.pk}/claimreview/").json()
    assert json.loads(embedded or "") == api

    page.get_by_role("link", name="Kim Sung Kyung").click()
    expect(page.get_by_text("this is not a measure of honesty")).to_be_visible()
    assert serious_violations(page) == []
    page.go_back()

    evidence = page.get_by_role("link", name="KCNA report")
    assert evidence.get_attribute("href") == EVIDENCE
    evidence.click()
    page.wait_for_url(EVIDENCE)
    page.go_back()

    claim.correct(
        by=editor,
        rating=RatingLabel.objects.get(slug="mostly-true"),
        summary="The visit happened, but in early May.",
        explanation="The agencies dated it 2 May.",
        evidence=[EvidenceLink("https://example.org/irna", "IRNA report", "refutes")],
        note="Date of the visit corrected.",
    )
    second_editor = User.objects.create_user("eva", password="pw", is_staff=True)
    second_editor.groups.add(*editor.groups.all())
    claim.publish_correction(by=second_editor)
    page.reload()
    corrections = page.get_by_role("region", name="Corrections")
    expect(corrections).to_contain_text("Date of the visit corrected.")
    expect(corrections).to_contain_text("The delegation visited Tehran in late April.")
    embedded = page.locator('script[type="application/ld+json"]').text_content()
    assert (
        json.loads(embedded or "")
        == page.request.get(f"/api/v1/claims/{claim.pk}/claimreview/").json()
    )
