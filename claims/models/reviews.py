"""Verdicts on claims and the evidence behind them."""

from dataclasses import dataclass
from typing import Any, Self

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone

from claims.match_terms import match_terms
from claims.models.ratings import RatingLabel
from claims.models.visibility import reads_everything
from sources.weblinks import validate_web_url


class EvidenceStance(models.TextChoices):
    SUPPORTS = "supports", "Supports"
    REFUTES = "refutes", "Refutes"
    CONTEXT = "context", "Context"


class NoClaimantReason(models.TextChoices):
    """Why a published verdict names no one who made the claim."""

    UNATTRIBUTED = "unattributed", "Unattributed in the source"
    INSTITUTIONAL = "institutional", "Institutional statement, no person named"
    ANONYMOUS = "anonymous", "Anonymous source"
    CIRCULATING = "circulating", "Circulating claim, origin unknown"
    OTHER = "other", "Other (explained)"


@dataclass(frozen=True)
class NoClaimant:
    """The reason a claim is published without a claimant; `detail` explains "other"."""

    reason: NoClaimantReason
    detail: str = ""

    def __str__(self) -> str:
        label = str(self.reason.label)
        return f"{label}: {self.detail}" if self.detail else label


@dataclass(frozen=True)
class EvidenceLink:
    url: str
    title: str
    stance: str
    note: str = ""


@dataclass(frozen=True)
class Verdict:
    """What a reviewer concludes about a claim, before it is written as a Review."""

    rating: RatingLabel
    summary: str
    explanation: str
    evidence: tuple[EvidenceLink, ...]
    # The organisation's own article about this verdict, if it has one (see Review.url).
    url: str = ""


class ReviewQuerySet(models.QuerySet["Review"]):
    def published(self) -> Self:
        return self.filter(published_at__isnull=False)

    def imported(self) -> Self:
        """Verdicts of other fact-checkers, read from their ClaimReview."""
        return self.exclude(publisher_name="")

    def visible_to(self, user: User | AnonymousUser) -> Self:
        """The desk sees draft verdicts too, others the published ones
        (claims.models.visibility)."""
        return self if reads_everything(user) else self.published()


class Review(models.Model):
    """A verdict on a claim. Published reviews are never edited; a correction adds a new one."""

    claim = models.ForeignKey("claims.Claim", on_delete=models.CASCADE, related_name="reviews")
    rating = models.ForeignKey(RatingLabel, on_delete=models.PROTECT, related_name="reviews")
    summary = models.CharField(max_length=500)
    explanation = models.TextField(blank=True, default="")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviews",
        help_text="Empty for verdicts imported from another fact-checker.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty while the verdict is a draft, which is not public."
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="published_reviews",
    )
    correction_note = models.TextField(blank=True, default="")
    # A correction may fix what the verdict is about; published, these replace the
    # claim's wording and claimant. Empty wording: the review corrects neither.
    corrected_text = models.TextField(
        blank=True, default="", help_text="The claim's wording this correction publishes."
    )
    corrected_claimant = models.ForeignKey(
        "claims.Speaker",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The claimant this correction publishes; empty means none.",
    )
    no_claimant_reason = models.CharField(
        max_length=16,
        choices=NoClaimantReason.choices,
        blank=True,
        default="",
        help_text="Why the published verdict names no claimant: required to publish a claim "
        "that has none.",
    )
    no_claimant_detail = models.CharField(max_length=500, blank=True, default="")
    # Verdicts imported from other fact-checkers (ClaimReview) say who published them;
    # empty means this desk (settings.FACTBASE_PUBLISHER_*).
    publisher_name = models.CharField(max_length=200, blank=True, default="")
    publisher_site = models.CharField(max_length=253, blank=True, default="")
    url = models.URLField(
        "canonical URL",
        max_length=2000,
        blank=True,
        default="",
        validators=[validate_web_url],
        help_text="The page where this verdict is published: the fact-checker's article for an "
        "imported verdict; for this desk's, its own article about the verdict, if any. "
        "ClaimReview and the feeds then point there, and the public page declares it canonical.",
    )
    original_rating = models.CharField(
        max_length=200, blank=True, default="", help_text="The publisher's own rating label."
    )
    language = models.CharField(max_length=16, default="en")
    # The summary's words, for claim matching (claims/matching.py): a fact-check's title
    # often words the claim as people post it. Maintained by a PostgreSQL trigger (see
    # migrations); unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    # The summary's terms as claim matching reads them, set by save() (see Claim).
    match_terms = models.TextField(blank=True, default="", editable=False)
    match_vector = SearchVectorField(null=True, editable=False)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["claim", "created_at", "id"]
        constraints = [
            # An imported verdict is known by its page: importing it again updates it.
            # The desk's own verdicts may share one (an article checking several claims,
            # a correction keeping its article).
            models.UniqueConstraint(
                fields=["url"],
                condition=~models.Q(url="") & ~models.Q(publisher_name=""),
                name="imported_review_url_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.rating}: {self.summary}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.match_terms = match_terms(self.summary)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "match_terms"}
        super().save(*args, **kwargs)

    def is_imported(self) -> bool:
        return bool(self.publisher_name)

    def is_published(self) -> bool:
        return self.published_at is not None

    def corrects_wording(self) -> bool:
        """Whether this (correction) carries the claim's wording and claimant."""
        return bool(self.corrected_text)

    def no_claimant(self) -> NoClaimant | None:
        if not self.no_claimant_reason:
            return None
        return NoClaimant(NoClaimantReason(self.no_claimant_reason), self.no_claimant_detail)


class Evidence(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="evidence")
    url = models.URLField(max_length=2000, validators=[validate_web_url])
    title = models.CharField(max_length=500)
    stance = models.CharField(max_length=16, choices=EvidenceStance.choices)
    note = models.TextField(blank=True, default="")

    class Meta:
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return self.title
