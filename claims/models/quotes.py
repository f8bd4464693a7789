from typing import Self

from django.contrib.auth.models import AnonymousUser, User
from django.db import models, transaction
from django.db.models import F, Q

from claims.models.audit import AuditEvent
from claims.models.speakers import Speaker
from claims.models.visibility import reads_everything
from claims.models.workflow import (
    REVIEW_ATTRIBUTION,
    VERIFIED_ATTRIBUTIONS,
    AttributionStatus,
    WorkflowError,
)
from sources.models import Article


class QuoteKind(models.TextChoices):
    DIRECT = "direct", "Direct"
    INDIRECT = "indirect", "Indirect"


class QuoteQuerySet(models.QuerySet["Quote"]):
    def for_list(self) -> Self:
        return self.select_related("speaker", "article", "article__outlet").defer(
            "article__body", "article__raw"
        )

    def needs_review(self) -> Self:
        return self.filter(attribution_status=AttributionStatus.UNREVIEWED)

    def reviewed(self) -> Self:
        return self.exclude(attribution_status=AttributionStatus.UNREVIEWED)

    def verified(self) -> Self:
        """Quotes whose speaker a reviewer has confirmed or corrected."""
        return self.filter(attribution_status__in=VERIFIED_ATTRIBUTIONS)

    def visible_to(self, user: User | AnonymousUser) -> Self:
        """The desk sees every quote, others the verified ones (claims.models.visibility)."""
        return self if reads_everything(user) else self.verified()


class Quote(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="quotes")
    speaker = models.ForeignKey(
        Speaker, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes"
    )
    text = models.TextField(help_text="Verbatim; equals article.body[start:end].")
    kind = models.CharField(max_length=16, choices=QuoteKind.choices, default=QuoteKind.DIRECT)
    mention = models.CharField(
        max_length=300, blank=True, default="", help_text='How the text named the speaker ("he").'
    )
    cue = models.CharField(max_length=64, blank=True, default="", help_text="Reporting verb.")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    confidence = models.FloatField(default=0.0)
    method = models.CharField(max_length=64, blank=True, default="")
    attribution_status = models.CharField(
        max_length=16,
        choices=AttributionStatus.choices,
        default=AttributionStatus.UNREVIEWED,
        help_text="Did this person really say these words? Only confirmed and misattributed "
        "(corrected) quotes are public; re-extraction never changes a reviewed quote.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = QuoteQuerySet.as_manager()

    class Meta:
        ordering = ["article_id", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(start__lt=F("end")), name="quote_span_start_lt_end"),
            models.UniqueConstraint(fields=["article", "start", "end"], name="quote_unique_span"),
        ]
        # For the attribution review queue and the public quote lists, which select by it.
        indexes = [models.Index(fields=["attribution_status"])]
        permissions = [REVIEW_ATTRIBUTION.as_meta()]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"

    @property
    def speaker_label(self) -> str:
        return self.speaker.name if self.speaker else "unattributed"

    def is_reviewed(self) -> bool:
        return self.attribution_status != AttributionStatus.UNREVIEWED

    @transaction.atomic
    def set_attribution(
        self,
        status: AttributionStatus,
        *,
        by: User | None,
        speaker: Speaker | None = None,
        note: str = "",
    ) -> None:
        """Record a reviewer's verdict on who said this; misattribution names the real speaker."""
        if status == AttributionStatus.MISATTRIBUTED and speaker is None:
            raise WorkflowError("A misattributed quote needs the correct speaker.")
        AuditEvent.record(
            self,
            "quote.attribution",
            by=by,
            from_value=self.attribution_status,
            to_value=status,
            note=note,
        )
        if speaker is not None and speaker != self.speaker:
            AuditEvent.record(
                self,
                "quote.speaker",
                by=by,
                from_value=self.speaker or "",
                to_value=speaker,
                note=note,
            )
            self.speaker = speaker
        self.attribution_status = status
        self.save(update_fields=["attribution_status", "speaker", "updated_at"])
