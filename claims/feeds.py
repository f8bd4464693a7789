"""Polling watched feeds: fetch each due feed (conditional GET), find the entries it
has never sent, and import them, on the queue when one is configured, else inline.
Used by `manage.py poll_feeds` and the workers' periodic task."""

import time
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

from claims.importing import ImportOptions, import_articles
from claims.jobs import enqueue_import, queue_configured
from sources.feeds import RobotsRules, entry_urls
from sources.fetching import fetch_url
from sources.models import Feed, FeedEntry, ImportRun, fit
from sources.parsing import UnreadableInput


@dataclass(frozen=True)
class PollResult:
    feed: str
    new: int = 0
    not_modified: bool = False
    error: str = ""
    run: ImportRun | None = None

    def describe(self) -> str:
        if self.error:
            return f"{self.feed}: FAILED: {self.error}"
        if self.not_modified:
            return f"{self.feed}: not modified"
        where = f" (import #{self.run.pk})" if self.run else ""
        return f"{self.feed}: {self.new} new entries{where}"


class HostPacing:
    """Keeps requests of one poll round to the same host FACTBASE_FEED_HOST_INTERVAL
    seconds apart."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._last: dict[str, float] = {}

    def wait(self, url: str) -> None:
        host = urlsplit(url).hostname or ""
        if host in self._last:
            time.sleep(max(0.0, self._last[host] + self.seconds - time.monotonic()))
        self._last[host] = time.monotonic()


def poll_due_feeds(*, now: datetime | None = None) -> list[PollResult]:
    """Poll every enabled feed whose interval has passed."""
    robots = RobotsRules()
    pacing = HostPacing(settings.FACTBASE_FEED_HOST_INTERVAL)
    due = Feed.objects.due(now or timezone.now()).select_related("outlet")
    return [poll_feed(feed, robots=robots, pacing=pacing) for feed in due]


def poll_feed(feed: Feed, *, robots: RobotsRules, pacing: HostPacing) -> PollResult:
    """Fetch one feed and import its new entries; record the poll on the feed."""
    now = timezone.now()
    try:
        if not robots.allows(feed.url):
            raise UnreadableInput("robots.txt disallows fetching the feed")
        pacing.wait(feed.url)
        fetched = fetch_url(
            feed.url,
            timeout=settings.FACTBASE_FETCH_TIMEOUT,
            max_bytes=settings.FACTBASE_MAX_FILE_BYTES,
            etag=feed.etag,
            last_modified=feed.last_modified,
        )
        if fetched.not_modified:
            feed.polled(now)
            return PollResult(feed.url, not_modified=True)
        urls = entry_urls(fetched.data, base_url=fetched.url)
    except UnreadableInput as error:
        feed.polled(now, error=str(error))
        return PollResult(feed.url, error=str(error))
    feed.etag = fit(fetched.etag, Feed.etag)
    feed.last_modified = fit(fetched.last_modified, Feed.last_modified)
    seen = set(feed.entries.filter(url__in=urls).values_list("url", flat=True))
    new = [url for url in urls if url not in seen and robots.allows(url)]
    run = _import(new, outlet=feed.outlet.name if feed.outlet else "") if new else None
    # Recorded once sent: an entry is never sent twice, even if its import failed (the
    # run's errors and the failed jobs say why).
    FeedEntry.objects.bulk_create(
        [FeedEntry(feed=feed, url=url, import_run=run) for url in new], ignore_conflicts=True
    )
    feed.polled(now, found=len(new))
    return PollResult(feed.url, new=len(new), run=run)


def _import(urls: list[str], *, outlet: str) -> ImportRun | None:
    options = ImportOptions(outlet=outlet)
    if queue_configured():
        return enqueue_import([], urls=urls, options=options)
    return import_articles([], urls=urls, options=options).run
