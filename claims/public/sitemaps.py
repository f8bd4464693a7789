"""sitemap.xml: an index of sections, each a sitemap of verdict or speaker pages, with
locations under FACTBASE_SITE_URL rather than the request's host."""

from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, sitemap  # type: ignore[attr-defined]
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import get_script_prefix, reverse
from django.views.decorators.http import require_safe

from claims.links import absolute_reverse, site_url, slug_of
from claims.models import Claim, Speaker


class SiteSitemap(Sitemap):
    """Locations are FACTBASE_SITE_URL (scheme, host and path prefix) + the page's path."""

    limit = 10_000

    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(site_url()).scheme

    def get_domain(self, site: Any = None) -> str:
        parts = urlsplit(site_url())
        return parts.netloc + parts.path.rstrip("/")

    def path(self, name: str, *args: object) -> str:
        # reverse() includes the script prefix; get_domain() already ends with it.
        return "/" + reverse(name, args=args)[len(get_script_prefix()) :]


class VerdictSitemap(SiteSitemap):
    def items(self) -> QuerySet[Claim]:
        return Claim.objects.published().only("id", "text", "updated_at").order_by("id")

    def location(self, item: Claim) -> str:
        return self.path("public:verdict", item.pk, slug_of(item.text))

    def lastmod(self, item: Claim) -> datetime:
        return item.updated_at


class SpeakerSitemap(SiteSitemap):
    def items(self) -> QuerySet[Speaker]:
        speakers = Claim.objects.published().values("claimant_id")
        return Speaker.objects.filter(pk__in=speakers).only("id", "name").order_by("id")

    def location(self, item: Speaker) -> str:
        return self.path("public:speaker", item.pk, slug_of(item.name))


SECTIONS: dict[str, type[SiteSitemap]] = {"verdicts": VerdictSitemap, "speakers": SpeakerSitemap}


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """The sitemap index: every page of every section, with absolute locations."""
    items = []
    for name, section in SECTIONS.items():
        for page in section().paginator.page_range:
            location = absolute_reverse("public:sitemap-section", name)
            items.append(SitemapIndexItem(location if page == 1 else f"{location}?p={page}", None))
    return TemplateResponse(
        request,
        "sitemap_index.xml",
        {"sitemaps": items},
        content_type="application/xml",
    )


@require_safe
def section(request: HttpRequest, section: str) -> HttpResponse:
    if section not in SECTIONS:
        raise Http404("No such sitemap.")
    return sitemap(request, {section: SECTIONS[section]}, section=section)
