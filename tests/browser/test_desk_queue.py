"""In headless Chromium at 1280×800: the review queue fits the window and the claim text
gets the width, measured from the rendered boxes."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, expect

from claims.importing import import_articles
from claims.models import Claim, ClaimAppearance
from claims.roles import setup_roles
from sources.models import Article, Outlet
from tests.conftest import SEED_FILE

# The rating scale comes from a data migration: restore it after each test's flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LONG_WORD = "https://harbour-gazette.example/2024/ferry-passenger-figures-" + "x" * 60


@pytest.fixture
def queue(live_server: object) -> str:
    assert import_articles([str(SEED_FILE)]).ok
    article = Article.objects.get()
    article.outlet = Outlet.objects.create(
        name="The Harbour Gazette and Evening Courier", domain="gazette.example"
    )
    article.save()
    # A row with a word too long for any column must wrap, not widen the table.
    claim = Claim.objects.create(text=f"The port authority published {LONG_WORD} last week.")
    ClaimAppearance.objects.create(claim=claim, article=article, start=0, end=10)
    reviewer = User.objects.create_user("rita", password="desk-password", is_staff=True)
    reviewer.groups.add(setup_roles()["Reviewer"])
    return str(live_server)


def test_queue_has_no_horizontal_scroll_and_the_claim_column_gets_the_width(
    browser: Browser, queue: str
) -> None:
    page = browser.new_context(base_url=queue, viewport={"width": 1280, "height": 800}).new_page()
    page.goto("/admin/login/?next=/admin/claims/claim/")
    page.fill("#id_username", "rita")
    page.fill("#id_password", "desk-password")
    page.click("input[type=submit]")
    expect(page.locator("#result_list")).to_be_visible()
    expect(page.locator("#result_list tbody tr")).to_have_count(Claim.objects.count())

    scroll_width, client_width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll_width <= client_width, (scroll_width, client_width)
    table = page.locator("#result_list").bounding_box()
    claim_column = page.locator("#result_list th.column-claim_text").bounding_box()
    assert table is not None and claim_column is not None
    assert table["x"] + table["width"] <= 1280
    assert claim_column["width"] >= 0.45 * table["width"], (claim_column, table)
    for column in ("source", "claimant", "state_and_rating", "possible_matches", "assignee", "age"):
        expect(page.locator(f"#result_list th.column-{column}")).to_be_visible()
