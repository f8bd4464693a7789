"""Map an extraction result onto rows, without touching anything a reviewer has handled."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction

from claims.extraction import Extraction
from claims.extraction.types import SpeakerInfo
from claims.models import Claim, ClaimAppearance, ClaimState, Quote, Speaker
from claims.models.claims import claim_fingerprint
from sources.models import Article


@dataclass
class RecordingSummary:
    quotes_added: int = 0
    quotes_updated: int = 0
    quotes_kept: int = 0
    quotes_removed: int = 0
    claims_added: int = 0
    claims_kept: int = 0
    speakers_added: int = 0

    def __iadd__(self, other: RecordingSummary) -> RecordingSummary:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self


def record_extraction(article: Article, extraction: Extraction) -> RecordingSummary:
    """Store quotes, speakers and claim candidates of one article. Call inside a transaction.

    Re-running it is safe: quotes whose attribution a reviewer has set and claims that
    left the `new` state are never changed or deleted; only machine output is refreshed.
    """
    summary = RecordingSummary()
    speakers = {info.name: _speaker_for(info, summary) for info in extraction.speakers}
    existing = {(q.start, q.end): q for q in article.quotes.all()}
    predicted_spans = set()
    stored_quotes: list[Quote | None] = []
    for found in extraction.quotes:
        span = (found.start, found.end)
        predicted_spans.add(span)
        speaker = speakers.get(found.speaker) if found.speaker else None
        quote = existing.get(span)
        if quote is None:
            quote = Quote.objects.create(
                article=article,
                speaker=speaker,
                text=found.text,
                kind=found.kind,
                mention=found.mention[:300],
                cue=found.cue[:64],
                start=found.start,
                end=found.end,
                confidence=found.confidence,
                method=found.method,
            )
            summary.quotes_added += 1
        elif quote.is_reviewed():
            summary.quotes_kept += 1
        else:
            changed = (quote.speaker_id, quote.kind, quote.cue, quote.mention) != (
                speaker.pk if speaker else None,
                found.kind,
                found.cue,
                found.mention,
            )
            if changed:
                quote.speaker, quote.kind, quote.cue = speaker, found.kind, found.cue
                quote.mention, quote.confidence = found.mention, found.confidence
                quote.method = found.method
                quote.save()
                summary.quotes_updated += 1
        stored_quotes.append(quote)
    for span, quote in existing.items():
        if span in predicted_spans:
            continue
        if quote.is_reviewed() or quote.appearances.exclude(claim__state=ClaimState.NEW).exists():
            summary.quotes_kept += 1
        else:
            quote.delete()
            summary.quotes_removed += 1
    for candidate in extraction.claims:
        quote = stored_quotes[candidate.quote_index] if candidate.quote_index is not None else None
        claimant = speakers.get(candidate.speaker) if candidate.speaker else None
        fingerprint = claim_fingerprint(candidate.text)
        claim = Claim.objects.filter(fingerprint=fingerprint).order_by("id").first()
        if claim is None:
            claim = Claim.objects.create(
                text=candidate.text,
                claimant=claimant,
                check_worthiness=candidate.score,
                reasons=list(candidate.reasons),
            )
            summary.claims_added += 1
        elif claim.state == ClaimState.NEW and claim.assignee_id is None:
            claim.check_worthiness, claim.reasons = candidate.score, list(candidate.reasons)
            claim.claimant = claim.claimant or claimant
            claim.save(update_fields=["check_worthiness", "reasons", "claimant", "updated_at"])
        else:
            summary.claims_kept += 1
        ClaimAppearance.objects.get_or_create(
            claim=claim,
            article=article,
            start=candidate.start,
            defaults={"end": candidate.end, "quote": quote},
        )
    return summary


def _speaker_for(info: SpeakerInfo, summary: RecordingSummary) -> Speaker:
    """The one Speaker with this normalised name and kind, created on first sight.

    The savepoint lets a concurrent importer win the race on the unique constraint;
    we then use its row.
    """
    speaker = Speaker.objects.named(info.name, info.kind).first()
    if speaker is None:
        try:
            with transaction.atomic():
                speaker = Speaker.objects.create(
                    name=info.name,
                    kind=info.kind,
                    role=info.role[:300],
                    organization=info.organization[:300],
                )
                summary.speakers_added += 1
        except IntegrityError:
            speaker = Speaker.objects.named(info.name, info.kind).get()
    changed = False
    if not speaker.role and info.role:
        speaker.role, changed = info.role[:300], True
    if not speaker.organization and info.organization:
        speaker.organization, changed = info.organization[:300], True
    for mention in info.mentions:
        if mention.casefold() not in ("he", "she", "they", "it", "we", "i"):
            changed = speaker.add_alias(mention) or changed
    if changed:
        speaker.save()
    return speaker
