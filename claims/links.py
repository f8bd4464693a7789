"""Absolute URLs of factbase's pages, built from FACTBASE_SITE_URL.

Every absolute URL factbase writes for others to follow (ClaimReview, claims:search,
feeds, the sitemap) comes from here, never from the request: behind a proxy the
request's host is the proxy's idea of it, and a command has no request at all.
"""

from typing import TYPE_CHECKING

from django.conf import settings
from django.urls import get_script_prefix, reverse
from django.utils.text import slugify

if TYPE_CHECKING:
    from claims.models import Claim, Speaker


def site_url() -> str:
    """FACTBASE_SITE_URL with exactly one trailing slash."""
    return settings.FACTBASE_SITE_URL.rstrip("/") + "/"


def absolute(path: str) -> str:
    """The absolute URL of `path`, a path as `reverse()` gives it.

    `reverse()` puts the script prefix (the path the server mounts factbase under)
    in front; FACTBASE_SITE_URL already ends with it, so it is taken off first.
    """
    prefix = get_script_prefix()
    relative = path[len(prefix) :] if path.startswith(prefix) else path.lstrip("/")
    return site_url() + relative


def absolute_reverse(viewname: str, *args: object) -> str:
    return absolute(reverse(viewname, args=args))


SLUG_CHARS = 60


def slug_of(text: str) -> str:
    """A readable URL slug of `text`: its first words, cut at a word boundary.

    The page's id is what identifies it; the slug only reads well, and a link with
    an outdated slug (the claim's wording was edited) redirects to the current one.
    """
    slug = slugify(text)
    if len(slug) > SLUG_CHARS:
        slug = slug[: SLUG_CHARS + 1].rsplit("-", 1)[0]
    return slug or "claim"


def verdict_path(claim: "Claim") -> str:
    """The path of a claim's public verdict page (which exists once it is published)."""
    return reverse("public:verdict", args=[claim.pk, slug_of(claim.text)])


def verdict_url(claim: "Claim") -> str:
    """The absolute URL of a claim's public verdict page."""
    return absolute(verdict_path(claim))


def speaker_path(speaker: "Speaker") -> str:
    return reverse("public:speaker", args=[speaker.pk, slug_of(speaker.name)])


def speaker_url(speaker: "Speaker") -> str:
    """The absolute URL of a speaker's public page."""
    return absolute(speaker_path(speaker))
