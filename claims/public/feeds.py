"""Atom and RSS feeds of newly published and corrected verdicts."""

from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from claims.links import absolute_reverse, verdict_url
from claims.models import Claim
from claims.public.queries import verdict_list

FEED_ITEMS = 50


class VerdictFeed(Feed):
    """The latest published verdicts; a correction publishes its claim again, so it
    comes back to the top with its new date. Links follow FACTBASE_SITE_URL, and a
    verdict's own URL (its canonical page) when it has one."""

    feed_type: type[Rss201rev2Feed] | type[Atom1Feed] = Atom1Feed
    feed_name = "public:feed-atom"

    def title(self) -> str:
        return f"{settings.FACTBASE_PUBLISHER_NAME}: latest fact-checks"

    def link(self) -> str:
        return absolute_reverse("public:home")

    def feed_url(self) -> str:
        return absolute_reverse(self.feed_name)

    def description(self) -> str:
        return "Newly published and corrected fact-checks."

    def items(self) -> QuerySet[Claim]:
        return verdict_list()[:FEED_ITEMS]

    def item_title(self, item: Claim) -> str:
        corrected = " (corrected)" if item.state == "corrected" else ""
        rating = item.rating.name if item.rating else ""
        return f"{rating}{corrected}: {item.text}"

    def item_description(self, item: Claim) -> str:
        return str(getattr(item, "summary", "") or "")

    def item_link(self, item: Claim) -> str:
        return str(getattr(item, "canonical_url", "") or "") or verdict_url(item)

    def item_guid(self, item: Claim) -> str:
        return verdict_url(item)

    def item_guid_is_permalink(self, item: Claim) -> bool:
        return False

    def item_pubdate(self, item: Claim) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: Claim) -> datetime:
        return item.updated_at

    def item_author_name(self, item: Claim) -> str:
        return settings.FACTBASE_PUBLISHER_NAME


class AtomVerdictFeed(VerdictFeed):
    pass


class RssVerdictFeed(VerdictFeed):
    feed_type = Rss201rev2Feed
    feed_name = "public:feed-rss"
