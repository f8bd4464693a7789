"""Watched feeds polled from a local web server with `manage.py poll_feeds --once`
(inline: no broker); the queued variant is in test_queue.py."""

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import call_command

from sources.models import Article, Feed, FeedEntry, Outlet

pytestmark = pytest.mark.django_db


def page(title: str) -> bytes:
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f'<p>"{title} is what we announce today," Mayor Ana Ruiz said on Monday.</p>'
        "<p>The council will vote on the proposal next week, officials said, after a "
        "month of public hearings in every district of the city.</p>"
        "</article></body></html>"
    ).encode()


def rss(base: str, paths: list[str]) -> bytes:
    items = "".join(
        f"<item><title>{p}</title><link>{base}{p}</link><guid>{base}{p}</guid></item>"
        for p in paths
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Example</title>'
        f"<link>{base}/</link><description>news</description>{items}</channel></rss>"
    ).encode()


def news_sitemap(base: str, paths: list[str]) -> bytes:
    urls = "".join(
        f"<url><loc>{base}{p}</loc><news:news><news:title>{p}</news:title></news:news></url>"
        for p in paths
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        f"{urls}</urlset>"
    ).encode()


@dataclass
class Site:
    url: str
    # path → (body, content type, ETag)
    documents: dict[str, tuple[bytes, str, str]] = field(default_factory=dict)
    hits: dict[str, int] = field(default_factory=dict)
    not_modified: int = 0


@pytest.fixture
def site(settings) -> Iterator[Site]:
    settings.FACTBASE_FETCH_ALLOW_PRIVATE = ["127.0.0.1/32"]
    settings.FACTBASE_FEED_HOST_INTERVAL = 0
    holder: list[Site] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            served = holder[0]
            served.hits[self.path] = served.hits.get(self.path, 0) + 1
            if self.path not in served.documents:
                self.send_error(404)
                return
            body, content_type, etag = served.documents[self.path]
            if etag and self.headers.get("If-None-Match") == etag:
                served.not_modified += 1
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            if etag:
                self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    site = Site(url=f"http://127.0.0.1:{server.server_address[1]}")
    holder.append(site)
    site.documents["/robots.txt"] = (b"User-agent: *\nDisallow: /private/\n", "text/plain", "")
    for path in ["/a", "/b", "/d", "/private/c"]:
        site.documents[path] = (page(f"Story {path}"), "text/html; charset=utf-8", "")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site
    server.shutdown()
    server.server_close()


def poll() -> str:
    out = StringIO()
    call_command("poll_feeds", "--once", stdout=out)
    return out.getvalue()


def test_feed_entries_are_imported_once_and_the_next_poll_is_not_modified(site: Site) -> None:
    site.documents["/feed.xml"] = (
        rss(site.url, ["/a", "/b", "/private/c"]),
        "application/rss+xml",
        '"v1"',
    )
    outlet = Outlet.objects.create(name="Example Daily")
    feed = Feed.objects.create(url=f"{site.url}/feed.xml", outlet=outlet)

    assert f"{feed.url}: 2 new entries" in poll()

    assert sorted(Article.objects.values_list("url", flat=True)) == [
        f"{site.url}/a",
        f"{site.url}/b",
    ]
    assert set(Article.objects.values_list("outlet__name", flat=True)) == {"Example Daily"}
    assert "/private/c" not in site.hits  # robots.txt disallows it
    feed.refresh_from_db()
    assert (feed.articles_found, feed.etag, feed.last_error) == (2, '"v1"', "")
    assert feed.last_fetched_at is not None

    assert poll() == ""  # not due before its interval
    Feed.objects.update(next_poll_at=None)
    assert f"{feed.url}: not modified" in poll()
    assert site.not_modified == 1
    assert (site.hits["/a"], site.hits["/b"]) == (1, 1)
    assert Article.objects.count() == 2


def test_a_changed_feed_sends_only_its_new_entries(site: Site) -> None:
    site.documents["/feed.xml"] = (rss(site.url, ["/a"]), "application/rss+xml", '"v1"')
    feed = Feed.objects.create(url=f"{site.url}/feed.xml")
    poll()
    site.documents["/feed.xml"] = (rss(site.url, ["/d", "/a"]), "application/rss+xml", '"v2"')
    Feed.objects.update(next_poll_at=None)

    assert f"{feed.url}: 1 new entries" in poll()

    assert (site.hits["/a"], site.hits["/d"]) == (1, 1)
    assert FeedEntry.objects.filter(feed=feed).count() == 2
    assert Article.objects.count() == 2


def test_news_sitemap_entries_are_imported(site: Site) -> None:
    site.documents["/news-sitemap.xml"] = (
        news_sitemap(site.url, ["/a", "/b"]),
        "application/xml",
        "",
    )
    Feed.objects.create(url=f"{site.url}/news-sitemap.xml")

    poll()

    assert Article.objects.count() == 2


def test_a_feed_that_cannot_be_read_records_why(site: Site) -> None:
    site.documents["/feed.xml"] = (b"<html>not a feed</html>", "text/html", "")
    feed = Feed.objects.create(url=f"{site.url}/feed.xml")
    missing = Feed.objects.create(url=f"{site.url}/gone.xml")

    out = poll()

    feed.refresh_from_db()
    missing.refresh_from_db()
    assert feed.last_error == "neither an RSS or Atom feed nor a sitemap"
    assert missing.last_error == "HTTP 404 Not Found"
    assert f"{missing.url}: FAILED: HTTP 404 Not Found" in out
    assert not Article.objects.exists()


def test_disabled_feeds_are_not_polled(site: Site) -> None:
    site.documents["/feed.xml"] = (rss(site.url, ["/a"]), "application/rss+xml", "")
    Feed.objects.create(url=f"{site.url}/feed.xml", enabled=False)

    assert poll() == ""
    assert "/feed.xml" not in site.hits
