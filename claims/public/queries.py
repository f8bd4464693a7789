"""Which rows the public pages read, and in how many queries.

Everything here starts from `Claim.objects.published()` (claims.models.visibility):
the public pages show what an anonymous reader may see, whoever is signed in.
"""

from django.db.models import F, OuterRef, Prefetch, Subquery, prefetch_related_objects
from django.db.models.functions import Substr

from claims.models import Claim, ClaimAppearance, Evidence, Review
from claims.models.claims import ClaimQuerySet


def _current(field: str) -> Subquery:
    """`field` of the claim's current published verdict."""
    latest = (
        Review.objects.published().filter(claim=OuterRef("pk")).order_by("-published_at", "-id")
    )
    return Subquery(latest.values(field)[:1])


def verdict_list() -> ClaimQuerySet:
    """Published claims for a list (home page, speaker page, feeds), newest verdict first,
    each with its claimant, rating and the summary and own URL of its current verdict,
    in one query."""
    return (
        Claim.objects.published()
        .select_related("claimant", "rating")
        .only(
            "id",
            "text",
            "state",
            "published_at",
            "updated_at",
            "claimant__id",
            "claimant__name",
            "claimant__kind",
            "rating__name",
            "rating__slug",
            "rating__value",
        )
        .annotate(summary=_current("summary"), canonical_url=_current("url"))
        .order_by("-published_at", "-id")
    )


def attach_verdict_page(claim: Claim) -> None:
    """Fetch what the verdict page shows besides the claim row, in three queries: its
    appearances (with the sentence the claim was made in, and no more of the article),
    its published verdicts oldest first, and their evidence."""
    appearances = (
        ClaimAppearance.objects.select_related("article__outlet")
        .defer("article__body", "article__raw", "article__metadata")
        .annotate(sentence=Substr("article__body", F("start") + 1, F("end") - F("start")))
    )
    reviews = (
        Review.objects.published()
        .select_related("rating", "reviewer")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("id")))
        .order_by("published_at", "id")
    )
    prefetch_related_objects(
        [claim],
        Prefetch("appearances", queryset=appearances),
        Prefetch("reviews", queryset=reviews),
    )
