"""In headless Chromium: a reviewer finds a quote attributed to the wrong person, adds
the real speaker from the quote page ("+" beside the speaker box) and the quote then
shows him, on its page and in the article."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, expect

from claims.importing import import_articles
from claims.models import AttributionStatus, Quote, Speaker
from claims.roles import setup_roles
from tests.browser.conftest import log_in
from tests.conftest import SEED_FILE

# The rating scale comes from a data migration: restore it after each test's flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def desk(live_server: object) -> str:
    assert import_articles([str(SEED_FILE)]).ok
    reviewer = User.objects.create_user("rita", password="desk-password", is_staff=True)
    reviewer.groups.add(setup_roles()["Reviewer"])
    return str(live_server)


def test_misattributed_quote_gets_a_new_speaker_created_on_the_spot(
    browser: Browser, desk: str
) -> None:
    quote = Quote.objects.get(text__startswith="Just like in the Cold War")
    page = log_in(browser, desk, "rita")
    page.goto(f"/admin/claims/quote/{quote.pk}/change/")

    with page.expect_popup() as opened:
        page.click("#add_id_speaker")
    popup = opened.value
    popup.fill("#id_name", "James Whitfield")
    popup.select_option("#id_kind", "person")
    popup.fill("#id_role", "analyst")
    popup.fill("#id_organization", "Chatham House")
    popup.click("input[name=_save]")
    popup.wait_for_event("close")

    # The new speaker is chosen in the speaker box.
    expect(page.locator("#select2-id_speaker-container")).to_have_attribute(
        "title", "James Whitfield"
    )
    page.select_option("#id_verdict", "misattributed")
    page.fill("#id_note", "His words, quoted from his own report.")
    page.click("input[name=_continue]")

    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    expect(page.locator("sup.fb-label")).to_have_text("James Whitfield")
    page.goto(f"/admin/sources/article/{quote.article_id}/change/")
    expect(page.locator("sup.fb-label", has_text="James Whitfield")).to_have_count(1)
    quote.refresh_from_db()
    assert quote.speaker == Speaker.objects.get(name="James Whitfield")
    assert quote.attribution_status == AttributionStatus.MISATTRIBUTED
