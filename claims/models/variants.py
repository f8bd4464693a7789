"""Quote variants: one quote reported in other words elsewhere ("will" in one outlet,
"might" in another), found on import and judged by a reviewer."""

from typing import Self

from django.contrib.auth.models import AnonymousUser, User
from django.db import models, transaction
from django.db.models import F, Q

from claims.models.audit import AuditEvent
from claims.models.quotes import Quote
from claims.models.speakers import Speaker
from claims.models.visibility import reads_everything


class QuoteWord(models.Model):
    """A content word of a direct quote (`claims.wording.content_words`): how the import
    finds the few earlier quotes worth comparing a new one with, by their rarest shared
    words, without reading every quote."""

    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="words")
    word = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["word", "quote"], name="quote_word_unique"),
        ]

    def __str__(self) -> str:
        return self.word


class VariantVerdict(models.TextChoices):
    UNREVIEWED = "unreviewed", "Not reviewed"
    SAME_WORDS = "same_words", "Same words"
    MISQUOTE = "misquote", "Misquote"
    DIFFERENT = "different", "Different quote"


class QuoteVariantQuerySet(models.QuerySet["QuoteVariant"]):
    def visible_to(self, user: User | AnonymousUser) -> Self:
        """The desk's working notes: nobody else reads them (claims.models.visibility)."""
        return self if reads_everything(user) else self.none()

    def misquotes(self) -> Self:
        return self.filter(verdict=VariantVerdict.MISQUOTE)

    def of_speaker(self, speaker: Speaker) -> Self:
        return self.filter(Q(quote__speaker=speaker) | Q(variant_of__speaker=speaker))

    def involving(self, quote: Quote) -> Self:
        return self.filter(Q(quote=quote) | Q(variant_of=quote))

    def reviewed(self) -> Self:
        return self.exclude(verdict=VariantVerdict.UNREVIEWED)

    def for_list(self) -> Self:
        related = ["speaker", "article", "article__outlet"]
        return self.select_related(
            *(f"quote__{r}" for r in related), *(f"variant_of__{r}" for r in related)
        ).defer(
            "quote__article__body",
            "quote__article__raw",
            "variant_of__article__body",
            "variant_of__article__raw",
        )


class QuoteVariant(models.Model):
    """`quote`, found later, nearly repeats the words of `variant_of`: the same speaker
    (or an unattributed quote) reported in slightly different words. A reviewer says
    whether they are the same words, a misquote, or different quotes; the pair is never
    suggested again either way."""

    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="variants")
    variant_of = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="later_variants")
    similarity = models.FloatField(help_text="Share of words in the same order, 0 to 1.")
    verdict = models.CharField(
        max_length=16,
        choices=VariantVerdict.choices,
        default=VariantVerdict.UNREVIEWED,
        help_text="Misquotes are listed on the speaker's page for the desk, never in public.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = QuoteVariantQuerySet.as_manager()

    class Meta:
        ordering = ["-similarity", "id"]
        constraints = [
            models.UniqueConstraint(fields=["quote", "variant_of"], name="quote_variant_unique"),
            models.CheckConstraint(
                condition=~Q(quote=F("variant_of")), name="quote_variant_not_itself"
            ),
        ]
        # For the misquotes of a speaker's page, which select by verdict.
        indexes = [models.Index(fields=["verdict"])]

    def __str__(self) -> str:
        return f"Quote #{self.quote_id} as a variant of #{self.variant_of_id}"

    def other(self, quote: Quote) -> Quote:
        """The quote of the pair that is not `quote`."""
        return self.variant_of if quote.pk == self.quote_id else self.quote

    @transaction.atomic
    def mark(self, verdict: VariantVerdict, *, by: User | None, note: str = "") -> None:
        """Record a reviewer's judgement of the two wordings, with its audit row."""
        AuditEvent.record(
            self, "quote.variant", by=by, from_value=self.verdict, to_value=verdict, note=note
        )
        self.verdict = verdict
        self.save(update_fields=["verdict", "updated_at"])

    def mark_same_words(self, *, by: User | None, note: str = "") -> None:
        self.mark(VariantVerdict.SAME_WORDS, by=by, note=note)

    def mark_misquote(self, *, by: User | None, note: str = "") -> None:
        self.mark(VariantVerdict.MISQUOTE, by=by, note=note)

    def mark_different(self, *, by: User | None, note: str = "") -> None:
        self.mark(VariantVerdict.DIFFERENT, by=by, note=note)
