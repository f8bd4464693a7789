"""The API docs work offline: Swagger UI and ReDoc come from the server itself
(drf-spectacular-sidecar), so they render with every non-local request aborted."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Route, expect

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def offline_page(browser: Browser, base_url: str, aborted: list[str]) -> Page:
    """A page whose requests to any other host are aborted (their resource types noted)."""
    page = browser.new_context(base_url=base_url).new_page()
    local = urlsplit(base_url).netloc

    def only_local(route: Route) -> None:
        if urlsplit(route.request.url).netloc == local:
            route.continue_()
        else:
            aborted.append(route.request.resource_type)
            route.abort()

    page.route("**/*", only_local)
    return page


def test_swagger_ui_renders_with_the_network_blocked(browser: Browser, live_server: object) -> None:
    aborted: list[str] = []
    page = offline_page(browser, str(live_server), aborted)

    page.goto("/api/docs/")

    expect(page.locator(".swagger-ui .info .title")).to_contain_text("factbase API")
    publish = page.locator(".opblock-summary", has_text="/api/v1/claims/{id}/publish/")
    expect(publish).to_contain_text("Publish")
    publish.click()
    expect(page.locator(".opblock-description-wrapper").first).to_contain_text(
        "Whoever publishes must differ from whoever rated"
    )
    assert not {"script", "stylesheet", "fetch", "xhr"} & set(aborted)


def test_redoc_renders_with_the_network_blocked(browser: Browser, live_server: object) -> None:
    aborted: list[str] = []
    page = offline_page(browser, str(live_server), aborted)

    page.goto("/api/redoc/")

    # ReDoc renders once it has fetched and laid out the whole schema.
    expect(page.locator("h1").first).to_contain_text("factbase API", timeout=30_000)
    expect(page.get_by_text("Whoever publishes must differ from whoever rated")).to_be_attached()
    # ReDoc's "powered by" footer asks for its logo from its CDN; nothing it runs on.
    assert not {"script", "stylesheet", "fetch", "xhr"} & set(aborted)
