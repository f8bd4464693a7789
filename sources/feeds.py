"""Watched feeds, read: RSS 1.0/2.0 and Atom (with feedparser) and news sitemaps,
each turned into the list of its entries' page URLs; robots.txt rules. No database."""

from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import feedparser
from django.conf import settings
from lxml import etree

from sources.fetching import USER_AGENT, fetch_url
from sources.parsing import FetchFailedForNow, UnreadableInput

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def entry_urls(data: bytes, *, base_url: str) -> list[str]:
    """The page URLs a feed or news sitemap lists, in its order, each once.

    Raises UnreadableInput when the document is neither.
    """
    sitemap = _sitemap_urls(data)
    if sitemap is not None:
        urls = sitemap
    else:
        parsed = feedparser.parse(data)
        if not parsed.entries and (parsed.bozo or not parsed.version):
            raise UnreadableInput("neither an RSS or Atom feed nor a sitemap")
        urls = [entry.get("link", "") for entry in parsed.entries]
    web = [urljoin(base_url, url.strip()) for url in urls if url and url.strip()]
    return list(dict.fromkeys(u for u in web if urlsplit(u).scheme in {"http", "https"}))


def _sitemap_urls(data: bytes) -> list[str] | None:
    """A sitemap's <loc> URLs (news sitemaps are sitemaps), or None if it is not one."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return None
    if root.tag != f"{SITEMAP_NS}urlset":
        return None
    return [loc.text or "" for loc in root.iter(f"{SITEMAP_NS}loc")]


class RobotsRules:
    """robots.txt of the hosts of one poll, each fetched once (RFC 9309: a missing file
    allows everything; an unreachable one allows nothing for now)."""

    def __init__(self) -> None:
        self._by_host: dict[str, RobotFileParser | None] = {}

    def allows(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._by_host:
            self._by_host[origin] = self._read(origin)
        rules = self._by_host[origin]
        return rules is None or rules.can_fetch(USER_AGENT, url)

    @staticmethod
    def _read(origin: str) -> RobotFileParser | None:
        rules = RobotFileParser()
        try:
            fetched = fetch_url(
                f"{origin}/robots.txt", timeout=settings.FACTBASE_FETCH_TIMEOUT, max_bytes=512_000
            )
        except FetchFailedForNow:
            rules.parse(["User-agent: *", "Disallow: /"])
            return rules
        except UnreadableInput:
            return None  # no robots.txt (4xx): everything is allowed
        rules.parse(fetched.data.decode("utf-8", "replace").splitlines())
        return rules
