"""In headless Chromium: a reviewer pastes an article on the Add article page and lands
on its page, quotes marked; pasting it again opens the same article."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, expect

from claims.roles import setup_roles
from sources.models import Article
from tests.browser.conftest import log_in

# The rating scale comes from a data migration: restore it after each test's flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BODY = (
    "The town council approved a new cycle lane on Harbour Road on Tuesday.\n\n"
    '"Accidents on this road have doubled in three years, and families have stopped '
    'cycling to school," said Ines Moreau, the councillor who proposed it.\n\n'
    "Work is due to start in March."
)


def test_a_reviewer_pastes_an_article_and_its_page_opens(
    browser: Browser, live_server: object
) -> None:
    rita = User.objects.create_user("rita", password="desk-password", is_staff=True)
    rita.groups.add(setup_roles()["Reviewer"])
    page = log_in(browser, str(live_server), "rita")

    page.goto("/admin/sources/article/")
    page.click(".object-tools a.addlink")
    page.fill("#id_title", "Council approves Harbour Road cycle lane")
    page.fill("#id_body", BODY)
    page.fill("#id_outlet", "Harbour Courier")
    page.fill("#id_published_at", "2026-11-24")
    page.click("#fb-add-article input[type=submit]")

    expect(page.locator(".messagelist")).to_contain_text("Article imported:")
    article = Article.objects.get()
    assert page.url.endswith(f"/admin/sources/article/{article.pk}/change/")
    expect(page.locator("mark.fb-quote").first).to_contain_text("Accidents on this road")
    expect(page.locator(".fb-article sup.fb-label").first).to_contain_text("Ines Moreau")

    page.goto("/admin/sources/article/add/")
    page.fill("#id_title", "Council approves Harbour Road cycle lane")
    page.fill("#id_body", BODY)
    page.click("#fb-add-article input[type=submit]")
    expect(page.locator(".messagelist")).to_contain_text("This text is already in the database")
    assert Article.objects.count() == 1
