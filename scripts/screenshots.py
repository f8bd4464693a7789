"""Regenerate the README's screenshots of the review desk.

    .venv/bin/python scripts/screenshots.py

Builds demo-like data in a throw-away SQLite database (the articles of seeds/, a
reviewer, one claim in review, one rated), serves it on a free local port and drives
Debian's Chromium (/usr/bin/chromium) with Playwright at 1280×800. Writes
docs/screenshots/queue.png, claim.png and article.png.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
PASSWORD = "screenshot-password"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def build_data() -> tuple[int, int]:
    """The seed articles, a reviewer and editor, a claim in review and a rated one; returns
    the rated claim's id and its article's id."""
    import django
    from django.core.management import call_command

    django.setup()
    from django.contrib.auth.models import User

    from claims.importing import import_articles
    from claims.models import Claim, ClaimState, EvidenceLink, RatingLabel
    from claims.roles import setup_roles

    call_command("migrate", verbosity=0)
    assert import_articles([str(ROOT / "seeds")]).ok
    groups = setup_roles()
    ana = User.objects.create_user(
        "ana", password=PASSWORD, is_staff=True, first_name="Ana", last_name="Reyes"
    )
    ana.groups.add(groups["Reviewer"])
    claims = Claim.objects.filter(state=ClaimState.NEW).order_by("-check_worthiness", "id")
    rated, in_review = claims[0], claims[1]
    rated.start_review(by=ana, note="from the queue")
    rated.rate(
        by=ana,
        rating=RatingLabel.objects.get(slug="mostly-true"),
        summary="The visit was reported by both governments; its purpose was not.",
        explanation="Both state news agencies reported a delegation in late April.",
        evidence=[EvidenceLink("https://example.org/agency-report", "Agency report", "supports")],
    )
    in_review.start_review(by=ana)
    appearance = rated.appearances.first()
    assert appearance is not None
    return rated.pk, appearance.article_id


def main() -> int:
    from playwright.sync_api import sync_playwright

    workdir = tempfile.mkdtemp(prefix="factbase-screenshots-")
    os.environ.pop("DATABASE_URL", None)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="factbase.settings", DEBUG="1", FACTBASE_DATA_DIR=workdir
    )
    sys.path.insert(0, str(ROOT))
    claim_id, article_id = build_data()

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/admin/login/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        OUT.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_context(
                base_url=base, viewport={"width": 1280, "height": 800}
            ).new_page()
            page.goto("/admin/login/")
            page.fill("#id_username", "ana")
            page.fill("#id_password", PASSWORD)
            page.click("input[type=submit]")
            page.wait_for_selector("#fb-dashboard")
            # Each page, scrolled to what it is for: the article to its marked-up text.
            for name, url, focus in [
                ("queue", "/admin/claims/claim/", "#result_list"),
                ("claim", f"/admin/claims/claim/{claim_id}/change/", "#content"),
                ("article", f"/admin/sources/article/{article_id}/change/", ".fb-article"),
            ]:
                page.goto(url)
                page.locator(focus).first.evaluate("element => element.scrollIntoView()")
                page.screenshot(path=str(OUT / f"{name}.png"))
                print(f"wrote {OUT / f'{name}.png'}")
            browser.close()
    finally:
        server.terminate()
        server.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
