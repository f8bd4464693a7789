"""The one way to write a claim's URL, for ClaimReview `url` and claims:search."""

from django.urls import reverse


def claim_url(claim_id: int, *, site: str) -> str:
    """The claim's API detail URL on `site` (scheme and host, e.g. a request's or
    FACTBASE_PUBLISHER_URL)."""
    return site.rstrip("/") + reverse("claim-detail", args=[claim_id])
